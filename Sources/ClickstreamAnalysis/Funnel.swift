import ClickstreamCore

/// The five funnel figures of SPEC 7: for a period, means per day and rates over the
/// period's sums; for the change between periods, the relative change of each.
public struct FunnelFigures: Codable, Sendable, Equatable {
    @ExplicitNull public var viewsPerDay: Double? = nil
    @ExplicitNull public var addtocartPerDay: Double? = nil
    @ExplicitNull public var transactionsPerDay: Double? = nil
    /// Σ transactions / Σ views (a fraction).
    @ExplicitNull public var conversionRate: Double? = nil
    /// Σ transactions / Σ addtocart.
    @ExplicitNull public var cartToPurchase: Double? = nil

    /// A period's figures (all nil when the period does not exist).
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

    /// Relative changes (recent − normal) / normal of each figure (nil where normal is 0 or missing).
    init(changeFrom normal: FunnelFigures, to recent: FunnelFigures) {
        func change(_ n: Double?, _ r: Double?) -> Double? {
            guard let n, let r, n != 0 else { return nil }
            return (r - n) / n
        }
        viewsPerDay = change(normal.viewsPerDay, recent.viewsPerDay)
        addtocartPerDay = change(normal.addtocartPerDay, recent.addtocartPerDay)
        transactionsPerDay = change(normal.transactionsPerDay, recent.transactionsPerDay)
        conversionRate = change(normal.conversionRate, recent.conversionRate)
        cartToPurchase = change(normal.cartToPurchase, recent.cartToPurchase)
    }
}

/// Section 7: views, add-to-cart, transactions and conversion of one segment, normal
/// against recent.
public struct Funnel: Codable, Sendable, Equatable {
    public var segment: SegmentPattern
    public var normal: FunnelFigures
    public var recent: FunnelFigures
    public var changes: FunnelFigures

    public init(segment: SegmentPattern, data: DailySeries, periods: Periods) {
        self.segment = segment
        let counts = data.counts(of: segment)
        normal = FunnelFigures(counts: counts, range: periods.normal, data: data)
        recent = FunnelFigures(counts: counts, range: periods.recent, data: data)
        changes = FunnelFigures(changeFrom: normal, to: recent)
    }

    /// The funnel of one full segment.
    public init(segment: Segment, data: DailySeries, periods: Periods) {
        self.init(segment: SegmentPattern(segment), data: data, periods: periods)
    }
}
