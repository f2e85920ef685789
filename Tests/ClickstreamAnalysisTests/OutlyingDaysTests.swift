@testable import ClickstreamAnalysis
@testable import ClickstreamCore
import Testing

/// One stray row at the edge of the data is set aside, named, and cannot change a verdict.
struct OutlyingDaysTests {
    let start = Day(iso: "2015-06-01")!
    let segments = [Segment(browser: "Chrome", os: "Windows", device: "Desktop"), Segment(browser: "Safari", os: "iOS", device: "Mobile")]

    /// 70 days of two segments, Safari losing most of its sales over the last 10 days
    /// (a CRITICAL verdict), plus `extra` single-view cells.
    func cube(extra: [Day] = []) -> DailyCube {
        var cells: [DailyCube.Cell] = []
        for day in 0..<70 {
            cells.append(.init(day: start.advanced(by: day), segment: 0, views: 300, addtocarts: 0, transactions: 9 + day % 2))
            cells.append(.init(day: start.advanced(by: day), segment: 1, views: 200, addtocarts: 0, transactions: day >= 60 ? 1 : 6 + day % 2))
        }
        for day in extra { cells.append(.init(day: day, segment: 0, views: 1, addtocarts: 0, transactions: 0)) }
        return DailyCube(segments: segments, cells: cells)
    }

    func analyze(_ cube: DailyCube) -> AnalysisResults {
        Analyzer(settings: AnalysisSettings()).analyze(cube, quality: IngestReport())
    }

    @Test func aStrayRowChangesNoVerdict() throws {
        let clean = analyze(cube())
        #expect(clean.verdict?.status == .critical)
        // Years away, a week after the end, the day after the end, and decades before.
        for stray in ["2016-01-01", "2015-08-16", "2015-08-10", "2000-01-01", "2099-12-31"].map({ Day(iso: $0)! }) {
            let results = analyze(cube(extra: [stray]))
            #expect(results.verdict == clean.verdict, "\(stray)")
            #expect(results.detector == clean.detector, "\(stray)")
            #expect(results.dataset.outlyingDays == [DayEvents(date: stray, events: 1)], "\(stray)")
            #expect(results.dataset.firstDay == start && results.dataset.lastDay == Day(iso: "2015-08-09"), "\(stray)")
        }
    }

    /// Daily totals here are 515 and 517 (60 days) and 510 or 511 (the 10 drop days), so the
    /// median day holds 515 events and 1 % of it is 5.15: a last day of 5 events is set aside,
    /// one of 6 is data.
    @Test func tinyMeansUnderOnePercentOfAMedianDay() {
        var small = cube()
        small = small.merged(with: DailyCube(segments: segments, cells: [.init(day: Day(iso: "2015-08-10")!, segment: 0, views: 5, addtocarts: 0, transactions: 0)]))
        #expect(OutlyingDays(cube: small).days == [Day(iso: "2015-08-10")!: 5])
        let kept = cube().merged(with: DailyCube(segments: segments, cells: [.init(day: Day(iso: "2015-08-10")!, segment: 0, views: 6, addtocarts: 0, transactions: 0)]))
        #expect(OutlyingDays(cube: kept).days.isEmpty)
    }

    /// A cluster past a 28-day gap is set aside only while it holds under 1 % of all events:
    /// the 70 days hold 21,665 (Chrome) + 14,400 (Safari) = 36,065, so with the cluster's own
    /// 300 the limit is 363.65 (set aside), with 400 it is 364.65 (kept).
    @Test func aFarClusterMustBeTiny() {
        func far(_ views: Int) -> DailyCube {
            cube().merged(with: DailyCube(segments: segments, cells: (0..<2).map {
                .init(day: Day(iso: "2015-09-08")!.advanced(by: $0), segment: 0, views: views / 2, addtocarts: 0, transactions: 0)
            }))
        }
        #expect(OutlyingDays(cube: far(300)).days.count == 2)
        #expect(OutlyingDays(cube: far(400)).days.isEmpty)
        // Within 27 empty days it is part of the data (each of its days holds over 1 % of a median day).
        let near = cube().merged(with: DailyCube(segments: segments, cells: [.init(day: Day(iso: "2015-09-06")!, segment: 0, views: 100, addtocarts: 0, transactions: 0)]))
        #expect(OutlyingDays(cube: near).days.isEmpty)
    }
}
