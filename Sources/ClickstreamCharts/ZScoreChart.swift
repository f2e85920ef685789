import ClickstreamAnalysis
import ClickstreamCore

/// Diverging bars of z per value of one dimension, with the ±1σ guides (SPEC 6).
package enum ZScoreChart {
    package static func draw(id: String, title: String, values: [DimensionValue]) -> Chart {
        let rowHeight = 24.0
        var frame = Frame()
        frame.left = 150
        frame.height = frame.top + frame.bottom + rowHeight * Double(max(values.count, 1))
        var svg = SVGWriter()
        let zs = values.compactMap(\.transactions.z)
        let reach = max(3.5, (zs.map(abs).max() ?? 0) * 1.1)
        let x = LinearScale(domain: -reach...reach, range: frame.plotX).nice()
        for tick in x.ticks(count: 6, label: { ChartLabel.fixed($0, decimals: 0) }) {
            svg.line(x(tick.value), frame.top, x(tick.value), frame.height - frame.bottom, "grid")
            svg.text(x(tick.value), frame.height - frame.bottom + 16, tick.label, "tick-label", anchor: "middle")
        }
        for guide in [-1.0, 1.0] { svg.line(x(guide), frame.top, x(guide), frame.height - frame.bottom, "guide") }
        svg.line(x(0), frame.top, x(0), frame.height - frame.bottom, "axis")
        if values.isEmpty { svg.empty("No values", frame: frame) }
        for (index, value) in values.enumerated() {
            let top = frame.top + Double(index) * rowHeight
            svg.text(frame.left - 8, top + rowHeight / 2 + 4, DisplayName.short(DisplayName.value(value.value), limit: 24), "tick-label", anchor: "end")
            guard let z = value.transactions.z else {
                svg.text(x(0) + 6, top + rowHeight / 2 + 4, "z undefined", "note")
                continue
            }
            let cls = z < -3 ? "bar-strong" : z < -1 ? "bar-flagged" : "bar-neutral"
            svg.rect(min(x(0), x(z)), top + 4, abs(x(z) - x(0)), rowHeight - 8, cls)
            svg.text(z < 0 ? x(z) - 4 : x(z) + 4, top + rowHeight / 2 + 4, ChartLabel.signed(z), "value-label", anchor: z < 0 ? "end" : "start")
        }
        svg.text(frame.left, frame.height - 6, "z of transactions/day, recent against normal (guides at ±1)", "axis-title")
        let table = ChartTable(headers: ["Value", "Normal mean", "Normal std", "Recent mean", "z"], rows: values.map {
            [DisplayName.value($0.value), $0.transactions.normalMean.map { ChartLabel.fixed($0, decimals: 2) } ?? "–",
             $0.transactions.normalStd.map { ChartLabel.fixed($0, decimals: 2) } ?? "–",
             $0.transactions.recentMean.map { ChartLabel.fixed($0, decimals: 2) } ?? "–",
             $0.transactions.z.map { ChartLabel.fixed($0, decimals: 2) } ?? "–"]
        })
        let lowest = values.filter { $0.transactions.z != nil }.min { ($0.transactions.z ?? 0) < ($1.transactions.z ?? 0) }
        let summary = lowest.map { "Lowest z: \(DisplayName.value($0.value)) at \(ChartLabel.fixed($0.transactions.z ?? 0, decimals: 2))." } ?? "No value has a defined z."
        return Chart(id: id, title: title, summary: summary, width: frame.width, height: frame.height, body: svg.text, table: table)
    }
}
