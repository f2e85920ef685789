import ClickstreamAnalysis
import ClickstreamCore

/// The detector timeline (SPEC 8): daily conversion rate, baseline median, ±kσ band,
/// markers coloured by status, critical periods shaded and the first alert annotated.
/// Also drawn small, several on one shared y scale, for the validation.
package enum DetectorChart {
    package static func draw(id: String, title: String, run: DetectorRun, frame: Frame = Frame(height: 300),
                     yDomain: ClosedRange<Double>? = nil, compact: Bool = false, method: DetectorMethod = .spec) -> Chart {
        var svg = SVGWriter()
        let days = run.days
        let table = ChartTable(headers: ["Date", "Views", "Transactions", "Rate", "Baseline", "σ", "Deviation", "Status"], rows: days.map {
            [$0.date.description, Format.thousands($0.views), Format.thousands($0.transactions),
             $0.conversionRate.map { ChartLabel.percent($0, decimals: 2) } ?? "–",
             $0.baselineMedian.map { ChartLabel.percent($0, decimals: 2) } ?? "–",
             $0.sigma.map { ChartLabel.percent($0, decimals: 3) } ?? "–",
             $0.deviation.map { ChartLabel.fixed($0, decimals: 2) } ?? ($0.isAnomalous && $0.status != .missing ? "∞" : "–"), $0.status.rawValue]
        })
        guard let first = days.first?.date, let last = days.last?.date else {
            svg.empty("No data", frame: frame)
            return Chart(id: id, title: title, summary: "No data.", width: frame.width, height: frame.height, body: svg.text, table: table)
        }
        let x = DayScale(first: first, last: last, range: frame.plotX)
        let y = LinearScale(domain: yDomain ?? domain(of: [run]), range: frame.plotY, flipped: true)
        for period in run.criticalPeriods {
            svg.rect(x.start(period.first), frame.top, x.start(period.last) + x.slot - x.start(period.first),
                     frame.height - frame.top - frame.bottom, period.direction == .drop ? "critical-shade" : "spike-shade")
        }
        svg.yAxis(y, frame: frame, labels: ChartLabel.percent(step:))
        svg.band(days.map { day in
            guard let low = day.bandLower, let high = day.bandUpper else { return nil }
            return (x(day.date), y(max(low, 0)), y(high))
        }, "band")
        svg.path(days.map { day in day.baselineMedian.map { (x(day.date), y($0)) } }, "median-line")
        svg.path(days.map { day in day.conversionRate.map { (x(day.date), y($0)) } }, "series-line")
        for day in days where day.status == .missing {
            // No views, so no rate: a hollow marker on the axis says the segment went missing.
            svg.circle(x(day.date), y(0), compact ? 2.2 : 3.4, "marker status-missing",
                       title: compact ? nil : "\(day.date): no views, MISSING")
        }
        for day in days {
            guard let rate = day.conversionRate else { continue }
            let cls = "marker status-" + day.status.rawValue.lowercased().replacingOccurrences(of: "_", with: "-")
            svg.circle(x(day.date), y(rate), compact ? 1.8 : 2.8, cls,
                       title: compact ? nil : "\(day.date): \(ChartLabel.percent(rate, decimals: 2)), \(day.status.rawValue)")
        }
        if let alert = run.firstCriticalAlert, let rate = days.first(where: { $0.date == alert })?.conversionRate {
            svg.line(x(alert), y(rate) + 6, x(alert), frame.top + 24, "annotation-line")
            svg.text(x(alert) - 4, frame.top + 20, compact ? "alert \(DayScale.label(alert))" : "first alert \(alert)", "annotation", anchor: "end")
        }
        svg.xAxis(x, frame: frame)
        if !compact {
            var legend = [("series-line", "conversion"), ("median-line", "baseline \(method.centreName)"), ("band", "±kσ"),
                          ("critical-shade", "critical period")]
            if days.contains(where: { $0.status == .missing }) { legend.append(("marker status-missing", "missing: no views")) }
            svg.legend(legend, frame: frame)
        }
        let anomalous = days.filter(\.isAnomalous).count
        let summary = "Daily conversion of \(run.segment.displayName) from \(first) to \(last): \(anomalous) anomalous days, "
            + "\(run.criticalPeriods.count) critical periods" + (run.firstCriticalAlert.map { ", first critical alert \($0)." } ?? ".")
        var chart = Chart(id: id, title: title, summary: summary, width: frame.width, height: frame.height, body: svg.text, table: table)
        chart.isTimeline = true
        return chart
    }

    /// One y domain for several runs: 0 to the highest rate or band edge, padded.
    static func domain(of runs: [DetectorRun]) -> ClosedRange<Double> {
        let highs = runs.flatMap { $0.days.flatMap { [$0.conversionRate, $0.bandUpper].compactMap { $0 } } }
        return 0...max((highs.max() ?? 0) * 1.05, 0.001)
    }

    /// Small multiples of the validation, sharing one y scale.
    package static func smallMultiples(_ runs: [DetectorRun]) -> [Chart] {
        let shared = domain(of: runs)
        let frame = Frame(width: 360, height: 170, left: 48, right: 8, top: 22, bottom: 26)
        return runs.enumerated().map { index, run in
            draw(id: "validation-\(index + 1)", title: run.segment.displayName, run: run, frame: frame, yDomain: shared, compact: true)
        }
    }
}
