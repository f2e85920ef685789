@testable import ClickstreamAnalysis
@testable import ClickstreamCore
import Testing

/// The cube the analysis reads: rare values folded the same way whatever built the cube,
/// and a normal period capped so memory follows the window, not the date range.
struct AnalysisCubeTests {
    let day = Day(iso: "2015-06-01")!

    /// Browsers B0…B4 with 50, 40, 30, 20 and 10 views on one day; keeping 3 folds B3 and B4
    /// (30 events, 2 values) into (other). Ties go by name: with B5 at 30 too, B2 stays.
    @Test func rareValuesFoldIntoOther() {
        let segments = (0..<6).map { Segment(browser: "B\($0)", os: "iOS", device: "Mobile") }
        let views = [50, 40, 30, 20, 10, 30]
        let cube = DailyCube(segments: segments, cells: segments.indices.map {
            DailyCube.Cell(day: day, segment: $0, views: views[$0], addtocarts: 0, transactions: 0)
        })
        let (folded, report) = RareValues.fold(cube, keeping: 3)
        #expect(folded.segments.map(\.browser) == ["(other)", "B0", "B1", "B2"])
        #expect(report == [FoldedValues(dimension: "browser", values: 3, events: 60)])
        #expect(folded.totals == cube.totals)  // nothing lost, only relabelled
        // Built from the cells in another order and split in two: the same fold.
        let halves = DailyCube.sum([DailyCube(segments: Array(segments.reversed()), cells: (0..<3).map {
            DailyCube.Cell(day: day, segment: 5 - $0, views: views[$0], addtocarts: 0, transactions: 0)
        }), DailyCube(segments: segments, cells: (3..<6).map { DailyCube.Cell(day: day, segment: $0, views: views[$0], addtocarts: 0, transactions: 0) })])
        #expect(RareValues.fold(halves, keeping: 3).0 == folded)
        #expect(RareValues.fold(cube, keeping: 6).1.isEmpty)
    }

    /// Two rows 100 years apart in each of 1,000 segments: the window is R + 365 days at
    /// most, so the series holds 1,000 × 379 days, not 1,000 × 36,525; the events before
    /// the window are counted.
    @Test func theNormalPeriodIsCapped() throws {
        let first = Day(iso: "2000-01-01")!, last = Day(iso: "2099-12-31")!
        let segments = (0..<1000).map { Segment(browser: "B\($0)", os: "iOS", device: "Mobile") }
        let cells = segments.indices.flatMap { index in
            [first, last].map { DailyCube.Cell(day: $0, segment: index, views: 1, addtocarts: 0, transactions: 0) }
        }
        let prepared = AnalysisCube(DailyCube(segments: segments, cells: cells), settings: AnalysisSettings())
        #expect(prepared.cube.firstDay == last && prepared.eventsBeforeWindow == 1000)
        let series = try #require(DailySeries(cube: prepared.cube))
        #expect(series.dayCount == 1)
        var settings = AnalysisSettings()
        settings.maxNormalDays = 28
        let cube = DailyCube(segments: segments, cells: (0..<100).map { DailyCube.Cell(day: first.advanced(by: $0), segment: 0, views: 1, addtocarts: 0, transactions: 0) })
        let capped = AnalysisCube(cube, settings: settings)
        #expect(capped.cube.firstDay == first.advanced(by: 100 - 42) && capped.eventsBeforeWindow == 58)  // 28 + 14 days kept
    }
}

/// Sorting segments by the ranks of their values gives exactly Swift's order and equality.
struct SegmentOrderTests {
    @Test func asciiNamesSortAsSwiftDoes() {
        let names = ["Safari", "Safari ", "Saf", "safari", "Chrome", "Chrome/120.0", "Chrome/12.0", "", "a", "Z"]
        var segments: [Segment] = []
        for (i, browser) in names.enumerated() {
            segments.append(Segment(browser: browser, os: i % 2 == 0 ? "iOS" : "iOSx", device: "Mobile"))
            segments.append(Segment(browser: browser, os: "iOS", device: i % 3 == 0 ? "Mobile" : "Desktop"))
        }
        segments += segments.reversed()  // duplicates
        let (sorted, remap) = DailyCube.sortedUnique(SegmentCodes(segments, schema: .standard))
        #expect(sorted.segments == Array(Set(segments)).sorted())
        #expect(segments.indices.allSatisfy { sorted.segments[remap[$0]] == segments[$0] })
        // The codes name the same segments, each dimension's values sorted.
        #expect((0..<sorted.codes.count).map(sorted.codes.segment) == sorted.segments)
        #expect(sorted.codes.values.allSatisfy { $0 == $0.sorted() && Set($0).count == $0.count })
    }

    /// Non-ASCII names take Swift's comparison: "é" composed and decomposed are one segment.
    @Test func canonicallyEqualNamesAreOneSegment() {
        let segments = [Segment(browser: "caf\u{E9}", os: "iOS", device: "Mobile"), Segment(browser: "cafe\u{301}", os: "iOS", device: "Mobile"),
                        Segment(browser: "cafe", os: "iOS", device: "Mobile")]
        let (sorted, remap) = DailyCube.sortedUnique(SegmentCodes(segments, schema: .standard))
        #expect(sorted.segments.count == 2 && remap[0] == remap[1])
    }
}
