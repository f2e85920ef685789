@testable import ClickstreamAnalysis
@testable import ClickstreamCore
import ClickstreamTestSupport
import Testing

/// The five reference scenarios of SPEC section 8, built as the source study built them:
/// synthetic events written as CSV rows, read by the real reader, then the detector.
///
/// History: 45 days (2015-03-01 … 2015-04-14) of 6,000 views and 50 transactions each
/// (0.8333 %). Every baseline is then four identical points: m = 50/6000, MAD = 0, and σ is
/// the binomial floor with p = (4·50 + 1) / (4·6000 + 2) = 201/24002 = 0.0083743, so
/// p(1 − p) = 0.0083042 and σ = √(0.0083042 / v) for a day of v views.
struct DetectorReferenceTests {
    static let segment = Segment(browser: "Safari", os: "iOS", device: "Mobile")
    static let start = Day(iso: "2015-03-01")!

    /// CSV of `history` days of 6,000 views / 50 transactions, then the given (views, transactions) days.
    static func events(history: Int = 45, then days: [(Int, Int)]) -> String {
        var rows = [CSVFixtures.enrichedHeader]
        let all = Array(repeating: (6000, 50), count: history) + days
        var visitor = 0
        for (index, (views, transactions)) in all.enumerated() {
            let noon = start.advanced(by: index).startMilliseconds + 43_200_000
            for n in 0..<views {
                visitor += 1
                rows.append("\(noon + Int64(n)),\(visitor),view,7,,Mobile,iOS,Safari")
            }
            for n in 0..<transactions {
                rows.append("\(noon + Int64(views + n)),\(visitor - n),transaction,7,\(index * 1000 + n),Mobile,iOS,Safari")
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    static func run(_ csv: String) throws -> [DetectorDay] {
        let cube = try CSVFixtures.ingest(csv).cube
        let data = try #require(DailySeries(cube: cube))
        return DetectorRun(segment: segment, data: data, settings: AnalysisSettings.sourceStudy).days
    }

    /// 5,000 views, 40 transactions: c = 0.008, σ = √(0.0083042/5000) = 0.0012887,
    /// deviation = (0.008 − 0.0083333) / 0.0012887 = −0.2587: OK.
    @Test func a_normalDayIsOK() throws {
        let day = try #require(try Self.run(Self.events(then: [(5000, 40)])).last)
        #expect(day.status == .ok && day.alertLevel == .none)
        #expect(abs(try #require(day.deviation) - -0.2587) < 0.0005)
        #expect(abs(try #require(day.sigma) - 0.0012887) < 0.0000005)
        #expect(day.streak == 0 && day.direction == nil)
    }

    /// 4,500 views, 18 transactions: c = 0.004, σ = √(0.0083042/4500) = 0.0013584,
    /// deviation = −0.0043333 / 0.0013584 = −3.190: ANOMALY, MEDIUM, streak 1.
    @Test func b_aLowDayIsAnAnomaly() throws {
        let day = try #require(try Self.run(Self.events(then: [(4500, 18)])).last)
        #expect(day.status == .anomaly && day.alertLevel == .medium)
        #expect(abs(try #require(day.deviation) - -3.190) < 0.001)
        #expect(day.direction == .drop && day.streak == 1)
    }

    /// 0.2 %, 0.2 %, 0.1 % at 4,000 views: σ = √(0.0083042/4000) = 0.0014408; deviations
    /// −4.395, −4.395, −5.090; the third day is CRITICAL, HIGH, streak 3.
    @Test func c_thirdLowDayIsCritical() throws {
        let days = try Self.run(Self.events(then: [(4000, 8), (4000, 8), (4000, 4)]))
        let last3 = Array(days.suffix(3))
        #expect(last3.map(\.status) == [.anomaly, .anomaly, .critical])
        #expect(last3.map(\.streak) == [1, 2, 3])
        #expect(last3[2].alertLevel == .high)
        #expect(abs(try #require(last3[0].deviation) - -4.395) < 0.001)
        #expect(abs(try #require(last3[2].deviation) - -5.090) < 0.001)
        let detector = Detector(settings: AnalysisSettings.sourceStudy)
        let period = try #require(detector.criticalPeriods(days).first)
        #expect(period.days == 3 && period.direction == .drop)
        #expect(period.firstAlert == last3[2].date)
    }

    /// 20 days of history: the day has only d−7 and d−14 behind it, 2 of the 4 points.
    @Test func d_underFourWeeksIsInsufficientData() throws {
        let day = try #require(try Self.run(Self.events(history: 20, then: [(5000, 40)])).last)
        #expect(day.status == .insufficientData && day.alertLevel == .none)
        #expect(day.baseline.count == 2)
        #expect(day.baselineMedian == nil && day.sigma == nil && day.deviation == nil)
    }

    /// The day after the history has no events at all: the daily check sees NO_DATA.
    @Test func e_aDateWithNoEventsIsNoData() throws {
        let cube = try CSVFixtures.ingest(Self.events(then: [])).cube
        let check = try DailyCheckResult(cube: cube, date: Self.start.advanced(by: 45), segment: SegmentPattern(Self.segment),
                                         settings: AnalysisSettings.sourceStudy)
        #expect(check.status == .noData && check.alertLevel == .none)
        #expect(check.day.views == 0 && check.day.deviation == nil && check.day.baselineMedian == nil)
    }
}
