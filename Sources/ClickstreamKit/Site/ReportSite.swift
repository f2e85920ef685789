import Foundation

/// Builds every file of the report site in memory: `index.html` (one notebook page with a
/// table of contents, every section linkable), `style.css`, `charts/*.svg` and
/// `results.json`. Nothing is written here (see `SiteWriter`).
public enum ReportSite {
    public static func build(_ input: ReportInput, templates: TemplateSet) throws(ClickstreamError) -> [String: Data] {
        var model = ReportModel(input: input)
        var sections: [[String: Any]] = []
        for (file, id) in TemplateSet.sections {
            let context = model.section(file)
            let markdown = try templates.renderMarkdown(file, context)
            let html = insertCharts(MarkdownRenderer.html(markdown), charts: model.charts)
            sections.append(["id": id, "title": templates.title(of: file), "html": html])
        }
        let stylesheet = templates.text("style.css")
        var files: [String: Data] = [:]
        for chart in model.charts {
            files["charts/\(chart.id).svg"] = Data(chart.svg(standalone: true, stylesheet: stylesheet).utf8)
        }
        let r = input.results
        let settings = r.settings
        let layout: [String: Any] = [
            "title": r.detector.map { "Conversion report: \($0.segment)" } ?? "Conversion report",
            "sections": sections, "toolVersion": r.toolVersion, "generatedOn": input.generatedOn,
            "inputs": input.inputs.map { ["path": $0.path, "size": Format.bytes($0.bytes), "hash": $0.hash] },
            "rowsRead": Format.thousands(r.dataset.rowsRead), "rejectedRows": Format.thousands(r.dataset.rejectedRows),
            "parameters": "R=\(settings.recentDays) W=\(settings.baselineWeeks) k=\(Format.fixed(settings.threshold, decimals: 2)) "
                + "C=\(settings.criticalStreak) detector=\(settings.detector.rawValue) sigmaFloor=\(settings.sigmaFloor.rawValue) "
                + "minTransactionsPerDay=\(Format.fixed(settings.minTransactionsPerDay, decimals: 2)) "
                + "minViewsPerDay=\(Format.fixed(settings.minViewsPerDay, decimals: 2)) "
                + "minValidationTransactionsPerDay=\(Format.fixed(settings.minValidationTransactionsPerDay, decimals: 2)) "
                + "M=\(settings.manualDetectionDays) detectorSegment=\(settings.detectorSegment?.slashSeparated ?? "drill-path") "
                + "incidentStart=\(settings.incidentStart?.description ?? "none")",
        ]
        files["index.html"] = Data(try templates.renderHTML("layout.html", layout).utf8)
        files["style.css"] = Data(stylesheet.utf8)
        files["results.json"] = try Analyzer.json(r)
        if let scorecard = input.scorecard { files["scorecard.json"] = try StableJSON.data(scorecard.summary) }
        return files
    }

    /// Replaces each chart marker (alone in its paragraph, or anywhere) by the chart's
    /// figure; any marker left (an unknown id) is dropped.
    static func insertCharts(_ html: String, charts: [Chart]) -> String {
        var html = html
        for chart in charts {
            let marker = MarkdownContentType.chartMarker(chart.id)
            guard html.contains(marker) else { continue }
            let figure = self.figure(chart)
            html = html.replacingOccurrences(of: "<p>\(marker)</p>", with: figure)
            html = html.replacingOccurrences(of: marker, with: figure)
        }
        return html.replacingOccurrences(of: String(MarkdownContentType.marker), with: "")
    }

    /// A chart: its caption (with a link to the standalone SVG), the chart inline, and its
    /// numbers (the caption comes first: HTML allows it only first or last in a figure).
    static func figure(_ chart: Chart) -> String {
        let e = SVGWriter.escape
        let size = chart.width < 500 ? " small" : ""
        var out = "<figure class=\"chart-figure\(size)\" id=\"fig-\(e(chart.id))\">\n"
        out += "<figcaption>\(e(chart.title)) · <a href=\"charts/\(e(chart.id)).svg\">SVG</a></figcaption>\n"
        out += chart.svg(standalone: false)
        out += "<details><summary>Numbers behind the chart</summary>\n<table>\n<thead><tr>"
        out += chart.table.headers.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in chart.table.rows { out += "<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>\n" }
        out += "</tbody>\n</table>\n</details>\n</figure>\n"
        return out
    }
}
