import ClickstreamCore

/// A candidate's views and transactions over the spans the root cause scores: the normal
/// period, the recent period and its trailing windows. Counts are integers, so sums and
/// differences of them are exact.
struct CandidateSums {
    /// Where the spans lie in the series: day indices of the normal and recent periods and
    /// the trailing windows of the recent period (`RootCauseRanking.trailingWindows`).
    struct Spans {
        var normal: Range<Int>
        var recent: Range<Int>
        var windows: [Range<Int>]

        init(data: DailySeries, normal: Periods.Range, recent: Periods.Range) {
            self.normal = data.indices(of: normal)
            self.recent = data.indices(of: recent)
            let recent = self.recent
            // Trailing windows of the recent period the surprise is also measured on, so an
            // incident that began a few days ago is not diluted by the whole period.
            windows = RootCauseRanking.trailingWindows.filter { $0 < recent.count }.map { (recent.upperBound - $0)..<recent.upperBound }
        }
    }

    var normalViews = 0, normalTransactions = 0, recentViews = 0, recentTransactions = 0
    var windowViews: [Int], windowTransactions: [Int]

    /// Zero over every span.
    init(windows: Int) {
        windowViews = Array(repeating: 0, count: windows)
        windowTransactions = windowViews
    }

    /// One segment's series summed over the spans.
    init(_ counts: DailyCounts, spans: Spans) {
        normalViews = counts.views[spans.normal].reduce(0, +)
        normalTransactions = counts.transactions[spans.normal].reduce(0, +)
        recentViews = counts.views[spans.recent].reduce(0, +)
        recentTransactions = counts.transactions[spans.recent].reduce(0, +)
        windowViews = spans.windows.map { counts.views[$0].reduce(0, +) }
        windowTransactions = spans.windows.map { counts.transactions[$0].reduce(0, +) }
    }

    /// The recent period, then each trailing window: the spans every score looks at.
    var spanViews: [Int] { [recentViews] + windowViews }
    var spanTransactions: [Int] { [recentTransactions] + windowTransactions }

    /// The normal conversion, nil without normal views.
    var normalRate: Double? { normalViews > 0 ? Double(normalTransactions) / Double(normalViews) : nil }

    /// Adds (`sign` 1) or takes away (−1) another candidate's sums.
    mutating func add(_ part: CandidateSums, sign: Int = 1) {
        normalViews += sign * part.normalViews
        normalTransactions += sign * part.normalTransactions
        recentViews += sign * part.recentViews
        recentTransactions += sign * part.recentTransactions
        for w in windowViews.indices {
            windowViews[w] += sign * part.windowViews[w]
            windowTransactions[w] += sign * part.windowTransactions[w]
        }
    }

    /// Everything in `all` but these sums.
    func rest(within all: CandidateSums) -> CandidateSums {
        var rest = all
        rest.add(self, sign: -1)
        return rest
    }

    /// Binomial z of `transactions` against the normal rate `p` over `views`.
    static func z(_ p: Double, views: Int, transactions: Int) -> Double? {
        let variance = Double(views) * p * (1 - p)
        return variance > 0 ? (Double(transactions) - p * Double(views)) / variance.squareRoot() : nil
    }

    /// Expected and missing transactions over the recent period, and the surprise: the
    /// lowest z over the whole recent period and its trailing windows.
    var gap: (expected: Double, shortfall: Double, z: Double?)? {
        guard let p = normalRate else { return nil }
        let views = spanViews, transactions = spanTransactions
        let zs = views.indices.map { Self.z(p, views: views[$0], transactions: transactions[$0]) }
        let expected = p * Double(recentViews)
        return (expected, expected - Double(recentTransactions), zs.compactMap { $0 }.min())
    }

    /// The candidate's `evidence`: the highest over the recent period and its windows.
    var evidence: Double {
        guard let p = normalRate else { return 0 }
        let views = spanViews, transactions = spanTransactions
        return views.indices.map { RootCauseRanking.evidence(p: p, views: views[$0], transactions: transactions[$0]) }.max() ?? 0
    }

    /// Whether `rest` looks dropped like this child rather than unchanged: in the window
    /// where the child's z is lowest, the likelihood ratio of the rest losing the child's
    /// share of transactions against keeping its normal rate reaches `restDropEvidence`.
    func dropsLike(rest: CandidateSums) -> Bool {
        guard let childRate = normalRate, let restRate = rest.normalRate else { return false }
        let childViews = spanViews, childTransactions = spanTransactions
        let zs = childViews.indices.map { Self.z(childRate, views: childViews[$0], transactions: childTransactions[$0]) ?? 0 }
        guard let w = zs.indices.min(by: { zs[$0] < zs[$1] }) else { return false }
        let expected = childRate * Double(childViews[w])
        guard expected > 0 else { return false }
        let lost = min(0.99, max(0, 1 - Double(childTransactions[w]) / expected))
        return RootCauseRanking.logLikelihoodRatio(p: restRate, views: rest.spanViews[w], transactions: rest.spanTransactions[w],
                                                   fraction: lost) >= RootCauseRanking.restDropEvidence
    }
}
