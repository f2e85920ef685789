import ClickstreamAnalysis
import Foundation

/// The best rankings a trial allows. An oracle knows how the trials inject: one of the
/// targets, each as likely, losing a fraction of its transactions over the trial's last
/// days. It ranks the targets by the likelihood ratio of that drop against "nothing
/// changed", each segment's transactions binomial in its views at its normal-period
/// conversion.
///
/// `rank` is the oracle told the trial's length and fraction. With every target equally
/// likely, the likelihood ratios order the targets by how probable each is (Bayes), so
/// under the binomial model no ranking puts the injected pattern first, or in its top 3,
/// more often on average: an incident it misses is lost in the data's own noise.
/// `untoldRank` is the oracle told only the lengths and fractions the trials draw from,
/// each as likely, not which one this trial has: it ranks by the likelihood ratio
/// averaged over them, the Bayes ranking of the trials as a whole, and so the best on
/// average a ranking can do that has to judge the length and the fraction from the data,
/// as the real one does. The gap between the two is what knowing them is worth.
///
/// The data are only close to binomial (a checkout can hold several transactions), so on
/// a given set of trials a ranking can edge past either. The real ranking knows neither
/// the length nor the fraction, and weighs every combination, not only the targets.
struct RankingCeiling {
    /// Per segment, in `data.segments` order: the normal-period conversion.
    private let normalRates: [Double]
    /// The targets, one per distinct set of segments (as indices into `data.segments`).
    private let coverages: [[Int]]

    /// `targets` are the patterns incidents are injected into; `normal` the day indices of the normal period.
    init(data: DailySeries, targets: [SegmentPattern], normal: Range<Int>) {
        normalRates = data.segments.map { segment in
            let counts = data.counts(of: segment)
            let views = counts.views[normal].reduce(0, +)
            return views > 0 ? Double(counts.transactions[normal].reduce(0, +)) / Double(views) : 0
        }
        coverages = Array(Set(targets.map { target in data.segments.indices.filter { target.matches(data.segments[$0]) } }))
            .filter { !$0.isEmpty }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Where the oracle told the length and fraction ranks `target` on `data` (the injected
    /// series), 1-based: one more than the number of other targets with a higher likelihood
    /// ratio over the last `days` days (a tie goes to `target`). Ranking by posterior is
    /// also the best choice of a top 3.
    func rank(of target: SegmentPattern, in data: DailySeries, days: Int, fraction: Double) -> Int {
        let perSegment = logRatios(windowCounts(in: data, days: days), fraction: fraction)
        return rank(of: target, in: data) { coverage in coverage.reduce(0) { $0 + perSegment[$1] } }
    }

    /// Where the oracle told only that the length is one of `lengths` and the fraction one
    /// of `fractions`, every pair as likely, ranks `target`: by the log of the likelihood
    /// ratio's mean over the pairs (a tie goes to `target`).
    func untoldRank(of target: SegmentPattern, in data: DailySeries, lengths: [Int], fractions: [Double]) -> Int {
        let perPair = lengths.flatMap { days in
            let counts = windowCounts(in: data, days: days)
            return fractions.map { logRatios(counts, fraction: $0) }
        }
        return rank(of: target, in: data) { coverage in
            Statistics.logMeanExp(perPair.map { perSegment in coverage.reduce(0) { $0 + perSegment[$1] } })
        }
    }

    /// Per segment: its views and transactions over the last `days` days.
    private func windowCounts(in data: DailySeries, days: Int) -> [(views: Int, transactions: Int)] {
        let window = max(0, data.dayCount - days)..<data.dayCount
        return data.segments.map { segment in
            let counts = data.counts(of: segment)
            return (counts.views[window].reduce(0, +), counts.transactions[window].reduce(0, +))
        }
    }

    /// Per segment: the log likelihood ratio of losing `fraction` of `counts`.
    private func logRatios(_ counts: [(views: Int, transactions: Int)], fraction: Double) -> [Double] {
        counts.indices.map { index in
            RootCauseRanking.logLikelihoodRatio(p: normalRates[index], views: counts[index].views,
                                                transactions: counts[index].transactions, fraction: fraction)
        }
    }

    /// One more than the number of other targets that `score` puts above `target`.
    private func rank(of target: SegmentPattern, in data: DailySeries, score: ([Int]) -> Double) -> Int {
        let injected = data.segments.indices.filter { target.matches(data.segments[$0]) }
        let best = score(injected)
        return 1 + coverages.filter { $0 != injected && score($0) > best }.count
    }
}
