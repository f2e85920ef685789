@testable import ClickstreamAnalysis
@testable import ClickstreamCore
import Foundation
import Testing

/// The analysis on a schema of two dimensions, country → device, worked by hand.
///
/// Five days, R = 2 (days 0–2 normal, 3–4 recent), 100 views per segment per day.
/// Transactions per day:
///
/// | segment       | normal  | recent |
/// |---------------|---------|--------|
/// | US · Mobile   | 4, 6, 5 | 1, 1   |
/// | US · Desktop  | 5, 5, 5 | 5, 5   |
/// | DE · Mobile   | 5, 5, 5 | 5, 5   |
/// | DE · Desktop  | 5, 5, 5 | 5, 5   |
///
/// Country: US = 9, 11, 10 (mean 10, s 1) → 6, 6: z = −4; DE has s = 0 (z undefined), so
/// the path picks US. Device inside US: Mobile 4, 6, 5 (mean 5, s 1) → 1, 1: z = −4;
/// Desktop has s = 0. The path ends at US · Mobile, shown `Mobile · US`.
struct DimensionsTests {
    static let schema = DimensionSchema(["country", "device"])
    static let first = Day(iso: "2015-06-01")!

    static var data: DailySeries {
        let segments = [["US", "Mobile"], ["US", "Desktop"], ["DE", "Mobile"], ["DE", "Desktop"]].map { Segment($0, schema: schema) }
        let transactions = [[4, 6, 5, 1, 1], [5, 5, 5, 5, 5], [5, 5, 5, 5, 5], [5, 5, 5, 5, 5]]
        var cells: [DailyCube.Cell] = []
        for segment in segments.indices {
            for day in 0..<5 {
                cells.append(DailyCube.Cell(day: first.advanced(by: day), segment: segment, views: 100, addtocarts: 10,
                                            transactions: transactions[segment][day]))
            }
        }
        return DailySeries(cube: DailyCube(segments: segments, cells: cells))!
    }

    static var settings: AnalysisSettings {
        var settings = AnalysisSettings()
        settings.recentDays = 2
        return settings
    }

    static var periods: Periods { Periods(first: first, last: first.advanced(by: 4), recentDays: 2) }

    @Test func theDrillPathRunsThroughEveryDimensionInOrder() throws {
        let drill = DrillDown(data: Self.data, periods: Self.periods, settings: Self.settings)
        #expect(drill.path.map(\.dimension) == ["country", "device"])
        #expect(drill.path.map(\.value) == ["US", "Mobile"])
        #expect(drill.path.map(\.z) == [-4, -4])
        #expect(drill.pathComplete && drill.segment?.segment == Segment(["US", "Mobile"], schema: Self.schema))
        #expect(drill.segment?.description == "Mobile · US")
        #expect(drill.values(of: "country")?.map(\.value) == ["DE", "US"])
        #expect(drill.values(of: "device")?.map(\.value) == ["Desktop", "Mobile"])
        #expect(drill.values(of: "browser") == nil)

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let object = try JSONSerialization.jsonObject(with: encoder.encode(drill)) as? [String: Any]
        #expect((object?["dimensions"] as? [String: Any]).map { Set($0.keys) } == ["country", "device"])
        let decoder = JSONDecoder()
        decoder.userInfo[.dimensionSchema] = Self.schema
        #expect(try decoder.decode(DrillDown.self, from: encoder.encode(drill)) == drill)
    }

    /// Every pattern of n dimensions but the all-`*` one: 2ⁿ − 1, each matching the segment.
    @Test func aSegmentHasTwoToTheNMinusOneGeneralisations() {
        for n in 1...5 {
            let schema = DimensionSchema((1...n).map { "d\($0)" })
            let segment = Segment((1...n).map { "v\($0)" }, schema: schema)
            let patterns = SegmentPattern.generalisations(of: segment)
            #expect(patterns.count == (1 << n) - 1 && Set(patterns).count == patterns.count)
            #expect(patterns.allSatisfy { $0.matches(segment) && $0.specificity >= 1 })
            #expect(patterns.filter { $0.segment != nil } == [SegmentPattern(segment)])
        }
        let pattern = SegmentPattern(["US", nil], schema: Self.schema)
        #expect(pattern.description == "* · US")
        #expect(SegmentPattern(Segment(["US", "Mobile"], schema: Self.schema)).isInside(pattern))
    }

    /// Eight candidates: four segments, two countries, two devices (no two cover the same
    /// segments). US · Mobile explains both `* · US` and `Mobile · *`, so it ranks first.
    /// Its surprise: normal rate 15/300 = 0.05, recent 200 views expect 10 and got 2, so
    /// z = (2 − 10)/√(200 · 0.05 · 0.95) = −8/√9.5 ≈ −2.60: not below −3, not called a cause.
    @Test func theRootCauseWeighsEveryCombination() throws {
        let ranking = RootCauseRanking(data: Self.data, periods: Self.periods, settings: Self.settings)
        #expect(ranking.candidates.count == 8)
        #expect(ranking.candidates.first?.pattern == SegmentPattern(["US", "Mobile"], schema: Self.schema))
        let top = try #require(ranking.candidates.first)
        #expect(abs(try #require(top.surprise) + 8 / 9.5.squareRoot()) < 1e-12 && !top.isCause)
        #expect(top.expectedTransactions == 10 && top.actualTransactions == 2)
        let explained = ranking.candidates.filter { $0.explainedBy == SegmentPattern(["US", "Mobile"], schema: Self.schema) }
        #expect(Set(explained.map(\.pattern.description)) == ["* · US", "Mobile · *"])
    }

    /// Folding works per dimension: with room for one value each, the smaller country (by
    /// events) and the smaller device become `(other)`.
    @Test func rareValuesFoldPerDimension() {
        var cells: [DailyCube.Cell] = []
        let segments = [["US", "Mobile"], ["US", "Desktop"], ["DE", "Mobile"]].map { Segment($0, schema: Self.schema) }
        for (index, views) in [50, 20, 10].enumerated() {
            cells.append(DailyCube.Cell(day: Self.first, segment: index, views: views, addtocarts: 0, transactions: 0))
        }
        let (folded, report) = RareValues.fold(DailyCube(segments: segments, cells: cells), keeping: 1)
        // country: US 70, DE 10 → DE folded; device: Mobile 60, Desktop 20 → Desktop folded.
        #expect(report == [FoldedValues(dimension: "country", values: 1, events: 10),
                           FoldedValues(dimension: "device", values: 1, events: 20)])
        // Ordered by device first: "(other)" sorts before "Mobile" ("(" is 0x28).
        #expect(folded.segments.map(\.values) == [["US", "(other)"], ["(other)", "Mobile"], ["US", "Mobile"]])
        #expect(folded.totals.all == 80)
    }
}
