import ClickstreamCore

/// The three dimensions a segment is made of, in drill order.
/// One value of one dimension: transactions per day normal against recent, and the
/// conversion rate beside it (SPEC 6).
public struct DimensionValue: Codable, Sendable, Equatable {
    public var value: String
    public var transactions: PeriodComparison
    /// Σ transactions / Σ views in each period (nil without views).
    public var normalConversion: Double?
    public var recentConversion: Double?

    /// z < −1.
    public var flagged: Bool { (transactions.z ?? 0) < -1 }
    /// z < −3.
    public var strong: Bool { (transactions.z ?? 0) < -3 }

    init(value: String, counts: DailyCounts, periods: Periods, data: DailySeries) {
        self.value = value
        transactions = PeriodComparison(series: counts.transactions, periods: periods, in: data)
        func conversion(_ range: Periods.Range?) -> Double? {
            guard let range else { return nil }
            let indices = data.indices(of: range)
            return Statistics.ratio(Double(counts.transactions[indices].reduce(0, +)), Double(counts.views[indices].reduce(0, +)))
        }
        normalConversion = conversion(periods.normal)
        recentConversion = conversion(periods.recent)
    }

    private enum CodingKeys: String, CodingKey {
        case value, normalMean, normalStd, recentMean, z, normalConversion, recentConversion, flagged, strong
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        value = try c.decode(String.self, forKey: .value)
        transactions = try PeriodComparison(from: decoder)
        normalConversion = try c.decodeIfPresent(Double.self, forKey: .normalConversion)
        recentConversion = try c.decodeIfPresent(Double.self, forKey: .recentConversion)
    }

    public func encode(to encoder: any Encoder) throws {
        try transactions.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(normalConversion, forKey: .normalConversion)
        try c.encode(recentConversion, forKey: .recentConversion)
        try c.encode(flagged, forKey: .flagged)
        try c.encode(strong, forKey: .strong)
    }
}

/// One level of the drill path: the candidates inside the previous choices and the one
/// picked, or `*` when the drop is spread evenly over them.
public struct DrillStep: Codable, Sendable, Equatable {
    /// The dimension's name.
    public var dimension: String
    /// The value picked, or `*` when the dimension does not matter to the drop.
    public var value: String
    @ExplicitNull public var z: Double? = nil
    /// Every value at this level, restricted to the earlier choices, lowest z first.
    public var candidates: [DimensionValue]
    /// The test that found the drop spread evenly over the candidates (`value` is then `*`).
    @ExplicitNull public var evenSpread: EvenSpread? = nil

    /// The value this step fixes, nil for a wildcard.
    public var fixedValue: String? { evenSpread == nil ? value : nil }
}

/// Section 6: every value of every dimension, and the drill path through the dimensions in
/// drill order (device → os → browser by default) to the segment that broke.
public struct DrillDown: Codable, Sendable, Equatable {
    public let schema: DimensionSchema
    /// Every value of each dimension over all traffic, in name order; one list per
    /// dimension, in drill order.
    public var dimensions: [[DimensionValue]]
    public var path: [DrillStep]
    /// The segment the analysis continues with (nil when none qualifies): a full segment,
    /// or a pattern with a wildcard for each dimension the drop is spread evenly over.
    public var segment: SegmentPattern?
    /// True when the path went through the last dimension; false when it stopped and the
    /// segment is the qualifying full segment with the lowest z.
    public var pathComplete: Bool

    public init(data: DailySeries, periods: Periods, settings: AnalysisSettings) {
        let schema = data.schema
        func values(of dimension: Int, inside choices: [(Int, String)]) -> [DimensionValue] {
            let groups = data.counts(groupedBy: { segment in
                choices.allSatisfy { segment[dimension: $0.0] == $0.1 } ? segment[dimension: dimension] : nil
            })
            return groups.sorted { $0.key < $1.key }.map { DimensionValue(value: $0.key, counts: $0.value, periods: periods, data: data) }
        }
        self.schema = schema
        dimensions = schema.names.indices.map { values(of: $0, inside: []) }

        var choices: [(Int, String)] = []
        var path: [DrillStep] = []
        // The traffic inside the choices so far: all of it at first.
        var parent = PeriodComparison(series: data.total.transactions, periods: periods, in: data)
        for dimension in schema.names.indices {
            let candidates = values(of: dimension, inside: choices)
            let sorted = candidates.sorted { Self.order($0.transactions.z, $0.value, $1.transactions.z, $1.value) }
            let qualifying = candidates.filter {
                ($0.transactions.normalMean ?? -1) >= settings.minTransactionsPerDay && $0.transactions.z != nil
            }
            guard let pick = Self.lowest(qualifying, z: { $0.transactions.z }, name: { $0.value }) else { break }
            // A drop (z < −1) that every value shares alike: the dimension does not matter.
            if (parent.z ?? 0) < -1, let spread = Self.spread(candidates, pick: pick, periods: periods), spread.isEven {
                path.append(DrillStep(dimension: schema.names[dimension], value: "*", z: parent.z, candidates: sorted,
                                      evenSpread: spread))
                continue
            }
            path.append(DrillStep(dimension: schema.names[dimension], value: pick.value, z: pick.transactions.z, candidates: sorted))
            choices.append((dimension, pick.value))
            parent = pick.transactions
        }
        self.path = path
        pathComplete = path.count == schema.count
        if pathComplete {
            segment = SegmentPattern(path.map(\.fixedValue), schema: schema)
        } else {
            // SPEC 6: the full segment with the lowest z among all that qualify.
            let full = data.segments.map { segment in
                (segment, PeriodComparison(series: data.counts(of: segment).transactions, periods: periods, in: data))
            }.filter { ($0.1.normalMean ?? -1) >= settings.minTransactionsPerDay && $0.1.z != nil }
            segment = Self.lowest(full, z: { $0.1.z }, name: { $0.0.description }).map { SegmentPattern($0.0) }
        }
    }

    /// The even-spread test on the candidates' transactions in the two periods.
    static func spread(_ candidates: [DimensionValue], pick: DimensionValue, periods: Periods) -> EvenSpread? {
        guard let normal = periods.normal, let index = candidates.firstIndex(of: pick) else { return nil }
        let normalDays = Double(normal.first.distance(to: normal.last) + 1)
        let recentDays = Double(periods.recent.first.distance(to: periods.recent.last) + 1)
        return EvenSpread(candidates.map { value in
            ((value.transactions.normalMean ?? 0) * normalDays, (value.transactions.recentMean ?? 0) * recentDays)
        }, recentShare: recentDays / normalDays, pick: index, pickName: pick.value)
    }

    /// Every value of the dimension named `name` over all traffic (nil for a name not in the schema).
    public func values(of name: String) -> [DimensionValue]? { schema.index(of: name).map { dimensions[$0] } }

    /// The element with the lowest z; ties go to the alphabetically first name.
    static func lowest<T>(_ items: [T], z: (T) -> Double?, name: (T) -> String) -> T? {
        items.min { order(z($0), name($0), z($1), name($1)) }
    }

    /// Lowest z first (undefined z last), then by name.
    package static func order(_ z1: Double?, _ n1: String, _ z2: Double?, _ n2: String) -> Bool {
        switch (z1, z2) {
        case let (a?, b?) where a != b: return a < b
        case (.some, nil): return true
        case (nil, .some): return false
        default: return n1 < n2
        }
    }

    /// `dimensions` is an object keyed by dimension name.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        var byName = c.nestedContainer(keyedBy: DimensionKey.self, forKey: .dimensions)
        for (name, values) in zip(schema.names, dimensions) { try byName.encode(values, forKey: DimensionKey(name)) }
        try c.encode(path, forKey: .path)
        try c.encode(segment, forKey: .segment)
        try c.encode(pathComplete, forKey: .pathComplete)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let byName = try c.nestedContainer(keyedBy: DimensionKey.self, forKey: .dimensions)
        schema = try DimensionKey.schema(for: byName.allKeys.map(\.stringValue), decoder: decoder, wildcards: false)
        dimensions = try schema.names.map { try byName.decode([DimensionValue].self, forKey: DimensionKey($0)) }
        path = try c.decode([DrillStep].self, forKey: .path)
        segment = try c.decodeIfPresent(SegmentPattern.self, forKey: .segment)
        pathComplete = try c.decode(Bool.self, forKey: .pathComplete)
    }

    private enum CodingKeys: String, CodingKey { case dimensions, path, segment, pathComplete }
}
