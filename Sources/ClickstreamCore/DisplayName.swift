/// A value from the data as a page shows it: never able to reorder, hide or break the text
/// around it.
///
/// Controls, bidirectional formatting characters and noncharacters become U+FFFD (visible);
/// a value with nothing visible (empty, white space, zero-width characters) becomes `⟨blank⟩`; a value with characters of
/// a right-to-left script (or any beyond Latin, Greek and Cyrillic) is wrapped in FIRST
/// STRONG ISOLATE … POP DIRECTIONAL ISOLATE, so it keeps its own direction and leaves the
/// sentence's alone (the plain-text equivalent of `<bdi>`, which also works in SVG and
/// inside Markdown). The report escapes the result for where it lands, as any text.
public enum DisplayName {
    /// Shown for a value that is empty or white space only.
    public static let blank = "⟨blank⟩"
    static let isolateStart: Unicode.Scalar = "\u{2068}", isolateEnd: Unicode.Scalar = "\u{2069}"

    /// One value, cleaned and isolated.
    public static func value(_ text: String) -> String {
        // Nothing visible: white space and invisible characters (zero-width space, BOM …) only.
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0.properties.isDefaultIgnorableCodePoint }) {
            return blank
        }
        var out = String.UnicodeScalarView()
        var isolate = false
        for scalar in text.unicodeScalars {
            if let replacement = replaced(scalar) {
                out.append(replacement)
            } else {
                out.append(scalar)
                if scalar.value >= 0x0590 { isolate = true }
            }
        }
        if isolate {
            out.insert(isolateStart, at: out.startIndex)
            out.append(isolateEnd)
        }
        return String(out)
    }

    /// Dimension values, most specific first (`Safari · iOS · Mobile`), nil as `*`.
    public static func joined(_ values: [String?]) -> String {
        values.reversed().map { $0.map(value) ?? "*" }.joined(separator: " · ")
    }

    /// `text` cut to `limit` characters with an ellipsis, keeping an isolate closed.
    public static func short(_ text: String, limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        var cut = String(text.prefix(limit - 1))
        // Close every isolate the cut left open.
        var open = 0
        for scalar in cut.unicodeScalars {
            if scalar == isolateStart { open += 1 } else if scalar == isolateEnd, open > 0 { open -= 1 }
        }
        cut += "…" + String(repeating: String(isolateEnd), count: open)
        return cut
    }

    /// What replaces `scalar` on a page, or nil when it stays.
    static func replaced(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        if scalar.isBidiFormatting { return "\u{FFFD}" }
        return switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: "\u{FFFD}"  // controls
        case 0xFDD0...0xFDEF: "\u{FFFD}"  // noncharacters
        case let v where v & 0xFFFE == 0xFFFE: "\u{FFFD}"  // U+xFFFE, U+xFFFF
        case 0xE000: "\u{FFFD}"  // the report's chart marker
        default: nil
        }
    }
}
