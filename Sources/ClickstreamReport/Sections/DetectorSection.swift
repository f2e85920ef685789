import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore
import Foundation

/// The detector: the method in force, its timeline and critical periods, the scorecard's
/// challenger beside it, and the math of every flagged day.
struct DetectorSection: SectionModel {
    struct Period: Encodable {
        var first: String
        var last: String
        var days: String
        var direction: String
        var firstAlert: String

        init(_ period: CriticalPeriod) {
            first = period.first.description
            last = period.last.description
            days = String(period.days)
            direction = period.direction.rawValue
            firstAlert = period.firstAlert.description
        }
    }

    /// One flagged day's computation.
    struct Math: Encodable {
        var date: String
        var views: String
        var transactions: String
        var rate: String
        var direction: String
        var points: String
        var centre: String
        var spread: String
        var sigma: String
        var deviation: String
        var rule: String
        var status: String
    }

    var detectorSegment: String
    var criticalPeriods: [Period]
    var hasCriticalPeriods: Bool
    var noCriticalPeriods: Bool
    var firstAlert: String
    var hasAlert: Bool
    var anomalousDays: String
    var math: [Math]
    var hasMath: Bool
    var method: String
    var methodLabel: String
    var isSpecMethod: Bool
    var isDefaultMethod: Bool
    var isSameWeekday: Bool
    var isPooled: Bool
    var isRunMethod: Bool
    var isLikelihoodRun: Bool
    var runThreshold: String
    var falseAlarmTarget: String
    var centreName: String
    var chart_detector: String
    var detection: DetectionFacts?
    var versus: Challenger?
    /// The settings the prose states: C and W in words and digits.
    var criticalStreak: String
    var criticalStreakWord: String
    var criticalStreakCapitalised: String
    var baselineWeeksWord: String

    init?(_ input: ReportInput, charts: inout ChartShelf) {
        typealias F = ReportFormat
        guard let run = input.results.detector else { return nil }
        let s = input.results.settings
        let method = s.detector
        detectorSegment = run.segment.displayName
        criticalPeriods = run.criticalPeriods.map(Period.init)
        hasCriticalPeriods = !run.criticalPeriods.isEmpty
        noCriticalPeriods = run.criticalPeriods.isEmpty
        firstAlert = run.firstCriticalAlert?.description ?? F.missing
        hasAlert = run.firstCriticalAlert != nil
        anomalousDays = String(run.days.filter(\.isAnomalous).count)
        math = run.days.filter(\.isAnomalous).map { Self.math(of: $0, settings: s) }
        hasMath = !math.isEmpty
        self.method = method.rawValue
        methodLabel = method.label
        isSpecMethod = method == .spec
        isDefaultMethod = method == AnalysisSettings().detector
        isSameWeekday = !method.pools
        isPooled = method.pools
        isRunMethod = method == .pooledRun
        isLikelihoodRun = method == .pooledLR
        runThreshold = F.decimal(s.runThreshold, 2)
        falseAlarmTarget = F.decimal(s.falseAlarmsPerSegmentYear, 2)
        centreName = method.centreName
        chart_detector = charts.place(DetectorChart.draw(id: "detector", title: "Detector timeline of \(run.segment.displayName)", run: run, method: method))
        detection = run.detection.map(DetectionFacts.init)
        criticalStreak = String(s.criticalStreak)
        criticalStreakWord = NumberWords.spelled(s.criticalStreak)
        criticalStreakCapitalised = NumberWords.capitalised(s.criticalStreak)
        baselineWeeksWord = NumberWords.spelled(s.baselineWeeks)
        if let run = input.challengerRun {
            let method = s.detector == .spec ? (input.scorecard?.challenger ?? .spec) : .spec
            versus = Challenger(run: run, method: method, scorecard: input.scorecard, settings: s, charts: &charts)
        }
    }

    /// A MISSING day's computation: no views where the same weekdays had λ (`MissingDayRule`).
    private static func missingMath(of day: DetectorDay, expected: Double, settings s: AnalysisSettings) -> Math {
        typealias F = ReportFormat
        let chance = Format.scientific(exp(-expected))
        let limit = Format.scientific(MissingDayRule.acceptedChance(threshold: s.threshold))
        let level = day.alertLevel == .high ? "≥ C = \(s.criticalStreak): alert HIGH" : "< C = \(s.criticalStreak): alert MEDIUM"
        return Math(date: day.date.description, views: F.count(day.views), transactions: F.count(day.transactions), rate: F.missing,
                    direction: Direction.drop.rawValue,
                    points: "median views of the last \(s.baselineWeeks) same weekdays with views: λ = \(F.decimal(expected, 1))",
                    centre: F.missing, spread: F.missing, sigma: F.missing, deviation: F.missing,
                    rule: "no views; P(0 views) = e^−λ = \(chance) < Φ(−k) = \(limit); day \(day.streak) in a row \(level): MISSING",
                    status: day.status.rawValue)
    }

    /// One flagged day's computation, as the math table shows it.
    static func math(of day: DetectorDay, settings s: AnalysisSettings) -> Math {
        typealias F = ReportFormat
        if let expected = day.expectedViews { return missingMath(of: day, expected: expected, settings: s) }
        let size = day.deviation.map { F.decimal(abs($0), 2) } ?? "∞"
        let k = F.decimal(s.threshold, 1)
        var rule = day.status == .critical
            ? "\(size) > k = \(k), day \(day.streak) in a row ≥ C = \(s.criticalStreak): CRITICAL"
            : "\(size) > k = \(k), day \(day.streak) in a row < C = \(s.criticalStreak): ANOMALY"
        if let run = day.runDeviation, abs(run) > s.runThreshold {
            rule = s.detector == .pooledLR
                ? "last \(s.criticalStreak) days together: exact z \(F.signed(run)), beyond h = \(F.decimal(s.runThreshold, 2)) "
                    + "(passed on \(F.decimal(s.falseAlarmsPerSegmentYear, 2)) clean days a segment-year): CRITICAL"
                : "last \(s.criticalStreak) days together \(F.signed(run)) σ, beyond k√C = \(F.decimal(s.runThreshold, 2)): CRITICAL"
        }
        let points: String, spread: String, sigmaText: String
        switch s.detector {
        case .pooled, .pooledRun, .pooledLR:
            points = day.pool.map { "\($0.days) days \(DayScale.label($0.first))–\(DayScale.label($0.last)): \(F.count($0.transactions)) of \(F.count($0.views)) views" }
                ?? "no days with views"
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
        return Math(date: day.date.description, views: F.count(day.views), transactions: F.count(day.transactions),
                    rate: F.rate(day.conversionRate), direction: day.direction?.rawValue ?? "", points: points,
                    centre: F.rate(day.baselineMedian), spread: spread, sigma: sigmaText,
                    deviation: day.deviation.map { F.signed($0) } ?? "∞", rule: rule, status: day.status.rawValue)
    }
}

/// Another method on the detector's segment, beside the method in force: the source
/// study's (`spec`) when another is in force, else the scorecard's most sensitive; with the
/// scorecard's figures for both when a scorecard is given.
struct Challenger: SharedFacts {
    var hasChallenger = true
    var challenger: String
    var challengerLabel: String
    /// The source study's method, drawn beside the default.
    var besideIsSpec: Bool
    var besideIsChallenger: Bool
    var hasFigures: Bool
    var challengerMeetsGoals: Bool
    var challengerAlert: String
    var challengerDetectionDay: String
    var challengerDetected: Bool
    var challengerSilent: Bool
    var challengerFalse: String
    var referenceFalse: String
    var challengerGoal: String
    var referenceGoal: String
    var goalDay: String
    var chart_challenger: String

    init(run: DetectorRun, method: DetectorMethod, scorecard: ScorecardResult?, settings s: AnalysisSettings, charts: inout ChartShelf) {
        typealias F = ReportFormat
        let alarms = { (m: DetectorMethod) in scorecard?.falseAlarms.first { $0.method == m }?.dropPeriodsPerSegmentYear }
        let goal = { (m: DetectorMethod) in scorecard?.goal.first { $0.method == m }?.recallByGoalDay }
        challenger = method.rawValue
        challengerLabel = method.label
        besideIsSpec = method == .spec
        besideIsChallenger = method != .spec
        hasFigures = scorecard != nil
        challengerMeetsGoals = scorecard?.meetsGoals(method) ?? false
        challengerAlert = run.firstCriticalAlert?.description ?? F.missing
        challengerDetectionDay = run.detection?.detectionDay.map(String.init) ?? F.missing
        challengerDetected = run.detection?.detectionDay != nil
        challengerSilent = run.detection != nil && run.detection?.detectionDay == nil
        challengerFalse = F.decimal(alarms(method), 2)
        referenceFalse = F.decimal(alarms(s.detector), 2)
        challengerGoal = F.measured(goal(method))
        referenceGoal = F.measured(goal(s.detector))
        goalDay = String(scorecard?.settings.goalDay ?? 3)
        chart_challenger = charts.place(DetectorChart.draw(id: "detector-\(method.rawValue)",
                                                           title: "Detector timeline of \(run.segment.displayName), \(method.label)", run: run, method: method))
    }
}
