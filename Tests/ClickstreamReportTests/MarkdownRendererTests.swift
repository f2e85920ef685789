@testable import ClickstreamReport
import Foundation
import Testing

struct MarkdownRendererTests {
    @Test func rendersGFMTablesStrikethroughAutolinksAndTasklists() {
        let html = MarkdownRenderer.html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ www.example.com\n\n- [x] done\n")
        #expect(html.contains("<table>") && html.contains("<td>1</td>"))
        #expect(html.contains("<del>gone</del>"))
        #expect(html.contains("<a href=\"http://www.example.com\">"))
        #expect(html.contains("checkbox"))
    }

    @Test func safeModeDropsRawHTMLAndJavascriptLinks() {
        let html = MarkdownRenderer.html("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("onerror"))
        #expect(!html.contains("javascript:"))
    }

    /// Escaped data stays text in Markdown: no tags, no table breaks, no emphasis.
    @Test func escapedDataIsText() {
        for hostile in ["<script>alert(1)</script>", "Fire\"fox & <b>", "a|b", "*x* _y_ `z`", "[l](http://e)", "# h", "\\"] {
            let html = MarkdownRenderer.html("| v |\n|---|\n| \(MarkdownContentType.escape(hostile)) |\n")
            #expect(!html.contains("<script") && !html.contains("<b>") && !html.contains("<em>") && !html.contains("<a "), "\(hostile)")
            #expect(html.contains("<td>"), "\(hostile)")
            #expect(html.components(separatedBy: "<td>").count == 2, "one cell for \(hostile)")
        }
        #expect(MarkdownContentType.escape("a\u{E000}chart:x\u{E000}") == "achart\\:x")
    }

    /// Every C allocation is freed: rendering many documents does not grow the process.
    /// Other tests run at the same time and move the resident size too, but only in some
    /// rounds; a leak grows it in every round, so the smallest growth of six is judged.
    @Test func repeatedUseDoesNotLeak() {
        let document = String(repeating: "| a | b |\n|---|---|\n| 1 | 2 |\n\n**text** ~~s~~\n\n", count: 50)
        let growth = (0..<6).map { _ in
            let before = residentKilobytes()
            for _ in 0..<1000 { _ = MarkdownRenderer.html(document) }
            return residentKilobytes() - before
        }
        #expect(growth.min()! < 5_000, "grew by \(growth) KB")
    }

    func residentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}

