/// A day's verdict (SPEC 8), written in upper case in JSON and the report.
public enum DetectorStatus: String, Codable, Sendable, CaseIterable {
    case ok = "OK"
    case anomaly = "ANOMALY"
    case critical = "CRITICAL"
    case insufficientData = "INSUFFICIENT_DATA"
    case noData = "NO_DATA"
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

/// One day of the detector, with the whole computation behind its verdict, so the report
/// can show every flagged day's math.
public struct DetectorDay: Codable, Sendable, Equatable {
    public var date: Day
    public var views: Int
    public var transactions: Int
    public var status: DetectorStatus
    public var alertLevel: AlertLevel
    /// t / v (nil on NO_DATA).
    public var conversionRate: Double?
    /// The same-weekday points used (empty on NO_DATA; fewer than W on INSUFFICIENT_DATA).
    public var baseline: [BaselinePoint]
    /// m: median of the points.
    public var baselineMedian: Double?
    public var mad: Double?
    /// 1.4826 · MAD.
    public var sigmaMAD: Double?
    /// √(p(1−p)/v) with p the smoothed pooled baseline rate (nil when the floor is off).
    public var sigmaFloor: Double?
    /// p = (Σt + 1) / (Σv + 2) over the baseline days.
    public var pooledRate: Double?
    /// σ = max(σ_MAD, floor).
    public var sigma: Double?
    /// (c − m) / σ; nil when undefined, or infinite (σ = 0 and c ≠ m: then `direction` is set).
    public var deviation: Double?
    /// m ± kσ (the lower bound is not clamped here; the report clamps it at 0 for display).
    public var bandLower: Double?
    public var bandUpper: Double?
    /// Set only on anomalous days.
    public var direction: Direction?
    /// Consecutive anomalous days in the same direction ending here (0 when not anomalous).
    public var streak: Int

    public var isAnomalous: Bool { direction != nil }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(date, forKey: .date)
        try c.encode(views, forKey: .views)
        try c.encode(transactions, forKey: .transactions)
        try c.encode(status, forKey: .status)
        try c.encode(alertLevel, forKey: .alertLevel)
        try c.encode(conversionRate, forKey: .conversionRate)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(baselineMedian, forKey: .baselineMedian)
        try c.encode(mad, forKey: .mad)
        try c.encode(sigmaMAD, forKey: .sigmaMAD)
        try c.encode(sigmaFloor, forKey: .sigmaFloor)
        try c.encode(pooledRate, forKey: .pooledRate)
        try c.encode(sigma, forKey: .sigma)
        try c.encode(deviation, forKey: .deviation)
        try c.encode(bandLower, forKey: .bandLower)
        try c.encode(bandUpper, forKey: .bandUpper)
        try c.encode(direction, forKey: .direction)
        try c.encode(streak, forKey: .streak)
    }
}

/// A maximal run of at least C consecutive anomalous days in one direction; its first
/// alert is its C-th day.
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
    public var alert: Day?
    /// alert − S + 1.
    public var detectionDay: Int?
    /// M.
    public var manualDetectionDays: Int
    /// 1 − detectionDay / M.
    public var saving: Double?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(incidentStart, forKey: .incidentStart)
        try c.encode(alert, forKey: .alert)
        try c.encode(detectionDay, forKey: .detectionDay)
        try c.encode(manualDetectionDays, forKey: .manualDetectionDays)
        try c.encode(saving, forKey: .saving)
    }
}
