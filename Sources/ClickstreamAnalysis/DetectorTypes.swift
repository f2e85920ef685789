import ClickstreamCore

/// A day's verdict (SPEC 8), written in upper case in JSON and the report.
public enum DetectorStatus: String, Codable, Sendable, CaseIterable {
    case ok = "OK"
    case anomaly = "ANOMALY"
    case critical = "CRITICAL"
    case insufficientData = "INSUFFICIENT_DATA"
    case noData = "NO_DATA"
    /// No views at all on a day the segment normally has plenty (`MissingDayRule`): an
    /// alert of its own, MEDIUM and then HIGH once C such or drop days come in a row.
    case missing = "MISSING"

    /// The loudest verdict among `days`: CRITICAL, then MISSING, ANOMALY, OK; days without
    /// a verdict only when no day has one (INSUFFICIENT_DATA before NO_DATA).
    public static func worst(of days: [DetectorDay]) -> DetectorStatus {
        let order: [DetectorStatus] = [.critical, .missing, .anomaly, .ok, .insufficientData]
        let present = Set(days.map(\.status))
        return order.first { present.contains($0) } ?? .noData
    }
}

/// How loudly a day alerts: NONE, MEDIUM (anomaly) or HIGH (critical).
public enum AlertLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case none = "NONE"
    case medium = "MEDIUM"
    case high = "HIGH"

    private var rank: Int { self == .none ? 0 : self == .medium ? 1 : 2 }
    public static func < (lhs: AlertLevel, rhs: AlertLevel) -> Bool { lhs.rank < rhs.rank }
}

/// Which way an anomalous rate moved.
public enum Direction: String, Codable, Sendable {
    case drop
    case spike
}

/// One same-weekday point of a baseline.
public struct BaselinePoint: Codable, Sendable, Equatable {
    public var date: Day
    public var views: Int
    public var transactions: Int
    public var rate: Double
}

/// A pooled baseline in short: the previous days with views, summed. The pooled methods
/// keep this instead of their points (28 a day would make the results 28 times the cube).
public struct BaselinePool: Codable, Sendable, Equatable {
    /// The oldest and the newest day pooled.
    public var first: Day
    public var last: Day
    /// Days with views pooled.
    public var days: Int
    public var views: Int
    public var transactions: Int

    /// The sums of `points`; nil without points.
    public init?(_ points: [BaselinePoint]) {
        guard let oldest = points.min(by: { $0.date < $1.date }), let newest = points.max(by: { $0.date < $1.date }) else { return nil }
        first = oldest.date
        last = newest.date
        days = points.count
        views = points.reduce(0) { $0 + $1.views }
        transactions = points.reduce(0) { $0 + $1.transactions }
    }
}

/// One day of the detector, with the whole computation behind its verdict, so the report
/// can show every flagged day's math.
public struct DetectorDay: Codable, Sendable, Equatable {
    public var date: Day
    public var views: Int
    public var transactions: Int
    public var status: DetectorStatus
    public var alertLevel: AlertLevel
    /// t / v (nil on NO_DATA).
    @ExplicitNull public var conversionRate: Double? = nil
    /// The same-weekday points used (empty on NO_DATA; fewer than W on INSUFFICIENT_DATA;
    /// empty for the pooled methods, which keep `pool`).
    public var baseline: [BaselinePoint]
    /// The pooled methods' baseline days, summed (nil for the same-weekday methods, and
    /// when no previous day has views).
    @ExplicitNull public var pool: BaselinePool? = nil
    /// m: median of the points.
    @ExplicitNull public var baselineMedian: Double? = nil
    @ExplicitNull public var mad: Double? = nil
    /// 1.4826 · MAD.
    @ExplicitNull public var sigmaMAD: Double? = nil
    /// √(p(1−p)/v) with p the smoothed pooled baseline rate (nil when the floor is off).
    @ExplicitNull public var sigmaFloor: Double? = nil
    /// p = (Σt + 1) / (Σv + 2) over the baseline days (the floor's rate, or the pooled methods' baseline).
    @ExplicitNull public var pooledRate: Double? = nil
    /// σ = max(σ_MAD, floor).
    @ExplicitNull public var sigma: Double? = nil
    /// (c − m) / σ; nil when undefined, or infinite (σ = 0 and c ≠ m: then `direction` is set).
    @ExplicitNull public var deviation: Double? = nil
    /// m ± kσ (the lower bound is not clamped here; the report clamps it at 0 for display).
    @ExplicitNull public var bandLower: Double? = nil
    @ExplicitNull public var bandUpper: Double? = nil
    /// Set only on anomalous days.
    @ExplicitNull public var direction: Direction? = nil
    /// Consecutive anomalous days in the same direction ending here (0 when not anomalous).
    public var streak: Int
    /// φ: the pooled baseline's overdispersion, σ = √φ · binomial error (`pooled` methods only).
    @ExplicitNull public var dispersion: Double? = nil
    /// The summed count deviation of the C days ending here (`pooled-run` only, when all C
    /// days lie on one side of their baselines).
    @ExplicitNull public var runDeviation: Double? = nil
    /// λ, the views the segment normally has on this weekday (MISSING days only).
    @ExplicitNull public var expectedViews: Double? = nil

    public var isAnomalous: Bool { direction != nil }
    /// How many baseline days (or same-weekday points) had views.
    public var baselineDays: Int { pool?.days ?? baseline.count }
    /// True when the day has a verdict (not NO_DATA or INSUFFICIENT_DATA).
    public var isJudged: Bool { status != .noData && status != .insufficientData }
}

/// A maximal run of at least C consecutive anomalous days in one direction; its first
/// alert is its C-th day (with `pooled-run`: the C days that made the first critical day,
/// through the last critical day).
public struct CriticalPeriod: Codable, Sendable, Equatable {
    public var first: Day
    public var last: Day
    public var days: Int
    public var direction: Direction
    public var firstAlert: Day

    /// True when the period shares a day with `range`.
    public func overlaps(_ range: Periods.Range) -> Bool { first <= range.last && last >= range.first }
}

/// How early the detector alerted, against a known incident start S (SPEC 8).
public struct Detection: Codable, Sendable, Equatable {
    public var incidentStart: Day
    /// The first critical drop day on or after S.
    @ExplicitNull public var alert: Day? = nil
    /// alert − S + 1.
    @ExplicitNull public var detectionDay: Int? = nil
    /// M.
    public var manualDetectionDays: Int
    /// 1 − detectionDay / M.
    @ExplicitNull public var saving: Double? = nil
}
