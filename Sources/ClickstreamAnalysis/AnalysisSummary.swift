import ClickstreamCore

/// The short human summary `clickstream analyze` prints: one line per stage, with its numbers.
public struct AnalysisSummary: Sendable {
    public let results: AnalysisResults

    public init(_ results: AnalysisResults) { self.results = results }

    public var text: String {
        let r = results
        var lines: [String] = []
        let d = r.dataset
        guard let first = d.firstDay, let last = d.lastDay, let periods = r.periods else {
            return "no data: the input holds no valid rows (\(Format.thousands(d.rejectedRows)) rejected)"
                + (r.verdict.map { "\nverdict: \($0.summaryLine)" } ?? "")
        }
        lines.append("data: \(Format.thousands(d.events)) events, \(first) to \(last) (\(d.days) days), "
            + "\(Format.thousands(d.rejectedRows)) rejected rows")
        let normal = periods.normal.map { "\($0.first) to \($0.last) (\($0.days) days)" } ?? "none (too few days)"
        lines.append("periods: normal \(normal), recent \(periods.recent.first) to \(periods.recent.last) (\(periods.recent.days) days)")
        if let traffic = r.traffic {
            let e = traffic.events
            let needed = r.settings.recentDays + 2
            let verdict = traffic.withinNormalVariance.map { $0 ? "within normal variance" : "outside normal variance" }
                ?? "undefined: it needs at least \(needed) days (\(r.settings.recentDays) recent and 2 normal), the data has \(d.days)"
            lines.append("traffic: \(number(e.normalMean)) → \(number(e.recentMean)) events/day, z \(signed(e.z)): \(verdict)")
        }
        if let top = RootCauseRanking.headline(of: r.rootCause) {
            let verdict = top.isCause ? "cause" : "no single cause stands out; top candidate"
            lines.append("root cause: \(verdict) \(top.pattern), shortfall \(Format.thousands(Int(top.shortfall.rounded()))) transactions"
                + (top.shareExplained.map { " (\(Format.percent($0, decimals: 0)) of the total)" } ?? "")
                + (top.surprise.map { ", z \(Format.fixed($0, decimals: 1))" } ?? ""))
        }
        if let drill = r.drilldown {
            let steps = drill.path.map { "\($0.value) (z \(signed($0.z)))" }.joined(separator: " → ")
            let end = drill.segment.map { "\($0)" } ?? "no segment qualifies"
            lines.append("drill path: \(steps.isEmpty ? "none" : steps) ⇒ \(end)\(drill.pathComplete ? "" : " (lowest full segment)")")
        }
        if let funnel = r.funnel {
            let c = funnel.changes
            lines.append("funnel \(funnel.segment): views/day \(change(c.viewsPerDay)), addtocart/day \(change(c.addtocartPerDay)), "
                + "transactions/day \(change(c.transactionsPerDay)), conversion \(rate(funnel.normal.conversionRate)) → "
                + "\(rate(funnel.recent.conversionRate)) (\(change(c.conversionRate)))")
        }
        if let detector = r.detector {
            let drops = detector.criticalPeriods.filter { $0.direction == .drop }.count
            var line = "detector \(detector.segment): \(detector.criticalPeriods.count) critical periods (\(drops) drops)"
            line += detector.firstCriticalAlert.map { ", first critical alert \($0)" } ?? ", no critical drop alert"
            if let detection = detector.detection {
                if let day = detection.detectionDay, let saving = detection.saving {
                    line += "; day \(day) of the incident that began \(detection.incidentStart), "
                        + "\(Format.percent(saving, decimals: 0)) sooner than \(detection.manualDetectionDays) days by hand"
                } else {
                    line += "; no critical drop alert since the incident began \(detection.incidentStart)"
                }
            }
            lines.append(line)
        }
        if let summary = r.validationSummary {
            var line = "validation: \(summary.segmentsEvaluated) segments evaluated; incident isolated: \(summary.isolated ? "yes" : "no")"
            if !summary.alsoDropping.isEmpty {
                line += " (also dropping: \(summary.alsoDropping.map(\.description).joined(separator: ", ")))"
            }
            lines.append(line)
        }
        if let verdict = r.verdict { lines.append("verdict: \(verdict.summaryLine)") }
        return lines.joined(separator: "\n")
    }

    private func number(_ value: Double?) -> String { value.map { Format.thousands(Int($0.rounded())) } ?? "–" }
    private func signed(_ value: Double?) -> String {
        guard let value else { return "undefined" }
        return (value >= 0 ? "+" : "") + Format.fixed(value, decimals: 2)
    }
    private func change(_ value: Double?) -> String {
        guard let value else { return "–" }
        return (value >= 0 ? "+" : "") + Format.percent(value, decimals: 0)
    }
    private func rate(_ value: Double?) -> String { value.map { Format.percent($0, decimals: 2) } ?? "–" }
}
