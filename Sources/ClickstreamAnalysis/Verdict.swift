import ClickstreamCore
import Foundation

/// What a run concludes about the detector's segment over the recent period, or why the
/// data cannot support a conclusion: the one thing a cron job or CI reads (as the exit
/// code: 0, 2 at the `--fail-on` level, 3 without a verdict).
public struct Verdict: Codable, Sendable, Equatable {
    /// The verdict's headline word.
    public enum Status: String, Codable, Sendable {
        case ok = "OK"
        case anomaly = "ANOMALY"
        case missing = "MISSING"
        case critical = "CRITICAL"
        case noVerdict = "NO_VERDICT"

        /// How loud the status is, for comparing two verdicts: OK, ANOMALY, MISSING, CRITICAL.
        public var severity: Int {
            switch self {
            case .noVerdict, .ok: 0
            case .anomaly: 1
            case .missing: 2
            case .critical: 3
            }
        }
    }

    /// Why no verdict is possible, in a stable code and in plain words.
    public struct Reason: Codable, Sendable, Equatable {
        public enum Code: String, Codable, Sendable {
            /// No accepted row (on or before the as-of day).
            case noRows = "no-rows"
            /// Fewer days than the detector's baseline needs before a first verdict.
            case tooLittleData = "too-little-data"
            /// No segment qualifies for the detector.
            case noSegment = "no-segment"
            /// No day of the recent period could be judged (no views, or too few baseline points).
            case noEvaluableDay = "no-evaluable-day"
            /// The data's last day is older than `--max-age` allows.
            case stale
            /// The day asked about lies after the data's last day.
            case dateAfterData = "date-after-data"
            /// The segments were drawn from visitor ids, not read from the data: a verdict
            /// on one would be the seed's.
            case syntheticSegments = "synthetic-segments"
            /// Leaving out a partial first or last day changes the verdict to a milder one.
            case partialDays = "partial-days"
        }

        public var code: Code
        public var message: String

        public init(_ code: Code, _ message: String) {
            self.code = code
            self.message = message
        }
    }

    public var status: Status
    /// The loudest alert of the recent period (NONE without a verdict).
    public var alertLevel: AlertLevel
    @ExplicitNull public var segment: SegmentPattern? = nil
    /// Recent-period days at alert MEDIUM or HIGH, and the first of them.
    public var flaggedDays: Int
    @ExplicitNull public var firstFlaggedDay: Day? = nil
    /// Empty when there is a verdict.
    public var noVerdictReasons: [Reason]
    /// The day the verdict is given on: `--as-of`, else the data's last day.
    @ExplicitNull public var asOf: Day? = nil
    /// Days from the data's last day to `asOf`, and the most `--max-age` allows.
    @ExplicitNull public var dataAgeDays: Int? = nil
    @ExplicitNull public var maxAgeDays: Int? = nil
    /// The root-cause ranking's cause, when its evidence is strong and the detector raised
    /// no critical drop alert on it in the recent period: the two disagree, and the
    /// verdict is never OK then (at least ANOMALY).
    @ExplicitNull public var silentCause: SilentCause? = nil

    /// A cause the ranking is sure of and the detector is silent on.
    public struct SilentCause: Codable, Sendable, Equatable {
        public var pattern: SegmentPattern
        /// Its surprise z and evidence (log Bayes factor) in the ranking.
        @ExplicitNull public var surprise: Double? = nil
        public var evidence: Double
    }

    /// The evidence (log Bayes factor) from which the ranking's cause is "strong": 1,000 to 1.
    public static let strongEvidence = log(1000.0)

    public var hasVerdict: Bool { noVerdictReasons.isEmpty }

    /// Notes a strong cause the detector is silent on: an OK verdict becomes ANOMALY (alert
    /// MEDIUM), so `--fail-on anomaly` fails on it and nothing prints OK; a louder verdict
    /// keeps its status.
    public mutating func note(_ cause: SilentCause) {
        guard hasVerdict else { return }
        silentCause = cause
        if status == .ok {
            status = .anomaly
            alertLevel = max(alertLevel, .medium)
        }
    }

    /// The ranking's cause when its evidence is strong and the detector's run on it (from
    /// `runs`) has no critical drop alert in the recent period; nil otherwise.
    public static func silentCause(_ results: AnalysisResults, runs: DetectorRuns) -> SilentCause? {
        guard let periods = results.periods, let top = RootCauseRanking.headline(of: results.rootCause), top.isCause,
              top.evidence >= strongEvidence else { return nil }
        let run = DetectorRun(segment: top.pattern, runs: runs, settings: results.settings)
        let alerted = run.days.contains { periods.recent.contains($0.date) && $0.alertLevel == .high && $0.direction == .drop }
        return alerted ? nil : SilentCause(pattern: top.pattern, surprise: top.surprise, evidence: top.evidence)
    }

    /// No verdict after all, for `reason`.
    public mutating func withhold(_ reason: Reason) {
        noVerdictReasons.append(reason)
        status = .noVerdict
        alertLevel = .none
    }

    /// The days a series must cover before the detector can judge its last day: W weeks of
    /// same-weekday (or pooled) baseline before it, so 7W + 1.
    public static func daysNeeded(_ settings: AnalysisSettings) -> Int { 7 * settings.baselineWeeks + 1 }

    /// The verdict of an analysis whose results are otherwise complete.
    public init(results r: AnalysisResults) {
        let settings = r.settings
        let last = r.dataset.lastDay
        let asOf = settings.asOf ?? last
        let age = asOf.flatMap { asOf in last.map { max(0, $0.distance(to: asOf)) } }
        let segment = r.detector?.segment
        let recentDays = r.detector.flatMap { run in r.periods.map { p in run.days.filter { p.recent.contains($0.date) } } } ?? []
        let flagged = recentDays.filter { $0.alertLevel >= .medium }
        var reasons: [Reason] = []
        if r.periods == nil {
            let before = r.dataset.eventsAfterAsOf > 0 ? " on or before \(settings.asOf.map(\.description) ?? "the as-of day")" : ""
            reasons.append(Reason(.noRows, "the input holds no accepted rows\(before) (\(Format.thousands(r.dataset.rejectedRows)) rejected), "
                + "so there is nothing to judge"))
        } else if r.dataset.days < Self.daysNeeded(settings) {
            reasons.append(Reason(.tooLittleData, "the data covers \(r.dataset.days) day\(r.dataset.days == 1 ? "" : "s"); the detector needs at least \(Self.daysNeeded(settings)) "
                + "(\(settings.baselineWeeks) weeks of baseline before the day it judges)"))
        } else if r.detector == nil {
            reasons.append(Reason(.noSegment, "no segment qualifies for the detector (the drill path needs a normal mean of at least "
                + "\(Format.fixed(settings.minTransactionsPerDay, decimals: 1)) transactions/day); name one with --detector-segment"))
        } else if !recentDays.contains(where: \.isJudged) {
            let empty = recentDays.filter { $0.status == .noData }.count
            reasons.append(Reason(.noEvaluableDay, "none of the \(recentDays.count) recent days of \(segment.map(\.description) ?? "the segment") "
                + "could be judged: \(empty) without views and too little history to call them missing, "
                + "\(recentDays.count - empty) with fewer than \(settings.baselineWeeks) baseline days"))
        }
        if r.periods != nil && r.dataset.enrichment == .synthetic {
            reasons.append(Reason(.syntheticSegments, "the segments are synthetic: the input has no device, OS and browser columns, "
                + "so each visitor's were drawn from its id (seed \(r.dataset.enrichmentSeed.map(String.init) ?? "unknown")) and a verdict "
                + "on one of them would be the seed's; --no-enrichment judges all traffic as one segment"))
        }
        if let age, let limit = settings.maxAgeDays, age > limit, let last, let asOf {
            reasons.append(Reason(.stale, "the data ends on \(last), \(age) days before \(asOf); --max-age allows \(limit)"))
        }
        self.asOf = asOf
        dataAgeDays = age
        maxAgeDays = settings.maxAgeDays
        self.segment = segment
        flaggedDays = flagged.count
        firstFlaggedDay = flagged.first?.date
        noVerdictReasons = reasons
        if !reasons.isEmpty {
            status = .noVerdict
            alertLevel = .none
            return
        }
        alertLevel = recentDays.map(\.alertLevel).max() ?? .none
        switch DetectorStatus.worst(of: recentDays) {
        case .critical: status = .critical
        case .missing: status = .missing
        case .anomaly: status = .anomaly
        default: status = .ok
        }
    }

    /// `CRITICAL for Safari · iOS · Mobile`, or `no verdict: ` and the reasons.
    public var summaryLine: String {
        guard hasVerdict else { return "no verdict: " + noVerdictReasons.map(\.message).joined(separator: "; ") }
        var line = "\(status.rawValue) for \(segment.map(\.description) ?? "no segment")"
        if let cause = silentCause {
            line += "; the root cause \(cause.pattern) is down with strong evidence"
                + (cause.surprise.map { " (z \(Format.fixed($0, decimals: 1)))" } ?? "") + " but the detector raised no critical drop alert on it"
        }
        return line
    }
}
