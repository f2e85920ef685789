@testable import ClickstreamAnalysis
@testable import ClickstreamCore
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Testing

/// Traffic variance, drill-down and funnel on `FiveDayCube` (its comment works out the numbers).
struct StagesTests {
    @Test func periodsSplitAtTheLastRDays() throws {
        let periods = FiveDayCube.periods
        #expect(periods.recent.first.description == "2015-06-04" && periods.recent.days == 2)
        let normal = try #require(periods.normal)
        #expect(normal.first.description == "2015-06-01" && normal.last.description == "2015-06-03")
    }

    /// Events per day = 300 views + carts (20 a day normal, 30 recent) + transactions (9, 13,
    /// 11, then 8, 8): 329, 333, 331 → μ = 331, s = √((4 + 4 + 0) / 2) = 2; recent 338, 338 →
    /// z = (338 − 331) / 2 = 3.5, outside ±1σ.
    @Test func trafficVarianceByHand() throws {
        let traffic = TrafficVariance(data: FiveDayCube.data, periods: FiveDayCube.periods)
        #expect(traffic.events.normalMean == 331)
        #expect(abs(try #require(traffic.events.normalStd) - 2) < 1e-12)
        #expect(traffic.events.recentMean == 338)
        #expect(abs(try #require(traffic.events.z) - 3.5) < 1e-12)
        #expect(traffic.events.normalRange == 329...333)
        #expect(traffic.withinNormalVariance == false)
        #expect(traffic.views.normalStd == 0 && traffic.views.z == nil)  // constant views: z undefined, not NaN
    }

    @Test func drillDownFollowsTheLowestZ() throws {
        let drill = DrillDown(data: FiveDayCube.data, periods: FiveDayCube.periods, settings: FiveDayCube.settings)
        #expect(drill.path.map(\.value) == ["Mobile", "iOS", "Safari"])
        #expect(drill.path.map(\.z) == [-3, -3, -3])
        #expect(drill.segment?.segment == FiveDayCube.b && drill.pathComplete)
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
        var settings = FiveDayCube.settings
        settings.minTransactionsPerDay = 4.5
        let drill = DrillDown(data: FiveDayCube.data, periods: FiveDayCube.periods, settings: settings)
        #expect(drill.path.map(\.value) == ["Mobile"])
        #expect(!drill.pathComplete)
        #expect(drill.segment?.segment == FiveDayCube.c)
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
        let funnel = Funnel(segment: FiveDayCube.b, data: FiveDayCube.data, periods: FiveDayCube.periods)
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
        #expect(settings.threshold == 2.5 && settings.sigmaFloor == .none && settings.detectorSegment?.segment == FiveDayCube.b)
        #expect(settings.recentDays == 14 && settings.baselineWeeks == 4 && settings.criticalStreak == 3)
        #expect(settings.minViewsPerDay == 100 && settings.minValidationTransactionsPerDay == 3 && settings.manualDetectionDays == 14)
        let bad = dir.write("bad.json", #"{"recentDays": 0}"#)
        #expect(throws: ClickstreamError.self) { try AnalysisSettings.load(path: bad) }
    }
}
