import ClickstreamCore

/// A candidate's views and transactions over the spans the root cause scores: the normal
/// period, the recent period and its trailing windows, and the log likelihood ratios its
/// evidence weighs. Counts are integers, so sums and differences of them are exact.
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
    /// Per span (the recent period, then each window) and per share of
    /// `RootCauseRanking.lostShares`, span-major: the sum over the candidate's segments of
    /// each one's log likelihood ratio of "lost that share" against "no change", at the
    /// segment's own normal rate and divided by its dispersion (quasi-likelihood). So a
    /// pattern's evidence is that all its segments lost the same share, and neither a shift
    /// of traffic toward its lower-converting segments nor checkouts that cluster look like a drop.
    var logRatios: [Double]

    /// Zero over every span.
    init(windows: Int) {
        windowViews = Array(repeating: 0, count: windows)
        windowTransactions = windowViews
        logRatios = Array(repeating: 0, count: (windows + 1) * RootCauseRanking.lostShares.count)
    }

    /// One segment's series summed over the spans.
    init(_ counts: DailyCounts, spans: Spans) {
        self.init(windows: spans.windows.count)
        normalViews = counts.views[spans.normal].reduce(0, +)
        normalTransactions = counts.transactions[spans.normal].reduce(0, +)
        recentViews = counts.views[spans.recent].reduce(0, +)
        recentTransactions = counts.transactions[spans.recent].reduce(0, +)
        windowViews = spans.windows.map { counts.views[$0].reduce(0, +) }
        windowTransactions = spans.windows.map { counts.transactions[$0].reduce(0, +) }
        guard normalViews > 0 else { return }
        let p = Double(normalTransactions) / Double(normalViews)
        guard p > 0, p < 1 else { return }  // such a rate compares nothing (`logLikelihoodRatio` gives 0)
        // The detector's estimate over the normal days (1 unless they scatter beyond binomial noise).
        let dispersion = DetectorMethod.dispersion(zip(counts.views[spans.normal], counts.transactions[spans.normal])
            .lazy.map { (views: $0, transactions: $1) }, rate: p)
        // `logLikelihoodRatio` term by term: the rate's logs once per segment, not per span.
        let kept = RootCauseRanking.lostShares.map { RootCauseRanking.logKeptRatio(p: p, fraction: $0) }
        let lost = RootCauseRanking.logLostShares
        let views = spanViews, transactions = spanTransactions
        for span in views.indices {
            let t = Double(transactions[span]), rest = Double(views[span] - transactions[span])
            for share in kept.indices {
                logRatios[span * kept.count + share] = (t * lost[share] + rest * kept[share]) / dispersion
            }
        }
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
        for k in logRatios.indices { logRatios[k] += Double(sign) * part.logRatios[k] }
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

    /// The candidate's `evidence`: the log Bayes factor of "lost a share of the transactions
    /// over one of the spans" against "nothing changed", the span and the share each uniform
    /// a priori (the log of the mean likelihood ratio over spans × `lostShares`).
    var evidence: Double {
        let shares = RootCauseRanking.lostShares.count
        let perSpan = stride(from: 0, to: logRatios.count, by: shares).map {
            Statistics.logMeanExp(logRatios[$0..<($0 + shares)])
        }
        return Statistics.logMeanExp(perSpan)
    }
}
