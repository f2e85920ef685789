import ClickstreamCore

/// Daily means of one series over the two periods, and the z-score that compares them
/// (SPEC 5 and 6): z = (recent mean − normal mean) / normal sample std.
public struct PeriodComparison: Codable, Sendable, Equatable {
    @ExplicitNull public var normalMean: Double? = nil
    @ExplicitNull public var normalStd: Double? = nil
    @ExplicitNull public var recentMean: Double? = nil
    @ExplicitNull public var z: Double? = nil

    public init(series: [Int], periods: Periods, in data: DailySeries) {
        let values = series.map(Double.init)
        let normal = periods.normal.map { Array(values[data.indices(of: $0)]) } ?? []
        let recent = Array(values[data.indices(of: periods.recent)])
        normalMean = Statistics.mean(normal)
        normalStd = Statistics.sampleStandardDeviation(normal)
        recentMean = Statistics.mean(recent)
        z = Statistics.zScore(recentMean, mean: normalMean, standardDeviation: normalStd)
    }

    /// [μ − s, μ + s], the normal range the report shows.
    public var normalRange: ClosedRange<Double>? {
        guard let normalMean, let normalStd else { return nil }
        return (normalMean - normalStd)...(normalMean + normalStd)
    }
}

/// Section 5: was it just fewer visitors? Events per day, all types and each type,
/// normal against recent.
public struct TrafficVariance: Codable, Sendable, Equatable {
    /// All events per day (the headline series).
    public var events: PeriodComparison
    public var views: PeriodComparison
    public var addtocarts: PeriodComparison
    public var transactions: PeriodComparison

    public init(data: DailySeries, periods: Periods) {
        let total = data.total
        events = PeriodComparison(series: total.events, periods: periods, in: data)
        views = PeriodComparison(series: total.views, periods: periods, in: data)
        addtocarts = PeriodComparison(series: total.addtocarts, periods: periods, in: data)
        transactions = PeriodComparison(series: total.transactions, periods: periods, in: data)
    }

    /// |z| ≤ 1: traffic stayed within normal variance (nil when z is undefined).
    public var withinNormalVariance: Bool? { events.z.map { abs($0) <= 1 } }

    private enum CodingKeys: String, CodingKey {
        case normalMean, normalStd, recentMean, z, withinNormalVariance, byType
    }

    private enum TypeKeys: String, CodingKey { case view, addtocart, transaction }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        events = try PeriodComparison(from: decoder)
        let types = try c.nestedContainer(keyedBy: TypeKeys.self, forKey: .byType)
        views = try types.decode(PeriodComparison.self, forKey: .view)
        addtocarts = try types.decode(PeriodComparison.self, forKey: .addtocart)
        transactions = try types.decode(PeriodComparison.self, forKey: .transaction)
    }

    /// `traffic.{normalMean,normalStd,recentMean,z}` for all events, then `byType`.
    public func encode(to encoder: any Encoder) throws {
        try events.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(withinNormalVariance, forKey: .withinNormalVariance)
        var types = c.nestedContainer(keyedBy: TypeKeys.self, forKey: .byType)
        try types.encode(views, forKey: .view)
        try types.encode(addtocarts, forKey: .addtocart)
        try types.encode(transactions, forKey: .transaction)
    }
}
