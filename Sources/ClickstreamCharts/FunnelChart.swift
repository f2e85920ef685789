import ClickstreamAnalysis
import ClickstreamCore

/// Funnel bars, normal against recent, one panel per step on its own scale (SPEC 7).
package enum FunnelChart {
    package static func draw(funnel: Funnel, id: String = "funnel") -> Chart {
        let frame = Frame(height: 240)
        var svg = SVGWriter()
        let steps: [(String, Double?, Double?)] = [
            ("views/day", funnel.normal.viewsPerDay, funnel.recent.viewsPerDay),
            ("add-to-carts/day", funnel.normal.addtocartPerDay, funnel.recent.addtocartPerDay),
            ("transactions/day", funnel.normal.transactionsPerDay, funnel.recent.transactionsPerDay),
        ]
        let panels = BandScale(count: steps.count, range: frame.left...(frame.width - frame.right), padding: 0.15)
        for (index, (name, normal, recent)) in steps.enumerated() {
            let x0 = panels.start(index)
            let high = max(normal ?? 0, recent ?? 0, 1)
            let y = LinearScale(domain: 0...high, range: frame.plotY, flipped: true).nice(count: 4)
            let bars = BandScale(count: 2, range: x0...(x0 + panels.bandwidth), padding: 0.3)
            svg.line(x0, frame.height - frame.bottom, x0 + panels.bandwidth, frame.height - frame.bottom, "axis")
            for (slot, value, cls) in [(0, normal, "bar-normal"), (1, recent, "bar-recent")] {
                guard let value else { continue }
                svg.rect(bars.start(slot), y(value), bars.bandwidth, y(0) - y(value), cls)
                svg.text(bars.start(slot) + bars.bandwidth / 2, y(value) - 4, ChartLabel.count(value), "value-label", anchor: "middle")
            }
            svg.text(x0 + panels.bandwidth / 2, frame.height - frame.bottom + 16, name, "tick-label", anchor: "middle")
        }
        svg.legend([("bar-normal", "normal"), ("bar-recent", "recent")], frame: frame)
        func cell(_ value: Double?) -> String { value.map { ChartLabel.fixed($0, decimals: 1) } ?? "–" }
        func change(_ value: Double?) -> String { value.map { (($0 > 0) ? "+" : "") + ChartLabel.percent($0, decimals: 0) } ?? "–" }
        let table = ChartTable(headers: ["Step", "Normal", "Recent", "Change"], rows: [
            ["views/day", cell(funnel.normal.viewsPerDay), cell(funnel.recent.viewsPerDay), change(funnel.changes.viewsPerDay)],
            ["add-to-carts/day", cell(funnel.normal.addtocartPerDay), cell(funnel.recent.addtocartPerDay), change(funnel.changes.addtocartPerDay)],
            ["transactions/day", cell(funnel.normal.transactionsPerDay), cell(funnel.recent.transactionsPerDay), change(funnel.changes.transactionsPerDay)],
        ])
        return Chart(id: id, title: "Funnel of \(funnel.segment.displayName), normal against recent",
                     summary: "Views, add-to-carts and transactions per day of \(funnel.segment.displayName) in each period.",
                     width: frame.width, height: frame.height, body: svg.text, table: table)
    }
}
