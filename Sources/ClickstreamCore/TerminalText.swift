/// Text for a terminal: control characters (C0 but the line break and tab, DEL, C1) and
/// the bidirectional overrides are shown as `\u{…}` escapes, so a file name or a value
/// from the data cannot move the cursor, recolour or hide text, or reverse a line.
public enum TerminalText {
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: scalar.isBidiFormatting
        }
    }
}

extension Unicode.Scalar {
    /// A character that steers the bidirectional algorithm (marks, embeddings, overrides,
    /// isolates): text from the data must never carry one into a terminal or a page.
    package var isBidiFormatting: Bool {
        switch value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }
}
