@testable import ClickstreamAnalysis
@testable import ClickstreamCore
import Testing

/// The summary's estimates (since when, how many transactions, still going on) on series
/// small enough to work out by hand.
struct IncidentEstimateTests {
    let segment = SegmentPattern(browser: "Safari", os: "iOS", device: "Mobile")
    let first = Day(year: 2015, month: 9, day: 1)!

    /// 100 views a day; 10 transactions a day for 7 days, then 2 a day for 3 (the recent
    /// period). Inside days 7–9: 6 / 300 = 0.02; outside: 70 / 700 = 0.1. Log-likelihoods
    /// (k ln p + (n − k) ln(1 − p)): inside −29.4117, outside −227.5584; one rate, 76 / 1000:
    /// −268.8896; ratio 11.92. Starting a day earlier (16 / 400 against 60 / 600) is 5.26
    /// lower, a day later (4 / 200 against 72 / 800) 4.67 lower: both outside 1.92, so the
    /// range is the one day. Lost: 0.1 × 300 − 6 = 24; variance 0.09 × 300 + 300² × 0.09 /
    /// 700 = 38.5714, sd 6.2106, interval 24 ± 12.1727.
    @Test func aDropDatedAndCountedByHand() throws {
        let estimate = IncidentEstimate(segment: segment, views: Array(repeating: 100, count: 10),
                                        transactions: Array(repeating: 10, count: 7) + [2, 2, 2], firstDay: first, recentFirst: 7)
        #expect(estimate.estimatedStart == first.advanced(by: 7))
        #expect(estimate.estimatedEnd == first.advanced(by: 9))
        #expect(estimate.estimatedStartRange == [first.advanced(by: 7), first.advanced(by: 7)])
        #expect(estimate.ongoing == true)
        #expect(abs(estimate.logLikelihoodRatio - 11.9195) < 1e-3)
        #expect(estimate.rateOutside == 0.1 && estimate.rateInside == 0.02)
        let lost = try #require(estimate.lostTransactions)
        #expect(abs(lost.estimate - 24) < 1e-9)
        #expect(abs(lost.low - 11.8273) < 1e-3 && abs(lost.high - 36.1727) < 1e-3)
    }

    /// The drop above with revenue at two places: 10 transactions of 25.00 a day (25,000
    /// cents) for 7 days, 2 of 40.00 a day after. The 70 transactions outside the window
    /// sold 1,750.00: 25.00 each; the 24 lost are worth 600.00, the interval 11.8273 ×
    /// 25 = 295.68 to 36.1727 × 25 = 904.32. The window's own dearer sales price nothing.
    @Test func theValueLostIsTheLostTransactionsAtTheOtherDaysPrice() throws {
        let transactions = Array(repeating: 10, count: 7) + [2, 2, 2]
        var estimate = IncidentEstimate(segment: segment, views: Array(repeating: 100, count: 10),
                                        transactions: transactions, firstDay: first, recentFirst: 7)
        #expect(estimate.valueLost == nil && !estimate.revenueRead)
        estimate.addValue(revenue: Array(repeating: 25_000, count: 7) + [8_000, 8_000, 8_000], transactions: transactions,
                          firstDay: first, decimals: 2)
        #expect(estimate.revenueRead && estimate.revenuePerTransaction == 25)
        let value = try #require(estimate.valueLost)
        #expect(abs(value.estimate - 600) < 1e-9)
        #expect(abs(value.low - 295.68) < 0.01 && abs(value.high - 904.32) < 0.01)
        // Nothing sold outside the window: no price, so no value (revenue still read).
        var unpriced = IncidentEstimate(segment: segment, views: [100, 100], transactions: [0, 0], firstDay: first, recentFirst: 1)
        unpriced.addValue(revenue: [0, 0], transactions: [0, 0], firstDay: first, decimals: 2)
        #expect(unpriced.revenueRead && unpriced.valueLost == nil)
    }

    /// The same drop over days 5–7, back to normal on days 8–9: dated, and over.
    @Test func aDropThatEndedIsNotOngoing() {
        let estimate = IncidentEstimate(segment: segment, views: Array(repeating: 100, count: 10),
                                        transactions: [10, 10, 10, 10, 10, 2, 2, 2, 10, 10], firstDay: first, recentFirst: 5)
        #expect(estimate.estimatedStart == first.advanced(by: 5))
        #expect(estimate.estimatedEnd == first.advanced(by: 7))
        #expect(estimate.ongoing == false)
    }

    /// A flat series, a rise, and a drop before the recent period: nothing to date.
    @Test func nothingIsDatedWithoutARecentDrop() {
        let views = Array(repeating: 100, count: 10)
        for transactions in [Array(repeating: 10, count: 10), Array(repeating: 10, count: 7) + [20, 20, 20],
                             [10, 2, 2, 2, 10, 10, 10, 10, 10, 10]] {
            let estimate = IncidentEstimate(segment: segment, views: views, transactions: transactions, firstDay: first, recentFirst: 7)
            #expect(estimate.estimatedStart == nil && estimate.lostTransactions == nil && estimate.ongoing == nil)
        }
    }

    /// A small dip: the best window is a drop, but not 1,000 times likelier than no change.
    @Test func aSmallDipIsNotDated() {
        let estimate = IncidentEstimate(segment: segment, views: Array(repeating: 100, count: 10),
                                        transactions: Array(repeating: 10, count: 9) + [6], firstDay: first, recentFirst: 7)
        #expect(estimate.logLikelihoodRatio > 0 && estimate.logLikelihoodRatio < IncidentEstimate.minimumLogRatio)
        #expect(estimate.estimatedStart == nil)
    }
}
