import CCmarkGFM
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Markdown in, HTML out, through cmark-gfm with the GFM table, strikethrough, autolink and
/// tasklist extensions. The only file that touches the C API: every allocation is freed
/// before returning, and safe mode stays on, so raw HTML in Markdown never reaches the page
/// (it becomes a comment) and `javascript:` links are neutralised.
///
/// cmark-gfm is not safe to use from several threads at once: attaching and freeing
/// extensions edits a process-wide table of special inline characters (`~` for
/// strikethrough, …), so one parser can switch another's extensions off mid-parse. Every
/// render therefore holds one lock.
public enum MarkdownRenderer {
    private static let lock = Mutex(())

    private static let extensionNames = ["table", "strikethrough", "autolink", "tasklist"]

    /// Registers the GFM extensions with cmark once per process.
    private static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// The HTML of a Markdown document.
    public static func html(_ markdown: String) -> String {
        lock.withLock { _ in render(markdown) }
    }

    private static func render(_ markdown: String) -> String {
        _ = registered
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_GITHUB_PRE_LANG
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        var text = markdown
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        guard let document = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(document) }
        guard let rendered = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser)) else {
            return ""
        }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
