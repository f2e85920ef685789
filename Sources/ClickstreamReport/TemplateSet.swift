import ClickstreamCore
import ClickstreamTemplates
import Foundation
import Mustache

/// The report's templates: the defaults compiled into the binary, or a restyled copy in a
/// folder (`--templates DIR`; a file missing there falls back to the default).
public struct TemplateSet: Sendable {

    let texts: [String: String]

    /// The embedded defaults.
    public static var defaults: TemplateSet { TemplateSet(texts: DefaultTemplates.files) }

    /// Templates from `directory`, defaults for files it lacks.
    public static func load(directory: String) throws(ClickstreamError) -> TemplateSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ClickstreamError(stage: "report", path: directory, message: "templates folder not found")
        }
        var texts = DefaultTemplates.files
        for name in texts.keys {
            if let data = FileManager.default.contents(atPath: directory + "/" + name) {
                texts[name] = String(decoding: data, as: UTF8.self)
            }
        }
        return TemplateSet(texts: texts)
    }

    func text(_ name: String) -> String { texts[name] ?? "" }

    /// Renders a Markdown section template: `{{value}}` is escaped for Markdown.
    func renderMarkdown(_ name: String, _ context: SectionContext) throws(ClickstreamError) -> String {
        try parsed(name, markdown: true).render(context)
    }

    /// Renders the HTML layout: `{{value}}` is escaped for HTML.
    func renderHTML(_ name: String, _ context: some Encodable) throws(ClickstreamError) -> String {
        try parsed(name, markdown: false).render(context)
    }

    /// A template parsed once, to render many pages with (the segment pages).
    struct Parsed {
        let name: String
        let template: MustacheTemplate

        func render(_ context: Any) -> String { template.render(context) }
    }

    /// `name` parsed: a Markdown template escapes `{{value}}` for Markdown, else for HTML.
    func parsed(_ name: String, markdown: Bool) throws(ClickstreamError) -> Parsed {
        var pragma = ""
        if markdown {
            _ = MarkdownContentType.registered
            pragma = "{{% CONTENT_TYPE: \(MarkdownContentType.name)}}\n"
        }
        do {
            return Parsed(name: name, template: try MustacheTemplate(string: pragma + text(name)))
        } catch {
            throw ClickstreamError(stage: "report", path: name, message: "template does not parse: \(error)")
        }
    }

    /// The section's title: its first `## ` heading, else the file name.
    func title(of name: String) -> String {
        for line in text(name).split(separator: "\n") where line.hasPrefix("## ") {
            return String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
        }
        return name
    }
}
