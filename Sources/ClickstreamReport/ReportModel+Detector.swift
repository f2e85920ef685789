import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore
import Foundation

/// The detector section: the method in force, its timeline and critical periods, the
/// scorecard's challenger beside it, and the math of every flagged day.
extension ReportModel {
    mutating func detector() -> [String: Any] {
        guard let run = results.detector else { return [:] }
        let s = results.settings
        let method = s.detector
        let math: [[String: Any]] = run.days.filter(\.isAnomalous).map { Self.math(of: $0, settings: s) }
        let anomalous = run.days.filter(\.isAnomalous).count
        var context: [String: Any] = [
            "detectorSegment": run.segment.description,
            "criticalPeriods": Self.periodRows(run.criticalPeriods),
            "hasCriticalPeriods": !run.criticalPeriods.isEmpty, "noCriticalPeriods": run.criticalPeriods.isEmpty,
            "firstAlert": run.firstCriticalAlert?.description ?? F.missing, "hasAlert": run.firstCriticalAlert != nil,
            "anomalousDays": String(anomalous), "math": math, "hasMath": !math.isEmpty,
            "method": method.rawValue, "methodLabel": method.label, "isSpecMethod": method == .spec,
            "isSameWeekday": !method.pools, "isPooled": method.pools, "isRunMethod": method == .pooledRun,
            "centreName": method.centreName,
            "chart_detector": chart(DetectorChart.draw(id: "detector", title: "Detector timeline of \(run.segment)", run: run, method: method)),
        ]
        if let detection = run.detection { context.merge(Self.detectionContext(detection)) { _, new in new } }
        if let challenger = input.challengerRun, let scorecard = input.scorecard {
            let method = scorecard.challenger ?? .spec
            let alarms = { (m: DetectorMethod) in scorecard.falseAlarms.first { $0.method == m }?.dropPeriodsPerSegmentYear }
            let goal = { (m: DetectorMethod) in scorecard.goal.first { $0.method == m }?.recallByGoalDay }
            context["hasChallenger"] = true
            context["challenger"] = method.rawValue
            context["challengerLabel"] = method.label
            context["challengerWins"] = scorecard.winner == method
            context["challengerLoses"] = scorecard.winner != method
            context["challengerAlert"] = challenger.firstCriticalAlert?.description ?? F.missing
            context["challengerDetectionDay"] = challenger.detection?.detectionDay.map(String.init) ?? F.missing
            context["challengerDetected"] = challenger.detection?.detectionDay != nil
            context["challengerFalse"] = F.decimal(alarms(method), 2)
            context["referenceFalse"] = F.decimal(alarms(s.detector), 2)
            context["challengerGoal"] = F.measured(goal(method))
            context["referenceGoal"] = F.measured(goal(s.detector))
            context["goalDay"] = String(scorecard.settings.goalDay)
            context["chart_challenger"] = chart(DetectorChart.draw(id: "detector-\(method.rawValue)",
                                                                   title: "Detector timeline of \(run.segment), \(method.label)", run: challenger,
                                                                   method: method))
        }
        return context
    }

    private static func periodRows(_ periods: [CriticalPeriod]) -> [[String: String]] {
        periods.map {
            ["first": $0.first.description, "last": $0.last.description, "days": String($0.days),
             "direction": $0.direction.rawValue, "firstAlert": $0.firstAlert.description]
        }
    }

    /// A MISSING day's computation: no views where the same weekdays had λ (`MissingDayRule`).
    private static func missingMath(of day: DetectorDay, expected: Double, settings s: AnalysisSettings) -> [String: Any] {
        let chance = Format.scientific(exp(-expected))
        let limit = Format.scientific(MissingDayRule.acceptedChance(threshold: s.threshold))
        let level = day.alertLevel == .high ? "≥ C = \(s.criticalStreak): alert HIGH" : "< C = \(s.criticalStreak): alert MEDIUM"
        return [
            "date": day.date.description, "views": F.count(day.views), "transactions": F.count(day.transactions),
            "rate": F.missing, "direction": Direction.drop.rawValue,
            "points": "median views of the last \(s.baselineWeeks) same weekdays with views: λ = \(F.decimal(expected, 1))",
            "centre": F.missing, "spread": F.missing, "sigma": F.missing, "deviation": F.missing,
            "rule": "no views; P(0 views) = e^−λ = \(chance) < Φ(−k) = \(limit); day \(day.streak) in a row \(level): MISSING",
            "status": day.status.rawValue,
        ]
    }

    /// One flagged day's computation, as the detector section's math table shows it.
    private static func math(of day: DetectorDay, settings s: AnalysisSettings) -> [String: Any] {
        if let expected = day.expectedViews { return missingMath(of: day, expected: expected, settings: s) }
        let method = s.detector
        let size = day.deviation.map { F.decimal(abs($0), 2) } ?? "∞"
        let k = F.decimal(s.threshold, 1)
        var rule = day.status == .critical
            ? "\(size) > k = \(k), day \(day.streak) in a row ≥ C = \(s.criticalStreak): CRITICAL"
            : "\(size) > k = \(k), day \(day.streak) in a row < C = \(s.criticalStreak): ANOMALY"
        if let run = day.runDeviation, abs(run) > s.runThreshold {
            rule = "last \(s.criticalStreak) days together \(F.signed(run)) σ, beyond k√C = \(F.decimal(s.runThreshold, 2)): CRITICAL"
        }
        let points: String
        let spread: String
        let sigmaText: String
        switch method {
        case .pooled, .pooledRun:
            let t = day.baseline.reduce(0) { $0 + $1.transactions }, v = day.baseline.reduce(0) { $0 + $1.views }
            let range = day.baseline.isEmpty ? "" : "\(DayScale.label(day.baseline.last!.date))–\(DayScale.label(day.baseline.first!.date))"
            points = "\(day.baseline.count) days \(range): \(F.count(t)) of \(F.count(v)) views"
            spread = "φ \(F.decimal(day.dispersion, 2))"
            sigmaText = "\(F.rate(day.sigma)) (√(φ·p(1−p)/v))"
        case .meanStd:
            points = day.baseline.map { "\(DayScale.label($0.date)): \(F.rate($0.rate))" }.joined(separator: "; ")
            spread = "std \(F.rate(day.sigma))"
            sigmaText = "\(F.rate(day.sigma)) (sample std)"
        case .spec, .mad:
            points = day.baseline.map { "\(DayScale.label($0.date)): \(F.rate($0.rate))" }.joined(separator: "; ")
            spread = "MAD \(F.rate(day.mad))"
            if let floor = day.sigmaFloor {
                let source = floor >= (day.sigmaMAD ?? 0) ? "floor" : "MAD"
                sigmaText = "\(F.rate(day.sigma)) (\(source); 1.4826·MAD \(F.rate(day.sigmaMAD)), floor \(F.rate(floor)))"
            } else {
                sigmaText = "\(F.rate(day.sigma)) (1.4826·MAD, no floor)"
            }
        }
        return [
            "date": day.date.description, "views": F.count(day.views), "transactions": F.count(day.transactions),
            "rate": F.rate(day.conversionRate), "direction": day.direction?.rawValue ?? "", "points": points,
            "centre": F.rate(day.baselineMedian), "spread": spread, "sigma": sigmaText,
            "deviation": day.deviation.map { F.signed($0) } ?? "∞", "rule": rule, "status": day.status.rawValue,
        ]
    }
}
