import Testing
@testable import ClickstreamKit

/// Traffic variance, drill-down and funnel on a hand-built cube of five days (R = 2: days
/// 0–2 normal, 3–4 recent), 100 views per segment per day. Transactions per day:
///
/// | segment                     | normal    | recent |
/// |-----------------------------|-----------|--------|
/// | A Chrome · Android · Mobile | 2, 2, 2   | 2, 2   |
/// | B Safari · iOS · Mobile     | 3, 5, 4   | 1, 1   |
/// | C Chrome · Windows · Desktop| 4, 6, 5   | 5, 5   |
///
/// Mobile = A + B: 5, 7, 6 (mean 6, s 1) → 3, 3: z = −3. Desktop: mean 5, s 1 → 5: z = 0.
/// Inside Mobile, Android has s = 0 (z undefined), iOS: mean 4, s 1 → 1: z = −3.
struct StagesTests {
    static let a = Segment(browser: "Chrome", os: "Android", device: "Mobile")
    static let b = Segment(browser: "Safari", os: "iOS", device: "Mobile")
    static let c = Segment(browser: "Chrome", os: "Windows", device: "Desktop")
    static let first = Day(iso: "2015-06-01")!

    static var data: DailySeries {
        let transactions: [[Int]] = [[2, 2, 2, 2, 2], [3, 5, 4, 1, 1], [4, 6, 5, 5, 5]]
        let carts: [[Int]] = [[5, 5, 5, 5, 5], [10, 10, 10, 20, 20], [5, 5, 5, 5, 5]]
        var cells: [DailyCube.Cell] = []
        for segment in 0..<3 {
            for day in 0..<5 {
                cells.append(DailyCube.Cell(day: first.advanced(by: day), segment: segment, views: 100,
                                            addtocarts: carts[segment][day], transactions: transactions[segment][day]))
            }
        }
        return DailySeries(cube: DailyCube(segments: [a, b, c], cells: cells))!
    }

    static var settings: AnalysisSettings {
        var settings = AnalysisSettings()
        settings.recentDays = 2
        return settings
    }

    static var periods: Periods { Periods(first: first, last: first.advanced(by: 4), recentDays: 2) }

    @Test func periodsSplitAtTheLastRDays() throws {
        let periods = Self.periods
        #expect(periods.recent.first.description == "2015-06-04" && periods.recent.days == 2)
        let normal = try #require(periods.normal)
        #expect(normal.first.description == "2015-06-01" && normal.last.description == "2015-06-03")
    }

    /// Events per day = 300 views + carts (20 a day normal, 30 recent) + transactions (9, 13,
    /// 11, then 8, 8): 329, 333, 331 → μ = 331, s = √((4 + 4 + 0) / 2) = 2; recent 338, 338 →
    /// z = (338 − 331) / 2 = 3.5, outside ±1σ.
    @Test func trafficVarianceByHand() throws {
        let traffic = TrafficVariance(data: Self.data, periods: Self.periods)
        #expect(traffic.events.normalMean == 331)
        #expect(abs(try #require(traffic.events.normalStd) - 2) < 1e-12)
        #expect(traffic.events.recentMean == 338)
        #expect(abs(try #require(traffic.events.z) - 3.5) < 1e-12)
        #expect(traffic.events.normalRange == 329...333)
        #expect(traffic.withinNormalVariance == false)
        #expect(traffic.views.normalStd == 0 && traffic.views.z == nil)  // constant views: z undefined, not NaN
    }

    @Test func drillDownFollowsTheLowestZ() throws {
        let drill = DrillDown(data: Self.data, periods: Self.periods, settings: Self.settings)
        #expect(drill.path.map(\.value) == ["Mobile", "iOS", "Safari"])
        #expect(drill.path.map(\.z) == [-3, -3, -3])
        #expect(drill.segment == Self.b && drill.pathComplete)
        let mobile = try #require(drill.device.first { $0.value == "Mobile" })
        #expect(mobile.transactions.normalMean == 6 && mobile.transactions.recentMean == 3 && mobile.flagged && !mobile.strong)
        let android = try #require(drill.os.first { $0.value == "Android" })
        #expect(android.transactions.z == nil && !android.flagged)
        // Safari: 12 transactions / 300 views normal, 2 / 200 recent.
        let safari = try #require(drill.browser.first { $0.value == "Safari" })
        #expect(safari.normalConversion == 0.04 && safari.recentConversion == 0.01)
        #expect(drill.browser.first { $0.value == "Chrome" }?.transactions.z == 0)
    }

    /// With a 4.5 transactions/day minimum, iOS (mean 4) cannot be picked and Android has no
    /// z: the path stops at Mobile and the segment is the lowest qualifying full segment, C.
    @Test func drillPathHonoursTheVolumeMinimum() {
        var settings = Self.settings
        settings.minTransactionsPerDay = 4.5
        let drill = DrillDown(data: Self.data, periods: Self.periods, settings: settings)
        #expect(drill.path.map(\.value) == ["Mobile"])
        #expect(!drill.pathComplete)
        #expect(drill.segment == Self.c)
    }

    @Test func tiesGoToTheAlphabeticallyFirstValue() {
        #expect(DrillDown.order(-1, "b", -1, "a") == false)
        #expect(DrillDown.order(-1, "a", -1, "b") == true)
        #expect(DrillDown.order(nil, "a", -1, "b") == false)
    }

    /// Safari · iOS · Mobile: normal 100 views, 10 carts, 4 transactions a day; conversion
    /// 12/300 = 0.04, cart-to-purchase 12/30 = 0.4. Recent: 100, 20, 1; 2/200 = 0.01; 2/40 =
    /// 0.05. Changes: views 0, carts +100 %, transactions −75 %, conversion −75 %, c2p −87.5 %.
    @Test func funnelByHand() throws {
        let funnel = Funnel(segment: Self.b, data: Self.data, periods: Self.periods)
        #expect(funnel.normal.viewsPerDay == 100 && funnel.normal.addtocartPerDay == 10 && funnel.normal.transactionsPerDay == 4)
        #expect(funnel.normal.conversionRate == 0.04 && funnel.normal.cartToPurchase == 0.4)
        #expect(funnel.recent.conversionRate == 0.01 && funnel.recent.cartToPurchase == 0.05)
        #expect(funnel.changes.viewsPerDay == 0 && funnel.changes.addtocartPerDay == 1)
        #expect(funnel.changes.transactionsPerDay == -0.75 && funnel.changes.conversionRate == -0.75)
        #expect(abs(try #require(funnel.changes.cartToPurchase) - -0.875) < 1e-12)
    }

    @Test func settingsFileKeepsDefaultsForMissingKeys() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("clickstream.json", #"{"threshold": 2.5, "sigmaFloor": "none", "detectorSegment": {"browser": "Safari", "os": "iOS", "device": "Mobile"}}"#)
        let settings = try AnalysisSettings.load(path: path)
        #expect(settings.threshold == 2.5 && settings.sigmaFloor == .none && settings.detectorSegment == Self.b)
        #expect(settings.recentDays == 14 && settings.baselineWeeks == 4 && settings.criticalStreak == 3)
        #expect(settings.minViewsPerDay == 100 && settings.minValidationTransactionsPerDay == 3 && settings.manualDetectionDays == 14)
        let bad = dir.write("bad.json", #"{"recentDays": 0}"#)
        #expect(throws: ClickstreamError.self) { try AnalysisSettings.load(path: bad) }
    }
}
