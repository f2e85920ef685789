import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// `--since` / `--until` on files: days outside are left out and counted, never lost.
struct DayBoundsTests {
    static let day: Int64 = 86_400_000

    @Test func daysOutsideAreLeftOutAndCounted() throws {
        let n = CSVFixtures.noon  // 2015-05-07 12:00 UTC
        let directory = TemporaryDirectory()
        // May 7: two Safari rows; May 8: one Chrome row and one with a bad time; May 9: one
        // Firefox row. Bounded to May 8 alone: one cell; the Safari and Firefox segments go
        // with their days; 3 accepted events are outside; the bad time is still a reject.
        let csv = directory.write("rows.csv", CSVFixtures.enriched([
            CSVFixtures.row(n), CSVFixtures.row(n + 60_000, event: "addtocart"),
            CSVFixtures.row(n + Self.day, browser: "Chrome"), "x,1,view,5,,Mobile,iOS,Chrome",
            CSVFixtures.row(n + 2 * Self.day + 3_600_000, browser: "Firefox"),
        ]))
        var options = IngestOptions()
        options.days = DayBounds(since: Day(iso: "2015-05-08"), until: Day(iso: "2015-05-08"))
        let result = try Ingestor.ingest(paths: [csv], options: options)
        #expect(result.cube.segments.map(\.description) == ["Chrome · iOS · Mobile"])
        #expect(result.cube.cells == [DailyCube.Cell(day: Day(iso: "2015-05-08")!, segment: 0, views: 1, addtocarts: 0, transactions: 0)])
        #expect(result.report.accepted == 4 && result.report.rejected == 1 && result.report.eventsOutsideBounds == 3)
        #expect(result.report.dayExtents.map(\.day) == [Day(iso: "2015-05-08")!])
        #expect(result.report.dayBounds == options.days)
        // Open on one side: May 8 on keeps Chrome and Firefox.
        options.days = DayBounds(since: Day(iso: "2015-05-08"), until: nil)
        let open = try Ingestor.ingest(paths: [csv], options: options)
        #expect(open.cube.segments.count == 2 && open.report.eventsOutsideBounds == 2)
        // Unbounded: nothing is said of bounds.
        let whole = try Ingestor.ingest(paths: [csv])
        #expect(whole.report.eventsOutsideBounds == nil && whole.report.dayBounds == nil && whole.cube.totals.all == 4)
    }

    @Test func boundsOutsideEveryDayLeaveAnEmptyCube() throws {
        let directory = TemporaryDirectory()
        let csv = directory.write("rows.csv", CSVFixtures.enriched([CSVFixtures.row()]))
        var options = IngestOptions()
        options.days = DayBounds(since: Day(iso: "2016-01-01"), until: nil)
        let result = try Ingestor.ingest(paths: [csv], options: options)
        #expect(result.cube.cells.isEmpty && result.cube.segments.isEmpty && result.report.eventsOutsideBounds == 1)
    }

    @Test func boundsAreDescribed() {
        #expect(DayBounds(since: Day(iso: "2015-06-01"), until: Day(iso: "2015-06-30")).description == "2015-06-01 to 2015-06-30")
        #expect(DayBounds(since: nil, until: Day(iso: "2015-06-30")).description == "up to 2015-06-30")
        #expect(DayBounds(since: Day(iso: "2015-06-01"), until: nil).description == "2015-06-01 on")
    }
}
