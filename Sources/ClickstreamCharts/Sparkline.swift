import ClickstreamCore

/// A segment's daily conversion as a word-sized line for the overview of segments: no axes,
/// the recent period drawn in the alert colour, days without views left as gaps. Inline
/// only (no file of its own, no figure).
package enum Sparkline {
    package static func draw(id: String, name: String, conversion: [Double?], recentFrom: Int) -> Chart {
        let width = 120.0, height = 24.0, pad = 2.0
        let top = max(conversion.compactMap { $0 }.max() ?? 0, 1e-9)
        let step = conversion.count > 1 ? (width - 2 * pad) / Double(conversion.count - 1) : 0
        func point(_ index: Int, _ value: Double) -> String {
            SVGWriter.number(pad + Double(index) * step) + "," + SVGWriter.number(height - pad - value / top * (height - 2 * pad))
        }
        var svg = SVGWriter()
        // One polyline per run of days with views, split where the recent period begins.
        var run: [String] = [], runIsRecent = false
        func flush() {
            if run.count > 1 { svg.element("polyline", [("points", run.joined(separator: " ")), ("class", runIsRecent ? "spark-recent" : "spark-line")]) }
            run = []
        }
        for (index, value) in conversion.enumerated() {
            let recent = index >= recentFrom
            if recent != runIsRecent {
                let last = run.last
                flush()
                runIsRecent = recent
                if let last, value != nil { run.append(last) }  // the line stays joined across the border
            }
            if let value { run.append(point(index, value)) } else { flush() }
        }
        flush()
        let shown = conversion.compactMap { $0 }
        let summary = "Daily conversion of \(name) over \(conversion.count) days, "
            + "from \(ChartLabel.percent(shown.first ?? 0, decimals: 2)) to \(ChartLabel.percent(shown.last ?? 0, decimals: 2))."
        return Chart(id: id, title: "Daily conversion of \(name)", summary: summary, width: width, height: height, body: svg.text,
                     table: ChartTable(headers: [], rows: []), inlineOnly: true)
    }
}
