@testable import ClickstreamAnalysis
@testable import ClickstreamCore
import Testing

/// Detector rules on plain series (views, transactions per day from 2015-03-02, a Monday).
struct DetectorTests {
    static let first = Day(iso: "2015-03-02")!

    func evaluate(_ views: [Int], _ transactions: [Int], floor: SigmaFloor = .binomial) -> [DetectorDay] {
        var settings = AnalysisSettings.sourceStudy
        settings.sigmaFloor = floor
        return Detector(settings: settings).evaluate(views: views, transactions: transactions, first: Self.first)
    }

    /// 28 days of 1,000 views and 10 transactions, then the given days.
    func history(then days: [(Int, Int)]) -> ([Int], [Int]) {
        let all = Array(repeating: (1000, 10), count: 28) + days
        return (all.map(\.0), all.map(\.1))
    }

    /// Without a floor, four identical points give σ = 0: a different rate is an anomaly of
    /// infinite size (deviation null, direction set), the same rate is a deviation of 0.
    @Test func noFloorGivesInfiniteDeviationWithoutNaN() {
        let (views, transactions) = history(then: [(1000, 9), (1000, 10), (1000, 11)])
        let days = evaluate(views, transactions, floor: .none)
        let drop = days[28], same = days[29], spike = days[30]
        #expect(drop.deviation == nil && drop.direction == .drop && drop.status == .anomaly && drop.sigma == 0)
        #expect(same.deviation == 0 && same.status == .ok)
        #expect(spike.deviation == nil && spike.direction == .spike && spike.streak == 1)
        #expect(drop.sigmaFloor == nil && drop.pooledRate == nil)
    }

    /// With the floor, the same 9-of-1,000 day is ordinary: p = 41/4002, σ = √(p(1−p)/1000)
    /// = 0.0031853, deviation = (0.009 − 0.01) / 0.0031853 = −0.314.
    @Test func binomialFloorKeepsSmallDifferencesOrdinary() throws {
        let (views, transactions) = history(then: [(1000, 9)])
        let day = evaluate(views, transactions)[28]
        #expect(day.status == .ok)
        #expect(abs(try #require(day.pooledRate) - 41.0 / 4002) < 1e-12)
        #expect(abs(try #require(day.deviation) - -0.3139) < 0.0005)
    }

    /// A day without views where the segment normally has 1,000 is MISSING (λ = 1,000,
    /// e^−1000 ≪ Φ(−2)) and carries the drop streak on: streaks 1–5, critical from day 3.
    @Test func aDayWithoutViewsAmongBusyDaysIsMissing() {
        let (views, transactions) = history(then: [(1000, 0), (1000, 0), (0, 0), (1000, 0), (1000, 0)])
        let days = evaluate(views, transactions)
        #expect(days[28...32].map(\.streak) == [1, 2, 3, 4, 5])
        #expect(days[30].status == .missing && days[30].expectedViews == 1000 && days[30].alertLevel == .high)
        #expect(days[28...32].map(\.alertLevel) == [.medium, .medium, .high, .high, .high])
    }

    /// A NO_DATA day between two anomalous days breaks the streak. Three views a day, all
    /// buying: a day without views is ordinary there (e^−3 = 0.050 > Φ(−2) = 0.023). The
    /// drop days: p = 13/14, σ = √(p(1−p)/3) = 0.1487, deviation −1/0.1487 = −6.7.
    @Test func noDataBreaksTheStreak() {
        let quiet = Array(repeating: (3, 3), count: 28) + [(3, 0), (3, 0), (0, 0), (3, 0), (3, 0)]
        let days = evaluate(quiet.map(\.0), quiet.map(\.1))
        #expect(days[28...32].map(\.streak) == [1, 2, 0, 1, 2])
        #expect(days[30].status == .noData)
        #expect(abs((days[28].deviation ?? 0) - -6.725) < 0.01)
        #expect(days[28...32].allSatisfy { $0.status != .critical })
    }

    /// A spike after two drops starts a new streak.
    @Test func aChangeOfDirectionBreaksTheStreak() {
        let (views, transactions) = history(then: [(1000, 0), (1000, 0), (1000, 40), (1000, 40), (1000, 40)])
        let days = evaluate(views, transactions)
        #expect(days[28...32].map(\.streak) == [1, 2, 1, 2, 3])
        #expect(days[32].status == .critical && days[32].direction == .spike)
        let periods = Detector(settings: AnalysisSettings.sourceStudy).criticalPeriods(days)
        #expect(periods.map(\.direction) == [.spike])
        // Spikes are listed, not alerted.
        let data = days.map(\.views)
        #expect(data.count == 33)
    }

    /// A same-weekday day without views is skipped, leaving 3 of 4 points: INSUFFICIENT_DATA.
    @Test func baselinePointsWithoutViewsAreSkipped() {
        var (views, transactions) = history(then: [(1000, 10)])
        views[14] = 0  // 2015-03-16, two weeks before the last day
        transactions[14] = 0
        let day = evaluate(views, transactions)[28]
        #expect(day.status == .insufficientData)
        #expect(day.baseline.map(\.date.description) == ["2015-03-23", "2015-03-09", "2015-03-02"])
    }

    /// Earlier anomalous days stay in later baselines; the median keeps them from poisoning it.
    @Test func badDaysInTheBaselineDoNotPoisonTheMedian() throws {
        let (views, transactions) = history(then: Array(repeating: (1000, 10), count: 6) + [(1000, 1)]
            + Array(repeating: (1000, 10), count: 6) + [(1000, 10)])
        let day = evaluate(views, transactions).last!
        // Points: 10, 1 (the bad day a week earlier), 10, 10 per 1,000 → median 0.01.
        #expect(try #require(day.baselineMedian) == 0.01)
        #expect(day.status == .ok)
    }

    @Test func detectionTimingAgainstAKnownStart() throws {
        let (views, transactions) = history(then: [(1000, 0), (1000, 0), (1000, 0), (1000, 0)])
        let detector = Detector(settings: AnalysisSettings.sourceStudy)
        let days = detector.evaluate(views: views, transactions: transactions, first: Self.first)
        let start = Self.first.advanced(by: 28)
        let detection = detector.detection(days, incidentStart: start)
        // Critical on the third bad day: detection day 3, saving 1 − 3/14 = 0.7857.
        #expect(detection.alert == start.advanced(by: 2))
        #expect(detection.detectionDay == 3)
        #expect(abs(try #require(detection.saving) - (1 - 3.0 / 14)) < 1e-12)
    }
}
