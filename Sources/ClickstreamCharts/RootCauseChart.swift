import ClickstreamAnalysis
import ClickstreamCore

/// The root-cause ranking (by evidence, best candidate on top) as bars of surprise (z),
/// the cause highlighted and the −3 guide drawn.
package enum RootCauseChart {
    package static func draw(_ candidates: [RootCauseCandidate]) -> Chart {
        let rowHeight = 22.0
        var frame = Frame()
        frame.left = 220
        frame.height = frame.top + frame.bottom + rowHeight * Double(max(candidates.count, 1))
        var svg = SVGWriter()
        let zs = candidates.compactMap(\.surprise)
        let low = min(-4, (zs.min() ?? 0) * 1.05), high = max(2, (zs.max() ?? 0) * 1.05)
        let x = LinearScale(domain: low...high, range: frame.plotX).nice()
        for tick in x.ticks(count: 6, label: { ChartLabel.fixed($0, decimals: 0) }) {
            svg.line(x(tick.value), frame.top, x(tick.value), frame.height - frame.bottom, "grid")
            svg.text(x(tick.value), frame.height - frame.bottom + 16, tick.label, "tick-label", anchor: "middle")
        }
        svg.line(x(RootCauseRanking.surpriseThreshold), frame.top, x(RootCauseRanking.surpriseThreshold), frame.height - frame.bottom, "guide")
        svg.line(x(0), frame.top, x(0), frame.height - frame.bottom, "axis")
        if candidates.isEmpty { svg.empty("No candidates", frame: frame) }
        for (index, candidate) in candidates.enumerated() {
            let top = frame.top + Double(index) * rowHeight
            svg.text(frame.left - 8, top + rowHeight / 2 + 4, DisplayName.short(candidate.pattern.displayName, limit: 28), "tick-label", anchor: "end")
            guard let z = candidate.surprise else { continue }
            let cls = candidate.isCause ? "bar-strong" : z <= RootCauseRanking.surpriseThreshold ? "bar-flagged" : "bar-neutral"
            svg.rect(min(x(0), x(z)), top + 4, abs(x(z) - x(0)), rowHeight - 8, cls)
            svg.text(z < 0 ? x(z) - 4 : x(z) + 4, top + rowHeight / 2 + 4, ChartLabel.signed(z), "value-label", anchor: z < 0 ? "end" : "start")
        }
        svg.text(frame.left, frame.height - 6, "surprise z of actual against expected transactions (guide at −3)", "axis-title")
        let table = ChartTable(headers: ["Candidate", "Shortfall", "Surprise z", "Evidence", "Log prior odds", "Cause"], rows: candidates.map {
            [$0.pattern.displayName, ChartLabel.fixed($0.shortfall, decimals: 1), $0.surprise.map { ChartLabel.fixed($0, decimals: 2) } ?? "–",
             ChartLabel.fixed($0.evidence, decimals: 1), ChartLabel.fixed($0.logPriorOdds, decimals: 1), $0.isCause ? "yes" : "no"]
        })
        let summary = candidates.first.map { "Top candidate \($0.pattern.displayName), z \(ChartLabel.fixed($0.surprise ?? 0, decimals: 1))." } ?? "No candidates."
        return Chart(id: "rootcause", title: "Root-cause candidates in ranking order (evidence and prior odds), and their surprise", summary: summary, width: frame.width,
                     height: frame.height, body: svg.text, table: table)
    }
}
