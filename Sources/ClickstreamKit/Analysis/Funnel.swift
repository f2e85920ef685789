/// One period of a segment's funnel (SPEC 7): means per day, and rates over the period's sums.
public struct FunnelPeriod: Codable, Sendable, Equatable {
    public var viewsPerDay: Double?
    public var addtocartPerDay: Double?
    public var transactionsPerDay: Double?
    /// Σ transactions / Σ views (a fraction).
    public var conversionRate: Double?
    /// Σ transactions / Σ addtocart.
    public var cartToPurchase: Double?

    init(counts: DailyCounts, range: Periods.Range?, data: DailySeries) {
        guard let range else { return }
        let indices = data.indices(of: range)
        let views = Double(counts.views[indices].reduce(0, +))
        let carts = Double(counts.addtocarts[indices].reduce(0, +))
        let transactions = Double(counts.transactions[indices].reduce(0, +))
        let days = Double(range.days)
        viewsPerDay = views / days
        addtocartPerDay = carts / days
        transactionsPerDay = transactions / days
        conversionRate = Statistics.ratio(transactions, views)
        cartToPurchase = Statistics.ratio(transactions, carts)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(viewsPerDay, forKey: .viewsPerDay)
        try c.encode(addtocartPerDay, forKey: .addtocartPerDay)
        try c.encode(transactionsPerDay, forKey: .transactionsPerDay)
        try c.encode(conversionRate, forKey: .conversionRate)
        try c.encode(cartToPurchase, forKey: .cartToPurchase)
    }
}

/// Relative changes recent against normal, (recent − normal) / normal.
public struct FunnelChanges: Codable, Sendable, Equatable {
    public var viewsPerDay: Double?
    public var addtocartPerDay: Double?
    public var transactionsPerDay: Double?
    public var conversionRate: Double?
    public var cartToPurchase: Double?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(viewsPerDay, forKey: .viewsPerDay)
        try c.encode(addtocartPerDay, forKey: .addtocartPerDay)
        try c.encode(transactionsPerDay, forKey: .transactionsPerDay)
        try c.encode(conversionRate, forKey: .conversionRate)
        try c.encode(cartToPurchase, forKey: .cartToPurchase)
    }
}

/// Section 7: views, add-to-cart, transactions and conversion of one segment, normal
/// against recent.
public struct Funnel: Codable, Sendable, Equatable {
    public var segment: Segment
    public var normal: FunnelPeriod
    public var recent: FunnelPeriod
    public var changes: FunnelChanges

    public init(segment: Segment, data: DailySeries, periods: Periods) {
        self.segment = segment
        let counts = data.counts(of: segment)
        normal = FunnelPeriod(counts: counts, range: periods.normal, data: data)
        recent = FunnelPeriod(counts: counts, range: periods.recent, data: data)
        func change(_ n: Double?, _ r: Double?) -> Double? {
            guard let n, let r, n != 0 else { return nil }
            return (r - n) / n
        }
        changes = FunnelChanges(viewsPerDay: change(normal.viewsPerDay, recent.viewsPerDay),
                                addtocartPerDay: change(normal.addtocartPerDay, recent.addtocartPerDay),
                                transactionsPerDay: change(normal.transactionsPerDay, recent.transactionsPerDay),
                                conversionRate: change(normal.conversionRate, recent.conversionRate),
                                cartToPurchase: change(normal.cartToPurchase, recent.cartToPurchase))
    }
}
