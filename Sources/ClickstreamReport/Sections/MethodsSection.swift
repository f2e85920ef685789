import ClickstreamAnalysis
import ClickstreamCore

/// Methods: every setting in force, and the numbers the prose states, all from the settings.
struct MethodsSection: SectionModel {
    var settings: [NamedValue]
    var threshold: String
    var criticalStreak: String
    var criticalStreakWord: String
    var baselineWeeks: String
    var baselineWeeksWord: String
    var baselineWeeksCapitalised: String
    var floorOn: Bool
    var missingChance: String
    var missingViews: String
    var daysNeeded: String
    var hasMaxAge: Bool
    var maxAge: String
    /// The default, `pooled-lr`, is in force; its run threshold and false-alarm target.
    var isLikelihoodRun: Bool
    var specInForce: Bool
    var runThreshold: String
    var falseAlarmTarget: String

    init(_ results: AnalysisResults) {
        typealias F = ReportFormat
        let s = results.settings
        isLikelihoodRun = s.detector == .pooledLR
        specInForce = s.detector == .spec
        runThreshold = F.decimal(s.runThreshold, 2)
        falseAlarmTarget = F.decimal(s.falseAlarmsPerSegmentYear, 2)
        settings = [
            ("R, recent period", "\(s.recentDays) days"), ("W, baseline weeks", String(s.baselineWeeks)),
            ("k, threshold", "\(F.decimal(s.threshold, 1)) σ"), ("C, critical streak", "\(s.criticalStreak) days"),
            ("Detector method", "\(s.detector.rawValue): \(s.detector.label)"),
            ("Run rule target (pooled-lr)", "\(F.decimal(s.falseAlarmsPerSegmentYear, 2)) clean days per segment-year past the threshold, each direction"),
            ("σ floor", s.sigmaFloor == .binomial ? "binomial: √(p(1−p)/v)" : "none (bare MAD)"),
            ("Drill path minimum", "\(F.decimal(s.minTransactionsPerDay, 1)) transactions/day"),
            ("Validation minimum", "\(F.count(s.minViewsPerDay)) views/day and \(F.decimal(s.minValidationTransactionsPerDay, 1)) transactions/day"),
            ("M, manual detection", "\(s.manualDetectionDays) days"),
            ("Detector segment", s.detectorSegment?.displayName ?? "end of the drill path"),
            ("Incident start", s.incidentStart?.description ?? "unknown"),
            ("As of", results.verdict?.asOf?.description ?? F.missing),
            ("Maximum age of the data", s.maxAgeDays.map { "\($0) days" } ?? "any"),
        ].map { NamedValue(name: $0.0, value: $0.1) }
        threshold = F.decimal(s.threshold, 1)
        criticalStreak = String(s.criticalStreak)
        criticalStreakWord = NumberWords.spelled(s.criticalStreak)
        baselineWeeks = String(s.baselineWeeks)
        baselineWeeksWord = NumberWords.spelled(s.baselineWeeks)
        baselineWeeksCapitalised = NumberWords.capitalised(s.baselineWeeks)
        floorOn = s.sigmaFloor == .binomial
        missingChance = Format.scientific(MissingDayRule.acceptedChance(threshold: s.threshold))
        missingViews = F.decimal(MissingDayRule.minimumExpectedViews(threshold: s.threshold), 2)
        daysNeeded = String(Verdict.daysNeeded(s))
        hasMaxAge = s.maxAgeDays != nil
        maxAge = s.maxAgeDays.map(String.init) ?? F.missing
    }
}
