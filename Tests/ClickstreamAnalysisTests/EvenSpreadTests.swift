@testable import ClickstreamAnalysis
@testable import ClickstreamCore
import Testing

/// A drop every value of a dimension shares alike leaves that dimension as a wildcard:
/// the drill-down does not split the broken traffic by noise, and the detector watches
/// the pattern.
struct EvenSpreadTests {
    /// Two values of 100 normal transactions each; recent share 1, so 200 were expected.
    @Test func theStatisticsByHand() throws {
        // 50 and 50: both lost half. χ² 0; with the whole shortfall of 100 in the first
        // (0 and 100): 16.667 + 33.333 + 8.333 + 16.667 = 75.
        let even = try #require(EvenSpread([(100, 50), (100, 50)], recentShare: 1, pick: 0, pickName: "A"))
        #expect(abs(even.chiSquare) < 1e-12 && abs(even.concentrated - 75) < 1e-9 && even.degreesOfFreedom == 1)
        // The 99th percentile of χ² with 1 degree of freedom is 6.635; Wilson–Hilferty gives 6.5858.
        #expect(abs(even.critical - 6.5858) < 0.001 && even.isEven && even.concentratedIn == "A")
        // Power: Φ((1 + 75 − 6.5858) / √(2 (1 + 150))) = Φ(3.994) = 0.999968.
        #expect(abs(even.power - 0.999968) < 1e-6)
        // 10 and 90: one lost most. 9.697 + 19.394 + 5.614 + 11.228 = 45.93.
        let uneven = try #require(EvenSpread([(100, 10), (100, 90)], recentShare: 1, pick: 0, pickName: "A"))
        #expect(abs(uneven.chiSquare - 45.933) < 1e-3 && !uneven.isEven)
        // Little data: 6 → 3 against 5 → 5 a day over a few days cannot be told from even,
        // nor from one value's drop (χ² 0.45 with the shortfall in the first).
        let small = try #require(EvenSpread([(18, 6), (15, 10)], recentShare: 2.0 / 3, pick: 0, pickName: "A"))
        #expect(!small.isEven && small.power < 0.1)
        // No shortfall: nothing to spread.
        #expect(EvenSpread([(100, 60), (100, 60)], recentShare: 0.5, pick: 0, pickName: "A") == nil)
    }

    @Test func valuesExpectedBelowFiveArePooled() throws {
        // Two large values and three with 2 normal and 0 or 1 recent: the three make one group.
        let spread = try #require(EvenSpread([(200, 100), (200, 100), (2, 1), (2, 0), (2, 1)], recentShare: 1, pick: 0, pickName: "A"))
        #expect(spread.degreesOfFreedom == 2)
    }

    static let schema = DimensionSchema(["device", "os", "browser", "country"])
    static let first = Day(iso: "2015-06-01")!
    static let countries = ["DE", "FR", "UK", "US"]

    /// 60 days; three device · OS · browser combinations in four countries, 1,000 views and
    /// 19 or 21 transactions a day each. Safari · iOS · Mobile falls to 4 a day in the last
    /// 14 days, in every country alike.
    static var cube: DailyCube {
        let combinations = [["Mobile", "iOS", "Safari"], ["Desktop", "Windows", "Chrome"], ["Mobile", "Android", "Chrome"]]
        let segments = combinations.flatMap { c in countries.map { Segment(c + [$0], schema: schema) } }
        var cells: [DailyCube.Cell] = []
        for (index, segment) in segments.enumerated() {
            for day in 0..<60 {
                let broken = segment.values[2] == "Safari" && day >= 46
                cells.append(DailyCube.Cell(day: first.advanced(by: day), segment: index, views: 1000, addtocarts: 0,
                                            transactions: broken ? 4 : 19 + 2 * (day % 2)))
            }
        }
        return DailyCube(segments: segments, cells: cells)
    }

    @Test func aDimensionEveryValueBrokeAlikeIsAWildcard() throws {
        let results = Analyzer(settings: AnalysisSettings()).analyze(Self.cube, quality: IngestReport())
        let drill = try #require(results.drilldown)
        #expect(drill.path.map(\.value) == ["Mobile", "iOS", "Safari", "*"])
        #expect(drill.path.map { $0.evenSpread != nil } == [false, false, false, true])
        let pattern = SegmentPattern(["Mobile", "iOS", "Safari", nil], schema: Self.schema)
        #expect(drill.segment == pattern && drill.pathComplete && pattern.description == "* · Safari · iOS · Mobile")
        // The detector watches all four countries together, and finds the drop critical.
        #expect(results.detector?.segment == pattern && results.funnel?.segment == pattern)
        #expect(results.detector?.days.last?.views == 4000 && results.detector?.days.last?.transactions == 16)
        #expect(results.verdict?.status == .critical && results.verdict?.segment == pattern)
        // Its four countries are its own drop, not others: the incident is isolated.
        #expect(results.validationSummary?.isolated == true && results.validationSummary?.alsoDropping == [])
    }

    @Test func oneBrokenCountryIsFollowed() throws {
        // Only the US breaks: the country level is uneven and the path picks US.
        let broken = Self.cube
        let cells = broken.cells.map { cell in
            var cell = cell
            let segment = broken.segments[cell.segment]
            if segment.values[2] == "Safari" && segment.values[3] != "US" { cell.transactions = 19 + 2 * (cell.day.ordinal % 2) }
            return cell
        }
        let cube = DailyCube(segments: broken.segments, cells: cells)
        let results = Analyzer(settings: AnalysisSettings()).analyze(cube, quality: IngestReport())
        #expect(results.drilldown?.path.map(\.value) == ["Mobile", "iOS", "Safari", "US"])
        #expect(results.drilldown?.segment?.segment == Segment(["Mobile", "iOS", "Safari", "US"], schema: Self.schema))
    }
}
