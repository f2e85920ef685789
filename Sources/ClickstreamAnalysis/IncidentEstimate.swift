import ClickstreamCore
import Foundation

/// The answers a stakeholder asks first, for the segment the analysis follows: since when
/// its conversion is down (with a range), how many transactions that cost (with a 95 %
/// interval), and whether it is still going on (results.json `summary`).
///
/// The incident is dated by a binomial likelihood split of the segment's daily counts:
/// every window of days `[start, end]` that reaches into the recent period is a candidate;
/// inside it conversion is one rate, outside another (each its maximum-likelihood value,
/// transactions over views), and the window whose rates make the counts likeliest, with the
/// rate inside lower, is the estimate. The start's range is every start whose best window
/// is within 1.92 log-likelihood units of the best (the 95 % profile-likelihood set,
/// χ²₁ 3.84 / 2). A drop is dated only when its window is at least 1,000 times likelier
/// than one rate throughout (a log-likelihood ratio of 6.91).
public struct IncidentEstimate: Codable, Sendable, Equatable {
    /// The transactions lost over the estimated window: expected at the rate outside it
    /// minus those there were, and a 95 % interval.
    public struct Lost: Codable, Sendable, Equatable {
        public var estimate: Double
        public var low: Double
        public var high: Double
    }

    public var segment: SegmentPattern
    /// The first day of the estimated drop; null when no drop is dated.
    @ExplicitNull public var estimatedStart: Day? = nil
    /// The first and last start within the 95 % profile-likelihood set.
    @ExplicitNull public var estimatedStartRange: [Day]? = nil
    /// The last day of the estimated drop (the last day analysed while it goes on).
    @ExplicitNull public var estimatedEnd: Day? = nil
    @ExplicitNull public var lostTransactions: Lost? = nil
    /// The revenue lost, in the revenue column's units: `lostTransactions` (estimate and
    /// interval alike) times `revenuePerTransaction`; null without a revenue column or a
    /// dated drop.
    @ExplicitNull public var valueLost: Lost? = nil
    /// The revenue of a transaction outside the estimated window (its revenue over its
    /// transactions), in the revenue column's units.
    @ExplicitNull public var revenuePerTransaction: Double? = nil
    /// The input maps a revenue column (else the value lost is not available).
    public var revenueRead = false
    /// The estimated drop reaches the last day analysed.
    @ExplicitNull public var ongoing: Bool? = nil
    /// Conversion outside and inside the estimated window.
    @ExplicitNull public var rateOutside: Double? = nil
    @ExplicitNull public var rateInside: Double? = nil
    /// The best window's log-likelihood over one rate throughout (0 when none is a drop).
    public var logLikelihoodRatio: Double

    /// The smallest log-likelihood ratio that dates a drop: 1,000 to 1.
    public static let minimumLogRatio = log(1000.0)
    /// Half of χ²₁'s 95 % quantile: the profile-likelihood drop that bounds the start's range.
    public static let rangeDrop = 1.92

    public init(segment: SegmentPattern, data: DailySeries, periods: Periods) {
        let counts = data.counts(of: segment)
        self.init(segment: segment, views: counts.views, transactions: counts.transactions,
                  firstDay: data.firstDay, recentFirst: data.index(of: periods.recent.first))
        if let places = data.revenueDecimals {
            addValue(revenue: counts.revenue, transactions: counts.transactions, firstDay: data.firstDay, decimals: places)
        }
    }

    /// Sets `revenueRead`, and `revenuePerTransaction` and `valueLost` when a drop is dated
    /// and the days outside it sold something, from each day's transactions and revenue
    /// (minor units at `decimals` places) from `firstDay` on.
    public mutating func addValue(revenue: [Int], transactions: [Int], firstDay: Day, decimals: Int) {
        revenueRead = true
        guard let start = estimatedStart, let end = estimatedEnd, let lost = lostTransactions, revenue.count == transactions.count else { return }
        let window = (start.ordinal - firstDay.ordinal)...(end.ordinal - firstDay.ordinal)
        var outsideRevenue = 0.0, outsideTransactions = 0.0
        for day in revenue.indices where !window.contains(day) {
            outsideRevenue += Double(revenue[day])
            outsideTransactions += Double(transactions[day])
        }
        guard outsideTransactions > 0 else { return }
        let perTransaction = outsideRevenue / outsideTransactions / RevenueAmount.scale(decimals)
        revenuePerTransaction = perTransaction
        valueLost = Lost(estimate: lost.estimate * perTransaction, low: lost.low * perTransaction, high: lost.high * perTransaction)
    }

    /// The estimate from daily views and transactions from `firstDay` on; windows must end
    /// on or after the day at index `recentFirst`.
    public init(segment: SegmentPattern, views: [Int], transactions: [Int], firstDay: Day, recentFirst: Int) {
        self.segment = segment
        logLikelihoodRatio = 0
        let n = views.count
        guard n >= 2 else { return }
        var v = [0.0], t = [0.0]
        for i in 0..<n {
            v.append(v[i] + Double(views[i]))
            t.append(t[i] + Double(transactions[i]))
        }
        let totalViews = v[n], totalTransactions = t[n]
        let flat = Statistics.binomialLogLikelihood(totalTransactions, of: totalViews)
        // The best window for each start, and the best of all.
        var bestByStart = [Double](repeating: -.infinity, count: n)
        var best: (start: Int, end: Int, value: Double)?
        for start in 0..<n {
            for end in max(start, recentFirst)..<n {
                let inViews = v[end + 1] - v[start], inTransactions = t[end + 1] - t[start]
                let outViews = totalViews - inViews, outTransactions = totalTransactions - inTransactions
                guard inViews > 0, outViews > 0, inTransactions * outViews < outTransactions * inViews else { continue }
                let value = Statistics.binomialLogLikelihood(inTransactions, of: inViews) + Statistics.binomialLogLikelihood(outTransactions, of: outViews)
                bestByStart[start] = max(bestByStart[start], value)
                if best == nil || value > best!.value { best = (start, end, value) }
            }
        }
        guard let best else { return }
        logLikelihoodRatio = best.value - flat
        guard logLikelihoodRatio >= Self.minimumLogRatio else { return }
        let plausible = bestByStart.indices.filter { bestByStart[$0] >= best.value - Self.rangeDrop }
        estimatedStart = firstDay.advanced(by: best.start)
        estimatedEnd = firstDay.advanced(by: best.end)
        estimatedStartRange = [firstDay.advanced(by: plausible.first!), firstDay.advanced(by: plausible.last!)]
        ongoing = best.end == n - 1
        let inViews = v[best.end + 1] - v[best.start], inTransactions = t[best.end + 1] - t[best.start]
        let outViews = totalViews - inViews
        let rate = (totalTransactions - inTransactions) / outViews
        rateOutside = rate
        rateInside = inTransactions / inViews
        lostTransactions = Self.lost(rate: rate, rateViews: outViews, windowViews: inViews, windowTransactions: inTransactions)
    }

    /// Expected at `rate` over `windowViews` minus `windowTransactions`, and its 95 %
    /// interval: the expected count varies as a binomial draw at the rate, and the rate
    /// itself is estimated from `rateViews` views (the two variances add).
    static func lost(rate: Double, rateViews: Double, windowViews: Double, windowTransactions: Double) -> Lost {
        let estimate = rate * windowViews - windowTransactions
        let q = rate * (1 - rate)
        let sd = (q * windowViews + windowViews * windowViews * q / rateViews).squareRoot()
        return Lost(estimate: estimate, low: estimate - 1.959964 * sd, high: estimate + 1.959964 * sd)
    }
}
