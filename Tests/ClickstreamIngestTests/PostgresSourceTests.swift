import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// The PostgreSQL route against a real server: `CLICKSTREAM_TEST_POSTGRES` names it (a
/// URL whose database the tests may create tables in; `.ci/run` starts one). Without a
/// server the tests say so on stderr and pass, unless `CLICKSTREAM_REQUIRE_SERVERS=1` (CI),
/// where a missing server fails them.
@Suite(.serialized) struct PostgresSourceTests {
    static let serverURL = ProcessInfo.processInfo.environment["CLICKSTREAM_TEST_POSTGRES"]
        ?? "postgresql://postgres@127.0.0.1:5432/postgres"

    /// A connection to the test server, or nil after saying loudly why there is none.
    static func server() throws -> PostgresConnection? {
        guard try TestServers.named("CLICKSTREAM_TEST_POSTGRES", tests: "PostgreSQL", start: "bash .ci/start-postgres") != nil else { return nil }
        do {
            return try PostgresConnection(try serverDatabase(), timeout: 5)
        } catch {
            if ProcessInfo.processInfo.environment["CLICKSTREAM_REQUIRE_SERVERS"] == "1" { throw error }
            FileHandle.standardError.write(Data("SKIPPED: the PostgreSQL tests need a server (\(serverURL)): \(error)\n".utf8))
            return nil
        }
    }

    /// The test server's URL, parsed (it names no table).
    static func serverDatabase() throws(ClickstreamError) -> DatabaseURL { try DatabaseURL(serverURL + "?table=probe") }

    /// `serverURL` reading `table`.
    static func url(_ table: String) -> String {
        let base = serverURL.split(separator: "?")[0]
        return base + "?table=" + DatabaseURL.escape(table)
    }

    /// Creates `table` with the CSV's columns and loads the CSV into it.
    static func load(_ csv: String, into table: String, on connection: PostgresConnection,
                     columns: String = "timestamp bigint, visitorid bigint, event text, itemid bigint, transactionid bigint, device text, os text, browser text") throws {
        let name = CubeQuery.quoted(table)
        try connection.execute("DROP TABLE IF EXISTS \(name) CASCADE; CREATE TABLE \(name) (\(columns))")
        let bytes = [UInt8](FileManager.default.contents(atPath: csv)!)
        try connection.copy("COPY \(name) FROM STDIN WITH (FORMAT csv, HEADER true)", data: bytes)
    }

    /// What must agree between a database read and a CSV read: the cube and the counts.
    static func comparable(_ result: IngestResult) -> IngestResult {
        var copy = result
        copy.report.files = []
        copy.report.rejects = []
        copy.report.outOfOrderRows = 0
        return copy
    }

    @Test func aTableGivesTheCSVsCubeAndCounts() throws {
        guard let connection = try Self.server() else { return }
        let directory = TemporaryDirectory()
        let csv = try GeneratedDataset.write(directory, "events.csv", events: 40_000, days: 35)
        // A hostile name: quotes, a semicolon, a comment; it is an identifier, quoted.
        let table = "events \"; DROP TABLE x; --"
        try Self.load(csv, into: table, on: connection)
        let database = try Ingestor.ingest(paths: [Self.url(table)])
        let file = try Ingestor.ingest(paths: [csv])
        #expect(database.report.accepted == 40_000)
        #expect(Self.comparable(database) == Self.comparable(file))
        #expect(database.report.files.first?.path.hasPrefix("postgresql://") == true)
        try connection.execute("DROP TABLE \(CubeQuery.quoted(table))")
    }

    @Test func badRowsAreCountedByTheCSVRules() throws {
        guard let connection = try Self.server() else { return }
        let directory = TemporaryDirectory()
        let n = CSVFixtures.noon
        // A good row, an unknown event, a negative item, an empty device, a time in
        // seconds (out of range in milliseconds), a purchase without an id.
        let csv = directory.write("rows.csv", CSVFixtures.enriched([
            CSVFixtures.row(n), CSVFixtures.row(n, event: "click"), "\(n),1,view,-5,,Mobile,iOS,Safari",
            CSVFixtures.row(n, event: String(repeating: "scroll-depth-", count: 6)),
            "\(n),1,view,5,,,iOS,Safari", "1431000000,1,view,5,,Mobile,iOS,Safari", CSVFixtures.row(n, event: "transaction"),
        ]))
        try Self.load(csv, into: "rows", on: connection)
        let database = try Ingestor.ingest(paths: [Self.url("rows")])
        let file = try Ingestor.ingest(paths: [csv])
        #expect(database.report.accepted == 2 && database.report.rejected == 5)
        #expect(database.report.rejectsByReason == file.report.rejectsByReason)
        // A long unknown name is shortened as the CSV reader shortens it.
        #expect(database.report.unknownEvents == file.report.unknownEvents && database.report.unknownEvents.count == 2)
        #expect(database.report.transactionsWithoutID == 1)
        #expect(Self.comparable(database) == Self.comparable(file))
    }

    @Test func timestampColumnsAndTheShopsZone() throws {
        guard let connection = try Self.server() else { return }
        let directory = TemporaryDirectory()
        let csv = try GeneratedDataset.write(directory, "events.csv", events: 5_000, days: 10)
        try Self.load(csv, into: "epoch", on: connection)
        // The same instants as timestamptz, and as wall-clock New York times (timestamp).
        try connection.execute("""
            DROP TABLE IF EXISTS instants; CREATE TABLE instants AS SELECT to_timestamp(timestamp / 1000.0) AS "Event ""Time""; --", visitorid, event, itemid, transactionid, device, os, browser FROM epoch;
            DROP TABLE IF EXISTS walls; CREATE TABLE walls AS SELECT (to_timestamp(timestamp / 1000.0) AT TIME ZONE 'America/New_York') AS "Event ""Time""; --", visitorid, event, itemid, transactionid, device, os, browser FROM epoch;
            """)
        var newYork = IngestOptions()
        newYork.timeZone = try TimeZoneRules(named: "America/New_York")
        let file = try Ingestor.ingest(paths: [csv], options: newYork)
        var mapped = newYork
        // A hostile column name from the config: quotes, a semicolon, a comment.
        mapped.columns.time = "Event \"Time\"; --"
        for table in ["instants", "walls"] {
            let database = try Ingestor.ingest(paths: [Self.url(table)], options: mapped)
            #expect(Self.comparable(database) == Self.comparable(file), "\(table)")
        }
        #expect(try Ingestor.ingest(paths: [Self.url("epoch")], options: newYork).cube == file.cube)
    }

    static func message(_ input: String, options: IngestOptions = IngestOptions()) -> String {
        do {
            _ = try Ingestor.ingest(paths: [input], options: options)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func faultsAreErrorsThatNameTheServer() throws {
        guard let connection = try Self.server() else { return }
        let url = try Self.serverDatabase()
        // Nothing listens on port 1.
        let down = Self.message("postgresql://postgres@127.0.0.1:1/postgres?table=events")
        #expect(down.hasPrefix("postgresql://127.0.0.1:1: cannot connect"))
        #expect(Self.message("postgresql://postgres@127.0.0.1/db?table=events&x=1").contains("unknown parameter \"x\""))
        let database = Self.message("postgresql://\(url.user!)\(url.password.map { ":" + $0 } ?? "")@\(url.host):\(url.port)/no_such_database?table=events")
        #expect(database.contains("cannot connect") && database.contains("no_such_database"))
        #expect(Self.message(Self.url("no_such_table")).contains("no table no_such_table in database"))
        let directory = TemporaryDirectory()
        try Self.load(directory.write("one.csv", CSVFixtures.enriched([CSVFixtures.row(CSVFixtures.noon)])), into: "one", on: connection)
        var options = IngestOptions()
        options.columns.visitor = "user_id"
        #expect(Self.message(Self.url("one"), options: options).contains("table: missing column user_id"))
        // A statement over the timeout: a view that sleeps.
        try connection.execute("CREATE OR REPLACE VIEW slow AS SELECT e.* FROM one e, pg_sleep(3)")
        var quick = IngestOptions()
        quick.databaseTimeout = 1
        #expect(Self.message(Self.url("slow"), options: quick).contains("statement timeout"))
    }

    @Test func aWrongPasswordIsRefused() throws {
        guard (try Self.server()) != nil else { return }
        let url = try Self.serverDatabase()
        guard url.password != nil else {
            FileHandle.standardError.write(Data("SKIPPED: the wrong-password test needs a server that asks for one (CLICKSTREAM_TEST_POSTGRES with a password)\n".utf8))
            return
        }
        let wrong = "postgresql://\(url.user!):wrong@\(url.host):\(url.port)/\(url.database)?table=events"
        let message = Self.message(wrong)
        #expect(message.hasPrefix("postgresql://\(url.host):\(url.port): cannot connect") && message.contains("password"))
        #expect(!message.contains("wrong@"))
    }

    @Test func urlsAreParsedAndRedacted() throws {
        let url = try DatabaseURL("postgresql://shop%20user:s%40cret@db.example:6543/analytics?table=events%22x")
        #expect(url.user == "shop user" && url.password == "s@cret" && url.host == "db.example" && url.port == 6543)
        #expect(url.database == "analytics" && url.table == "events\"x")
        #expect(url.redacted == "postgresql://shop%20user@db.example:6543/analytics?table=events%22x")
        #expect(try DatabaseURL("clickhouse://ch1/db?table=t").port == 8123)
        #expect(throws: ClickstreamError.self) { try DatabaseURL("postgresql://u@h/db") }
        #expect(throws: ClickstreamError.self) { try DatabaseURL("postgresql://u@h/db?table=t&where=1=1") }
        #expect(throws: ClickstreamError.self) { try DatabaseURL("postgresql://h/db?table=t") }
        // A bad escape, and an escape of a byte that is not UTF-8.
        #expect(throws: ClickstreamError.self) { try DatabaseURL("postgresql://u@h/db%ZZ?table=t") }
        #expect(throws: ClickstreamError.self) { try DatabaseURL("postgresql://u@h/db?table=t%FF") }
    }
}

extension PostgresSourceTests {
    @Test func aServerThatAnswersGarbageIsAnError() throws {
        let garbage = try GarbageServer()
        let message = Self.message("postgresql://postgres@127.0.0.1:\(garbage.port)/shop?table=events")
        #expect(message.hasPrefix("postgresql://127.0.0.1:\(garbage.port): cannot connect"))
    }
}

extension PostgresSourceTests {
    /// Values no CSV reader would take for a time are rejected rows, never a failed
    /// statement: seconds that overflow in milliseconds, and 'infinity'.
    @Test func extremeTimesAreRejectedRowsNotErrors() throws {
        guard let connection = try Self.server() else { return }
        let n = CSVFixtures.noon
        try connection.execute("""
            DROP TABLE IF EXISTS extreme; CREATE TABLE extreme (timestamp bigint, visitorid bigint, event text, itemid bigint, transactionid bigint, device text, os text, browser text);
            INSERT INTO extreme VALUES (\(n / 1000), 1, 'view', 5, NULL, 'Mobile', 'iOS', 'Safari'), (-9223372036854775807, 1, 'view', 5, NULL, 'Mobile', 'iOS', 'Safari');
            DROP TABLE IF EXISTS infinite; CREATE TABLE infinite AS SELECT to_timestamp(timestamp) AS timestamp, visitorid, event, itemid, transactionid, device, os, browser FROM extreme WHERE timestamp > 0;
            INSERT INTO infinite SELECT 'infinity'::timestamptz, visitorid, event, itemid, transactionid, device, os, browser FROM infinite;
            """)
        var seconds = IngestOptions()
        seconds.timeUnit = .seconds
        let overflow = try Ingestor.ingest(paths: [Self.url("extreme")], options: seconds)
        #expect(overflow.report.accepted == 1 && overflow.report.rejectsByReason == [.timestamp: 1])
        let infinite = try Ingestor.ingest(paths: [Self.url("infinite")])
        #expect(infinite.report.accepted == 1 && infinite.report.rejectsByReason == [.timestamp: 1])
    }
}

extension PostgresSourceTests {
    /// --since / --until in the statement: the same cube and counts as the bounded CSV
    /// read, in UTC and in New York, with a row outside whose device has a control
    /// character (rejected, as the CSV reader rejects it).
    @Test func dayBoundsGiveTheBoundedCSVRead() throws {
        guard let connection = try Self.server() else { return }
        let directory = TemporaryDirectory()
        let generated = try GeneratedDataset.write(directory, "events.csv", events: 20_000, days: 30)
        let csv = directory.write("bounded.csv", try String(contentsOfFile: generated, encoding: .utf8)
            + "\(CSVFixtures.noon - 40 * 86_400_000),1,view,5,,Mo\u{7}bile,iOS,Safari\n")
        try Self.load(csv, into: "bounded", on: connection)
        var options = IngestOptions()
        for zone in ["UTC", "America/New_York"] {
            options.timeZone = try TimeZoneRules(named: zone)
            options.days = DayBounds(since: Day(iso: "2015-05-10"), until: Day(iso: "2015-05-20"))
            let database = try Ingestor.ingest(paths: [Self.url("bounded")], options: options)
            let file = try Ingestor.ingest(paths: [csv], options: options)
            #expect(Self.comparable(database) == Self.comparable(file), "\(zone)")
            #expect((file.report.eventsOutsideBounds ?? 0) > 5_000 && file.report.rejectsByReason == [.controlCharacter: 1])
        }
    }
}
