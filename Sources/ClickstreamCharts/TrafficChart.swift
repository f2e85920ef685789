import ClickstreamAnalysis
import ClickstreamCore

/// Daily events with the normal mean, the ±1σ band and the recent period shaded (SPEC 5).
package enum TrafficChart {
    package static func draw(days: [Day], events: [Int], comparison: PeriodComparison, periods: Periods) -> Chart {
        let frame = Frame()
        var svg = SVGWriter()
        let table = ChartTable(headers: ["Date", "Events", "Period"],
                               rows: zip(days, events).map { [$0.description, Format.thousands($1), periods.recent.contains($0) ? "recent" : "normal"] })
        guard let first = days.first, let last = days.last else {
            svg.empty("No data", frame: frame)
            return Chart(id: "traffic", title: "Daily events", summary: "No data.", width: frame.width, height: frame.height,
                         body: svg.text, table: table)
        }
        let x = DayScale(first: first, last: last, range: frame.plotX)
        var high = Double(events.max() ?? 0)
        if let range = comparison.normalRange { high = max(high, range.upperBound) }
        let y = LinearScale(domain: 0...max(high, 1), range: frame.plotY, flipped: true).nice()
        svg.rect(x.start(periods.recent.first), frame.top, x.start(last) + x.slot - x.start(periods.recent.first),
                 frame.height - frame.top - frame.bottom, "recent-shade")
        svg.yAxis(y, frame: frame, label: ChartLabel.count)
        if let normal = periods.normal, let range = comparison.normalRange, let mean = comparison.normalMean {
            let x0 = x.start(first), x1 = x.start(last) + x.slot
            svg.rect(x0, y(range.upperBound), x1 - x0, y(max(range.lowerBound, y.domain.lowerBound)) - y(range.upperBound), "band")
            svg.line(x0, y(mean), x.start(normal.last) + x.slot, y(mean), "mean-line")
        }
        if let recentMean = comparison.recentMean {
            svg.line(x.start(periods.recent.first), y(recentMean), x.start(last) + x.slot, y(recentMean), "recent-mean-line")
        }
        svg.path(zip(days, events).map { (x($0), y(Double($1))) }, "series-line")
        if days.count == 1 { svg.circle(x(first), y(Double(events[0])), 3, "series-point") }
        svg.xAxis(x, frame: frame)
        svg.legend([("series-line", "events/day"), ("mean-line", "normal mean"), ("band", "±1σ"), ("recent-shade", "recent period")], frame: frame)
        let summary = comparison.z.map {
            "Events per day from \(first) to \(last). Recent mean \(ChartLabel.count(comparison.recentMean ?? 0)) against a normal mean of \(ChartLabel.count(comparison.normalMean ?? 0)), z = \(ChartLabel.fixed($0, decimals: 2))."
        } ?? "Events per day from \(first) to \(last)."
        var chart = Chart(id: "traffic", title: "Daily events, normal against recent", summary: summary, width: frame.width,
                          height: frame.height, body: svg.text, table: table)
        chart.isTimeline = true
        return chart
    }
}
