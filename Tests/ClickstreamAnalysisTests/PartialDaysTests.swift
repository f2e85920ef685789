@testable import ClickstreamAnalysis
@testable import ClickstreamCore
import Testing

/// A first or last day the data covers only in part is found from the timestamps against
/// the other days, left out (and named), and can never alone make a verdict milder.
struct PartialDaysTests {
    let start = Day(iso: "2015-06-01")!
    static let minute = 60_000

    /// Extents of `count` days: day i (inside) from 00:0i to 23:5i; the edges as given.
    func extents(count: Int, firstFrom: Int, lastUntil: Int) -> [DayExtent] {
        (0..<count).map { i in
            let m = Self.minute
            if i == 0 { return DayExtent(day: start, first: firstFrom, last: 23 * 60 * m) }
            if i == count - 1 { return DayExtent(day: start.advanced(by: i), first: 0, last: lastUntil) }
            return DayExtent(day: start.advanced(by: i), first: (i % 10) * m, last: (23 * 60 + 50 + i % 10) * m)
        }
    }

    @Test func edgesThatStartLateOrStopEarlyArePartial() {
        let m = Self.minute
        let window = start...start.advanced(by: 9)
        // Inside: days 1-8 begin by 00:01-00:08 and run to 23:51-23:58.
        let cut = PartialDays(extents: extents(count: 10, firstFrom: 12 * 60 * m, lastUntil: 59 * m), window: window,
                              events: [start: 500, start.advanced(by: 9): 40])
        #expect(cut.days.map(\.description) == [
            "2015-06-01 (events from 12:00 to 23:00 only; the other days begin by 00:08)",
            "2015-06-10 (events from 00:00 to 00:59 only; the other days run to 23:51 or later)",
        ])
        #expect(cut.events == 540 && cut.trimmed(window) == start.advanced(by: 1)...start.advanced(by: 8))
        // Less than an hour short of the usual: whole. 22:52 is 59 minutes before 23:51.
        let short = PartialDays(extents: extents(count: 10, firstFrom: 68 * m, lastUntil: (22 * 60 + 52) * m), window: window, events: [:])
        #expect(short.days.isEmpty)
        #expect(PartialDays(extents: extents(count: 10, firstFrom: 0, lastUntil: (22 * 60 + 50) * m), window: window, events: [:]).days.count == 1)
        // Six days inside cannot tell what a whole day looks like.
        let few = PartialDays(extents: extents(count: 8, firstFrom: 0, lastUntil: 59 * m), window: start...start.advanced(by: 7), events: [:])
        #expect(few.days.isEmpty)
    }

    @Test func theUsualEndIsTheFivePercentQuantile() {
        let m = Self.minute
        // 41 days inside ending 23:00, 23:10, 23:20 once each and 23:59 otherwise: rank ⌊0.05 × 40⌋ = 2 is 23:20.
        var list = (0..<43).map { DayExtent(day: start.advanced(by: $0), first: 0, last: (23 * 60 + 59) * m) }
        for (i, minutes) in [(5, 0), (6, 10), (7, 20)] { list[i].last = (23 * 60 + minutes) * m }
        list[42].last = (22 * 60 + 19) * m
        let partial = PartialDays(extents: list, window: start...start.advanced(by: 42), events: [:])
        #expect(partial.days.map(\.usual) == ["23:20"])
        list[42].last = (22 * 60 + 21) * m
        #expect(PartialDays(extents: list, window: start...start.advanced(by: 42), events: [:]).days.isEmpty)
    }

    /// 40 days of 1,000 views and 19 or 21 sales, the last cut at 00:59 with 300 views and no sale.
    func analysis(keep: Bool) -> AnalysisResults {
        let segment = Segment(browser: "Safari", os: "iOS", device: "Mobile")
        var cells: [DailyCube.Cell] = (0..<39).map { .init(day: start.advanced(by: $0), segment: 0, views: 1000, addtocarts: 0, transactions: 19 + 2 * ($0 % 2)) }
        cells.append(.init(day: start.advanced(by: 39), segment: 0, views: 300, addtocarts: 0, transactions: 0))
        var quality = IngestReport()
        quality.dayExtents = extents(count: 40, firstFrom: 0, lastUntil: 59 * Self.minute)
        var settings = AnalysisSettings()
        settings.keepPartialDays = keep
        settings.detectorSegment = SegmentPattern(segment)
        return Analyzer(settings: settings).analyze(DailyCube(segments: [segment], cells: cells), quality: quality)
    }

    @Test func leavingADayOutNeverMakesTheVerdictMilderAlone() throws {
        let left = analysis(keep: false)
        #expect(left.dataset.lastDay == start.advanced(by: 38) && left.dataset.eventsBeforeWindow == 0)
        #expect(left.dataset.partialDays.map(\.kept) == [false] && left.dataset.partialDays.first?.events == 300)
        // Counted, the cut day is an anomaly (0 of 300 views bought: 2.5 σ below 2 %);
        // left out, every day is normal: the data cannot say which, so no verdict.
        let verdict = try #require(left.verdict)
        #expect(verdict.status == .noVerdict && verdict.noVerdictReasons.map(\.code) == [.partialDays])
        #expect(verdict.noVerdictReasons[0].message.hasPrefix("left out as partial, 2015-07-10 (events from 00:00 to 00:59 only; the other days run to 23:50 or later) would turn OK into ANOMALY if counted"))
        let kept = analysis(keep: true)
        #expect(kept.dataset.lastDay == start.advanced(by: 39) && kept.dataset.partialDays.map(\.kept) == [true])
        #expect(kept.verdict?.status == .anomaly)
    }
}
