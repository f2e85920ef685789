import ClickstreamAnalysis
import ClickstreamCore

/// The scorecard as two line charts against the incident's fraction, one line per method:
/// recall (critical drop alert inside the incident) and the median detection day.
package enum ScorecardChart {
    package static func recall(_ result: ScorecardResult) -> Chart {
        draw(result, id: "scorecard-recall", title: "Recall against the size of the drop",
             summary: "Share of injected incidents with a critical drop alert inside the incident, per detector method and fraction of checkouts lost.",
             value: { $0.recall }, axis: ChartLabel.percent(step: 0.2), cell: { ChartLabel.percent($0, decimals: 1) }, ceiling: 1)
    }

    package static func detectionDay(_ result: ScorecardResult) -> Chart {
        draw(result, id: "scorecard-delay", title: "Median detection day against the size of the drop",
             summary: "Median day of the incident on which the first critical drop alert came, among detected incidents, per method and fraction.",
             value: { $0.medianDetectionDay }, axis: { ChartLabel.fixed($0, decimals: 0) }, cell: { ChartLabel.fixed($0, decimals: 1) }, ceiling: nil)
    }

    private static func draw(_ result: ScorecardResult, id: String, title: String, summary: String,
                             value: (RecallRow) -> Double?, axis: @escaping (Double) -> String,
                             cell: (Double) -> String, ceiling: Double?) -> Chart {
        var frame = Frame(height: 300)
        frame.top = 36
        var svg = SVGWriter()
        let methods = result.settings.methods, fractions = result.settings.fractions
        let values = result.recall.compactMap(value)
        let x = LinearScale(domain: (fractions.min() ?? 0)...(fractions.max() ?? 1), range: (frame.left + 16)...(frame.width - frame.right - 16))
        let y = LinearScale(domain: 0...(ceiling ?? max(values.max() ?? 1, 1)), range: frame.plotY, flipped: true).nice(count: 5)
        svg.yAxis(y, frame: frame, label: axis)
        svg.line(frame.left, frame.height - frame.bottom, frame.width - frame.right, frame.height - frame.bottom, "axis")
        for fraction in fractions {
            svg.text(x(fraction), frame.height - frame.bottom + 16, ChartLabel.percent(fraction, decimals: 0), "tick-label", anchor: "middle")
        }
        svg.text((frame.left + frame.width - frame.right) / 2, frame.height - 6, "checkouts lost", "tick-label", anchor: "middle")
        for (index, method) in methods.enumerated() {
            let rows = fractions.map { fraction in result.recall.first { $0.method == method && $0.fraction == fraction } }
            let points = rows.map { row in row.flatMap(value).map { (x(row!.fraction), y($0)) } }
            svg.path(points, "method-line method-\(index)")
            for case let (px, py)? in points { svg.circle(px, py, 3, "method-point method-\(index)") }
        }
        svg.legend(methods.enumerated().map { ("method-line method-\($0.offset)", $0.element.rawValue) }, frame: frame)
        let table = ChartTable(headers: ["Method"] + fractions.map { ChartLabel.percent($0, decimals: 0) },
                               rows: methods.map { method in
                                   [method.rawValue] + fractions.map { fraction in
                                       result.recall.first { $0.method == method && $0.fraction == fraction }.flatMap(value).map(cell) ?? "–"
                                   }
                               })
        return Chart(id: id, title: title, summary: summary, width: frame.width, height: frame.height, body: svg.text, table: table)
    }
}
