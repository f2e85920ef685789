@testable import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Testing

/// A file with its own column and event names, mapped to the roles the tool reads, gives
/// the cube of the same events in the Retail Rocket layout.
struct InputMappingTests {
    static var mapped: IngestOptions {
        var options = IngestOptions()
        options.columns.time = "event_time"
        options.columns.visitor = "user_pseudo_id"
        options.columns.event = "event_name"
        options.columns.item = nil
        options.columns.transaction = "transaction_id"
        options.idsAreText = true  // as a config's input.columns sets it
        options.events.view = ["page_view", "view_item"]
        options.events.addtocart = ["add_to_cart"]
        options.events.transaction = ["purchase"]
        options.dimensions = DimensionSchema(["device_category", "operating_system", "browser"])
        return options
    }

    @Test func ownNamesGiveTheStandardCube() throws {
        let n = CSVFixtures.noon
        let standard = try CSVFixtures.ingest(CSVFixtures.enriched([
            CSVFixtures.row(n, visitor: 1), CSVFixtures.row(n, visitor: 1), CSVFixtures.row(n, visitor: 2, event: "addtocart"),
            CSVFixtures.row(n, visitor: 2, event: "transaction", transaction: "7"),
        ]))
        // Columns in another order, an extra column, no item column, two names for a view.
        let own = """
            event_name,extra,user_pseudo_id,event_time,transaction_id,device_category,operating_system,browser
            page_view,x,1,\(n),,Mobile,iOS,Safari
            view_item,x,1,\(n),,Mobile,iOS,Safari
            add_to_cart,x,2,\(n),,Mobile,iOS,Safari
            purchase,x,2,\(n),7,Mobile,iOS,Safari
            click,x,3,\(n),,Mobile,iOS,Safari

            """
        let mapped = try CSVFixtures.ingest(own, options: Self.mapped)
        #expect(mapped.cube.cells == standard.cube.cells && mapped.cube.segments.map(\.values) == standard.cube.segments.map(\.values))
        #expect(mapped.report.accepted == 4 && mapped.report.transactionsWithoutID == 0)
        #expect(mapped.report.rejects.first?.message == "event_name: expected one of page_view, view_item, add_to_cart, purchase, found \"click\"")
    }

    @Test func aMissingMappedColumnIsNamedWithTheHeader() {
        #expect {
            _ = try CSVFixtures.ingest("event_name,user_pseudo_id,time\nview,1,5\n", options: Self.mapped)
        } throws: { error in
            "\(error)".contains("missing column event_time, transaction_id, device_category, operating_system, browser; found \"event_name\", \"user_pseudo_id\", \"time\"")
        }
    }
}

/// Days are calendar days in the configured zone: an evening in New York is that day
/// there, not the next UTC day, across both daylight-saving changes, whether the file is
/// read in one piece or in chunks on several cores.
struct LocalDaysTests {
    static let rows = [
        "2015-03-08T23:30:00-04:00,1,view,1,,Mobile,iOS,Safari",   // 03-09 03:30 UTC; local 03-08 (23 hours long)
        "2015-03-08T00:30:00-05:00,1,view,1,,Mobile,iOS,Safari",   // 03-08 05:30 UTC; local 03-08
        "2015-03-07T23:59:00-05:00,1,view,1,,Mobile,iOS,Safari",   // 03-08 04:59 UTC; local 03-07
        "2015-11-01T23:59:00-05:00,1,transaction,1,9,Mobile,iOS,Safari",  // 11-02 04:59 UTC; local 11-01 (25 hours)
    ]

    static func days(_ result: IngestResult) -> [String] {
        result.cube.cells.map { "\($0.day) \($0.views)/\($0.transactions)" }
    }

    @Test func eveningsCountOnTheirLocalDay() throws {
        let text = CSVFixtures.enrichedHeader + "\n" + Self.rows.joined(separator: "\n") + "\n"
        var options = IngestOptions()
        #expect(Self.days(try CSVFixtures.ingest(text, options: options)) == ["2015-03-08 2/0", "2015-03-09 1/0", "2015-11-02 0/1"])
        options.timeZone = try TimeZoneRules(named: "America/New_York")
        let local = try CSVFixtures.ingest(text, options: options)
        #expect(Self.days(local) == ["2015-03-07 1/0", "2015-03-08 2/0", "2015-11-01 0/1"])
        #expect(local.report.timeZone == "America/New_York")
        // Each day's first and last events on the shop's clock: 03-08 from 00:30 to 23:30.
        #expect(local.report.dayExtents.map { "\($0.day) \(DayExtent.clockText($0.first))-\(DayExtent.clockText($0.last))" }
                == ["2015-03-07 23:59-23:59", "2015-03-08 00:30-23:30", "2015-11-01 23:59-23:59"])
    }

    @Test func chunksCountTheSameLocalDays() throws {
        let dir = TemporaryDirectory()
        var lines = [CSVFixtures.enrichedHeader]
        for i in 0..<120_000 { lines.append(Self.rows[i % Self.rows.count]) }
        let path = dir.write("big.csv", lines.joined(separator: "\n") + "\n")
        var options = IngestOptions()
        options.timeZone = try TimeZoneRules(named: "America/New_York")
        let whole = try Ingestor.ingest(paths: [path], options: options)
        #expect(whole.report.timeZone == "America/New_York")
        #expect(Self.days(whole) == ["2015-03-07 30000/0", "2015-03-08 60000/0", "2015-11-01 0/30000"])
        let chunked = try #require(try ChunkedFileIngest.ingest(FileByteSource(path: path), options: options, chunks: 3))
        #expect(chunked.cube == whole.cube)
    }
}

/// A funnel step no row has is a warning naming the names looked for and what the first
/// row rejected for its event name held (a name spelt otherwise in the file).
struct MissingStepTests {
    @Test func aStepNoRowHasIsAWarning() throws {
        let dir = TemporaryDirectory()
        let n = CSVFixtures.noon
        let path = dir.write("own.csv", """
            event_time,user_pseudo_id,event_name,transaction_id,device_category,operating_system,browser
            \(n),1,page_view,,Mobile,iOS,Safari
            \(n),1,add_to_cart,,Mobile,iOS,Safari
            \(n),1,Purchase,7,Mobile,iOS,Safari
            \(n),1,scroll,,Mobile,iOS,Safari
            \(n),2,Purchase,8,Mobile,iOS,Safari

            """)
        let result = try Ingestor.ingest(paths: [path], options: InputMappingTests.mapped)
        #expect(result.warnings == ["no transaction events: no accepted row has the name \"purchase\"; the file's other event names, rejected with their rows: \"Purchase\" (2), \"scroll\" (1)"])
        #expect(result.report.unknownEvents == ["Purchase": 2, "scroll": 1])
        // Every step present: no warning.
        let standard = dir.write("standard.csv", CSVFixtures.enriched([CSVFixtures.row(n), CSVFixtures.row(n, event: "addtocart"),
                                                                       CSVFixtures.row(n, event: "transaction", transaction: "1")]))
        #expect(try Ingestor.ingest(paths: [standard]).warnings.isEmpty)
    }
}
