import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore
import Foundation

/// Builds every file of the report site in memory: `index.html` (one notebook page with a
/// table of contents, every section linkable), `style.css`, `charts/*.svg` and
/// `results.json`. Nothing is written here (see `SiteWriter`).
public enum ReportSite {
    public static func build(_ input: ReportInput, templates: TemplateSet) throws(ClickstreamError) -> [String: Data] {
        var model = ReportModel(input: input)
        var sections: [PageLayout.Section] = []
        for section in ReportSection.allCases {
            let markdown = try templates.renderMarkdown(section.file, model.context(for: section))
            let html = insertCharts(MarkdownRenderer.html(markdown), charts: model.charts)
            sections.append(PageLayout.Section(id: section.id, title: templates.title(of: section.file), html: html))
        }
        var files: [String: Data] = [:]
        let layout = PageLayout(input, sections: sections)
        files["index.html"] = Data(try templates.renderHTML("layout.html", layout).utf8)
        // A page per segment, after the overview (their charts join the same shelf).
        let segmentBody = try templates.parsed("segment.md", markdown: true)
        let segmentLayout = try templates.parsed("segment.html", markdown: false)
        for pattern in model.pages.patterns {
            let firstOwn = model.charts.count
            guard let context = model.segmentPage(pattern) else { continue }
            let markdown = segmentBody.render(context.page)
            let own = Array(model.charts[firstOwn...])
            let html = insertCharts(MarkdownRenderer.html(markdown), charts: own, base: "../")
            let page = SegmentLayout(layout, title: context.title, html: html)
            files["segments/\(context.slug).html"] = Data(segmentLayout.render(page).utf8)
        }
        let stylesheet = templates.text("style.css")
        for chart in model.charts where !chart.inlineOnly {
            files["charts/\(chart.id).svg"] = Data(chart.svg(standalone: true, stylesheet: stylesheet).utf8)
        }
        let r = input.results
        files["style.css"] = Data(stylesheet.utf8)
        files["results.json"] = try Analyzer.json(r)
        if let scorecard = input.scorecard { files["scorecard.json"] = try StableJSON.data(scorecard.summary) }
        return files
    }

    /// Replaces each chart marker (alone in its paragraph, or anywhere) by the chart's
    /// figure; any marker left (an unknown id) is dropped.
    /// - Parameter base: the path from the page to the site's root (`../` on a segment page).
    static func insertCharts(_ html: String, charts: [Chart], base: String = "") -> String {
        var byID: [String: Chart] = [:]
        for chart in charts where byID[chart.id] == nil { byID[chart.id] = chart }
        let bytes = Array(html.utf8)
        let marker = Array(String(MarkdownContentType.marker).utf8)
        let prefix = Array("chart:".utf8), open = Array("<p>".utf8), close = Array("</p>".utf8)
        func matches(_ pattern: [UInt8], at index: Int) -> Bool {
            index >= 0 && index + pattern.count <= bytes.count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
        }
        // One pass over the bytes (Foundation's string search was most of a report's time).
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        var i = 0
        while i < bytes.count {
            guard matches(marker, at: i) else {
                out.append(bytes[i])
                i += 1
                continue
            }
            let start = i + marker.count
            var end = start
            while end < bytes.count && !matches(marker, at: end) { end += 1 }
            if end < bytes.count, matches(prefix, at: start),
               let chart = byID[String(decoding: bytes[(start + prefix.count)..<end], as: UTF8.self)] {
                var after = end + marker.count
                if chart.inlineOnly {
                    out += chart.svg(standalone: false).utf8
                    i = after
                    continue
                }
                // A chart alone in its paragraph replaces the paragraph.
                if out.count >= open.count, out[(out.count - open.count)...].elementsEqual(open), matches(close, at: after) {
                    out.removeLast(open.count)
                    after += close.count
                }
                out += figure(chart, base: base).utf8
                i = after
            } else {
                i = start  // a stray marker is dropped; the text after it stays
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A chart: its caption (with a link to the standalone SVG), the chart inline in a box
    /// that scrolls sideways on a narrow screen (opening on the latest days of a timeline),
    /// and its numbers (the caption comes first: HTML allows it only first or last in a figure).
    static func figure(_ chart: Chart, base: String = "") -> String {
        let e = SVGWriter.escape
        let size = chart.width < 500 ? " small" : ""
        var out = "<figure class=\"chart-figure\(size)\" id=\"fig-\(e(chart.id))\">\n"
        out += "<figcaption>\(e(chart.title)) · <a href=\"\(base)charts/\(e(chart.id)).svg\">SVG</a>"
        if let page = chart.page, !page.isEmpty { out += " · <a href=\"\(base)\(e(page))\">segment page</a>" }
        out += "</figcaption>\n"
        out += "<div class=\"chart-scroll\(chart.isTimeline ? " latest" : "")\">\n" + chart.svg(standalone: false) + "</div>\n"
        out += "<details><summary>Numbers behind the chart</summary>\n<table>\n<thead><tr>"
        out += chart.table.headers.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in chart.table.rows { out += "<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>\n" }
        out += "</tbody>\n</table>\n</details>\n</figure>\n"
        return out
    }
}
