import ClickstreamCore
import Foundation

/// How the detector's σ is bounded below (SPEC section 8, step 4).
public enum SigmaFloor: String, Codable, Sendable, CaseIterable {
    /// √(p(1−p)/v): the binomial standard error of a rate at the day's volume (default).
    case binomial
    /// No floor: the source study's bare σ_MAD.
    case none
}

/// Every parameter of SPEC sections 4–9, with the spec's defaults. Settable from the
/// command line and from a JSON settings file (`clickstream.json`), where any key left
/// out keeps its default.
public struct AnalysisSettings: Codable, Sendable, Equatable {
    /// R: days in the recent period (SPEC 4).
    public var recentDays = 14
    /// W: same-weekday weeks in a baseline (SPEC 8).
    public var baselineWeeks = 4
    /// k: anomaly threshold in σ (SPEC 8).
    public var threshold = 2.0
    /// C: consecutive anomalous days that make a critical alert (SPEC 8).
    public var criticalStreak = 3
    /// The σ floor of the `spec` method.
    public var sigmaFloor = SigmaFloor.binomial
    /// How baselines and critical runs are computed: `pooled-lr` unless chosen (`spec` is
    /// the source study's method, SPEC 8).
    public var detector = DetectorMethod.pooledLR
    /// How often a segment-year's clean days may take the `pooled-lr` run rule past its
    /// threshold, in each direction: the threshold is the normal quantile of this / 365, the
    /// exact chance of a clean day crossing it. False critical periods are fewer, as a false
    /// excursion spans about two days and all C days must lie on one side: 0.06 gives 0.03
    /// false drop periods a segment-year on the scorecard's clean data (METHODS.md 14).
    public var falseAlarmsPerSegmentYear = 0.06
    /// Drill-path candidates need at least this normal-period mean of transactions/day (SPEC 6).
    public var minTransactionsPerDay = 1.0
    /// Validation needs at least this normal-period mean of views/day (SPEC 9); so does a
    /// root-cause candidate (`RootCauseRanking`).
    public var minViewsPerDay = 100.0
    /// … and at least this normal-period mean of transactions/day (SPEC 9).
    public var minValidationTransactionsPerDay = 3.0
    /// M: days people took to notice the incident by hand (SPEC 8).
    public var manualDetectionDays = 14
    /// The detector's segment; `nil` follows the drill path.
    public var detectorSegment: SegmentPattern?
    /// Known start of the incident (from the data's sidecar, or given), for detection timing.
    public var incidentStart: Day?
    /// The day the verdict is given on (`--as-of`): data after it is left out, and the data's
    /// age is counted up to it. nil: the data's last day.
    public var asOf: Day?
    /// The oldest the data's last day may be, in days before `asOf`, for a verdict
    /// (`--max-age`); nil: any age.
    public var maxAgeDays: Int?
    /// The normal period is at most this many days before the recent period: what the
    /// analysis keeps in memory follows segments × (this + R), not the data's date range.
    public var maxNormalDays = 365
    /// A dimension with more distinct values keeps this many (the most events) and folds the
    /// rest into `(other)` (`RareValues`).
    public var maxValuesPerDimension = 100
    /// Count a first or last day the data covers only in part (`PartialDays`) instead of
    /// leaving it out (`--keep-partial-days`).
    public var keepPartialDays = false

    public init() {}

    /// The defaults with the source study's detector (`spec`, SPEC 8) in force.
    public static var sourceStudy: AnalysisSettings {
        var settings = AnalysisSettings()
        settings.detector = .spec
        return settings
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case recentDays, baselineWeeks, threshold, criticalStreak, sigmaFloor, detector, falseAlarmsPerSegmentYear
        case minTransactionsPerDay, minViewsPerDay
        case minValidationTransactionsPerDay, manualDetectionDays, detectorSegment, incidentStart, asOf, maxAgeDays
        case maxNormalDays, maxValuesPerDimension, keepPartialDays
    }

    /// Every key a settings file may hold, in the order the documentation lists them.
    public static var knownKeys: [String] { CodingKeys.allCases.map(\.rawValue) }

    public init(from decoder: any Decoder) throws {
        let unknown = try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue)
            .filter { CodingKeys(rawValue: $0) == nil }.sorted()
        if let key = unknown.first {
            throw UnknownSettingsKey(key: key)
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = AnalysisSettings()
        recentDays = try c.decodeIfPresent(Int.self, forKey: .recentDays) ?? d.recentDays
        baselineWeeks = try c.decodeIfPresent(Int.self, forKey: .baselineWeeks) ?? d.baselineWeeks
        threshold = try c.decodeIfPresent(Double.self, forKey: .threshold) ?? d.threshold
        criticalStreak = try c.decodeIfPresent(Int.self, forKey: .criticalStreak) ?? d.criticalStreak
        sigmaFloor = try c.decodeIfPresent(SigmaFloor.self, forKey: .sigmaFloor) ?? d.sigmaFloor
        detector = try c.decodeIfPresent(DetectorMethod.self, forKey: .detector) ?? d.detector
        falseAlarmsPerSegmentYear = try c.decodeIfPresent(Double.self, forKey: .falseAlarmsPerSegmentYear) ?? d.falseAlarmsPerSegmentYear
        minTransactionsPerDay = try c.decodeIfPresent(Double.self, forKey: .minTransactionsPerDay) ?? d.minTransactionsPerDay
        minViewsPerDay = try c.decodeIfPresent(Double.self, forKey: .minViewsPerDay) ?? d.minViewsPerDay
        minValidationTransactionsPerDay = try c.decodeIfPresent(Double.self, forKey: .minValidationTransactionsPerDay)
            ?? d.minValidationTransactionsPerDay
        manualDetectionDays = try c.decodeIfPresent(Int.self, forKey: .manualDetectionDays) ?? d.manualDetectionDays
        detectorSegment = try c.decodeIfPresent(SegmentPattern.self, forKey: .detectorSegment)
        incidentStart = try c.decodeIfPresent(Day.self, forKey: .incidentStart)
        asOf = try c.decodeIfPresent(Day.self, forKey: .asOf)
        maxAgeDays = try c.decodeIfPresent(Int.self, forKey: .maxAgeDays)
        maxNormalDays = try c.decodeIfPresent(Int.self, forKey: .maxNormalDays) ?? d.maxNormalDays
        maxValuesPerDimension = try c.decodeIfPresent(Int.self, forKey: .maxValuesPerDimension) ?? d.maxValuesPerDimension
        keepPartialDays = try c.decodeIfPresent(Bool.self, forKey: .keepPartialDays) ?? d.keepPartialDays
    }

    /// How far C days on one side must lie, together, for the run rule to call the last of
    /// them critical: for `pooled-lr` the z whose upper tail is `falseAlarmsPerSegmentYear`
    /// / 365 (0.06 → 3.59: a day on clean data crosses it that rarely, and a false period
    /// needs at least one such day); for `pooled-run` k√C (the evidence of C days each at k σ).
    public var runThreshold: Double {
        detector == .pooledLR
            ? Statistics.normalUpperQuantile(falseAlarmsPerSegmentYear / 365)
            : threshold * Double(criticalStreak).squareRoot()
    }

    /// Explains the first setting outside its allowed range, or nil. Every range is
    /// documented here and in `--help`; nothing outside them reaches the analysis.
    public var problem: String? {
        func outside<T: Comparable>(_ name: String, _ value: T, _ range: ClosedRange<T>) -> String? {
            range.contains(value) ? nil : "\(name) must lie in \(range.lowerBound)…\(range.upperBound), found \(value)"
        }
        if let problem = outside("recentDays", recentDays, 1...366) ?? outside("baselineWeeks", baselineWeeks, 1...52)
            ?? outside("criticalStreak", criticalStreak, 1...366) ?? outside("manualDetectionDays", manualDetectionDays, 1...3650)
            ?? outside("maxNormalDays", maxNormalDays, 28...3660) ?? outside("maxValuesPerDimension", maxValuesPerDimension, 2...100_000) {
            return problem
        }
        if !(threshold > 0 && threshold <= 100) { return "threshold must be a number above 0 and at most 100, found \(threshold)" }
        if !(falseAlarmsPerSegmentYear >= 0.0001 && falseAlarmsPerSegmentYear <= 36) {
            return "falseAlarmsPerSegmentYear must lie in 0.0001…36, found \(falseAlarmsPerSegmentYear)"
        }
        if let maxAgeDays, let problem = outside("maxAgeDays", maxAgeDays, 0...36_600) { return problem }
        for (name, value) in [("minTransactionsPerDay", minTransactionsPerDay), ("minViewsPerDay", minViewsPerDay),
                              ("minValidationTransactionsPerDay", minValidationTransactionsPerDay)]
            where !(value >= 0 && value <= 1e9) {
            return "\(name) must lie in 0…1,000,000,000, found \(value)"
        }
        return nil
    }

    /// Reads a JSON settings file; keys left out keep their defaults. `schema` is the
    /// dimensions a `detectorSegment` names.
    public static func load(path: String, schema: DimensionSchema = .standard) throws(ClickstreamError) -> AnalysisSettings {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, message: "cannot read the settings file")
        }
        let settings: AnalysisSettings
        do {
            let decoder = JSONDecoder()
            decoder.userInfo[.dimensionSchema] = schema
            settings = try decoder.decode(AnalysisSettings.self, from: data)
        } catch let error as UnknownSettingsKey {
            throw ClickstreamError(stage: "settings", path: path, isUsage: true,
                                   message: "unknown key \"\(error.key)\"; the known keys are \(knownKeys.joined(separator: ", "))")
        } catch {
            throw ClickstreamError(stage: "settings", path: path, message: "not valid settings JSON: \(error)")
        }
        if let problem = settings.problem { throw ClickstreamError(stage: "settings", path: path, isUsage: true, message: problem) }
        return settings
    }
}

/// A settings file named a key no setting has (a typo must not be ignored).
struct UnknownSettingsKey: Error {
    let key: String
}

/// Any key of a JSON object, to list the keys a file holds.
struct AnyCodingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
