import Mustache

/// How data reaches Markdown: every `{{value}}` in a template is escaped here, so a value
/// is always text, never Markdown syntax, HTML or a chart marker.
///
/// All ASCII punctuation gets a backslash (CommonMark renders `\<` as `&lt;`, `\|` as a
/// literal bar inside a table cell), and the private-use character that frames chart
/// markers is removed, so data can never produce one.
struct MarkdownContentType: MustacheContentType {
    static let name = "MARKDOWN"
    /// Frames `⟨marker⟩chart:id⟨marker⟩` placeholders that the page builder replaces.
    static let marker: Character = "\u{E000}"

    func escapeText(_ text: String) -> String { Self.escape(text) }

    /// ASCII punctuation: every character CommonMark lets a backslash escape.
    static let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if scalar == "\u{E000}" || scalar.value < 0x20 || scalar.value == 0x7F { continue }
            if Self.punctuation.contains(scalar) { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Registers the content type with the template engine once per process.
    static let registered: Bool = {
        MustacheContentTypes.register(MarkdownContentType(), named: name)
        return true
    }()

    /// The placeholder a template writes (with `{{{chart_…}}}`) where a chart goes.
    static func chartMarker(_ id: String) -> String { "\(marker)chart:\(id)\(marker)" }
}
