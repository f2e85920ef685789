import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// The ClickHouse route against a real two-shard cluster: `CLICKSTREAM_TEST_CLICKHOUSE`
/// names its first server (`.ci/start-clickhouse` starts both: the second answers HTTP on
/// the next port, and both know the clusters `clickstream` and `clickstream_shard_down`).
/// Unset or unreachable, the tests say so on stderr and pass, unless
/// `CLICKSTREAM_REQUIRE_SERVERS=1` (CI), where that fails them (`TestServers`).
@Suite(.serialized) struct ClickHouseSourceTests {
    static let serverURL = ProcessInfo.processInfo.environment["CLICKSTREAM_TEST_CLICKHOUSE"]
        ?? "clickhouse://127.0.0.1:8123/default"

    /// The test server's URL, parsed, with another port (the second shard's server: +1).
    static func serverDatabase(portOffset: Int = 0) throws(ClickstreamError) -> DatabaseURL {
        var url = try DatabaseURL(serverURL + "?table=probe")
        url.port += portOffset
        return url
    }

    /// Connections to the cluster's two servers, or nil after saying loudly why there are none.
    static func servers() throws -> [ClickHouseConnection]? {
        guard try TestServers.named("CLICKSTREAM_TEST_CLICKHOUSE", tests: "ClickHouse", start: "bash .ci/start-clickhouse") != nil else { return nil }
        do {
            let connections = try [0, 1].map { try ClickHouseConnection(try serverDatabase(portOffset: $0), timeout: 5) }
            for connection in connections { _ = try connection.serverVersion() }
            return connections
        } catch {
            if ProcessInfo.processInfo.environment["CLICKSTREAM_REQUIRE_SERVERS"] == "1" { throw error }
            FileHandle.standardError.write(Data("SKIPPED: the ClickHouse tests need the two-server cluster of .ci/start-clickhouse (\(serverURL)): \(error)\n".utf8))
            return nil
        }
    }

    /// `serverURL` reading `table`, optionally with other credentials.
    static func url(_ table: String, credentials: String? = nil) throws -> String {
        var base = String(serverURL.split(separator: "?")[0])
        if let credentials {
            let url = try serverDatabase()
            base = "clickhouse://\(credentials)@\(url.host):\(url.port)/\(url.database)"
        }
        return base + "?table=" + DatabaseURL.escape(table)
    }

    static let csvColumns = "timestamp Int64, visitorid Int64, event String, itemid Nullable(Int64), transactionid Nullable(Int64), device String, os String, browser String"

    /// Loads a CSV file (its header skipped) into `table`: a MergeTree table on the first
    /// server, or with `distributed`, a local table on each server and a Distributed table
    /// named `table` over both, the rows spread by visitor.
    static func load(_ csv: String, into table: String, on servers: [ClickHouseConnection],
                     columns: String = csvColumns, distributed: Bool = false, nullable: [Int] = [3, 4]) throws {
        let name = CubeQuery.backquoted(table)
        let local = CubeQuery.backquoted(table + "_local")
        // ClickHouse reads an empty CSV field as 0, not NULL: the ids' empty fields become \N.
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
        let bytes = Array(lines.map { line in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false)
            for index in nullable where fields.count > index && fields[index].isEmpty { fields[index] = "\\N" }
            return fields.joined(separator: ",") + "\n"
        }.joined().utf8)
        try servers[0].execute("DROP TABLE IF EXISTS \(name)")
        if distributed {
            for server in servers {
                try server.execute("DROP TABLE IF EXISTS \(local)")
                try server.execute("CREATE TABLE \(local) (\(columns)) ENGINE = MergeTree ORDER BY tuple()")
            }
            try servers[0].execute("CREATE TABLE \(name) AS \(local) ENGINE = Distributed(clickstream, default, \(local), cityHash64(visitorid))")
            try servers[0].execute("INSERT INTO \(name) FORMAT CSV", data: bytes, settings: [("insert_distributed_sync", "1")])
        } else {
            try servers[0].execute("CREATE TABLE \(name) (\(columns)) ENGINE = MergeTree ORDER BY tuple()")
            try servers[0].execute("INSERT INTO \(name) FORMAT CSV", data: bytes)
        }
    }

    /// The number of rows `sql` returns on `server` (the first field of its first row).
    static func count(_ sql: String, on server: ClickHouseConnection) throws -> Int {
        var value = -1
        try server.query(sql) { fields in value = Int(String(decoding: fields[0] ?? [], as: UTF8.self)) ?? -1 }
        return value
    }

    @Test func aDistributedTableGivesTheCSVsCubeAndCounts() throws {
        guard let servers = try Self.servers() else { return }
        let directory = TemporaryDirectory()
        let csv = try GeneratedDataset.write(directory, "events.csv", events: 40_000, days: 35)
        // A hostile name: backquotes, a backslash, quotes, a semicolon, a comment.
        let table = "events `\\'\"; DROP TABLE x; --"
        try Self.load(csv, into: table, on: servers, distributed: true)
        // Both shards hold rows: the query really spans the cluster.
        let local = CubeQuery.backquoted(table + "_local")
        let shares = try servers.map { try Self.count("SELECT count() FROM \(local)", on: $0) }
        #expect(shares.allSatisfy { $0 > 15_000 } && shares.reduce(0, +) == 40_000)
        let database = try Ingestor.ingest(paths: [try Self.url(table)])
        let file = try Ingestor.ingest(paths: [csv])
        #expect(database.report.accepted == 40_000)
        #expect(PostgresSourceTests.comparable(database) == PostgresSourceTests.comparable(file))
        #expect(database.report.files.first?.path.hasPrefix("clickhouse://") == true)
        // The provenance: the server, the statement, the answer's rows; no password.
        var options = IngestOptions()
        options.describeInputs = true
        let described = try Ingestor.ingest(paths: [try Self.url(table)], options: options)
        let input = try #require(described.inputs?.first)
        #expect(input.server?.hasPrefix("ClickHouse 18.") == true || input.server?.hasPrefix("ClickHouse ") == true)
        #expect(input.query?.contains("GROUP BY") == true && (input.resultRows ?? 0) > 35)
        #expect(!input.path.contains("secret"))
    }

    @Test func badRowsAreCountedByTheCSVRules() throws {
        guard let servers = try Self.servers() else { return }
        let directory = TemporaryDirectory()
        let n = CSVFixtures.noon
        // As for PostgreSQL: a good row, an unknown event, a negative item, an empty device,
        // a time in seconds (out of range in milliseconds), a purchase without an id.
        let rows = [
            CSVFixtures.row(n), CSVFixtures.row(n, event: "click"), "\(n),1,view,-5,,Mobile,iOS,Safari",
            CSVFixtures.row(n, event: String(repeating: "scroll-depth-", count: 6)),
            "\(n),1,view,5,,,iOS,Safari", "1431000000,1,view,5,,Mobile,iOS,Safari", CSVFixtures.row(n, event: "transaction"),
        ]
        let csv = directory.write("rows.csv", CSVFixtures.enriched(rows))
        try Self.load(csv, into: "rows", on: servers)
        let database = try Ingestor.ingest(paths: [try Self.url("rows")])
        let file = try Ingestor.ingest(paths: [csv])
        #expect(database.report.accepted == 2 && database.report.rejected == 5)
        #expect(database.report.rejectsByReason == file.report.rejectsByReason)
        #expect(database.report.unknownEvents == file.report.unknownEvents && database.report.unknownEvents.count == 2)
        #expect(database.report.transactionsWithoutID == 1)
        #expect(PostgresSourceTests.comparable(database) == PostgresSourceTests.comparable(file))
    }

    /// A ClickHouse string holds any bytes: tabs and line feeds (escaped in the answer),
    /// invalid UTF-8 and control characters are judged as in a CSV field.
    @Test func anyBytesInAStringAreJudgedAsInACSVField() throws {
        guard let servers = try Self.servers() else { return }
        let n = CSVFixtures.noon
        try servers[0].execute("DROP TABLE IF EXISTS bytes")
        try servers[0].execute("CREATE TABLE bytes (\(Self.csvColumns)) ENGINE = Memory")
        try servers[0].execute("""
            INSERT INTO bytes VALUES (\(n), 1, 'view', 5, NULL, 'Mobile', 'iOS', 'Safari\\tTab'),
              (\(n), 2, 'view', 5, NULL, 'Mobile', 'iOS', 'Safari\\\\N'), (\(n), 3, 'view', 5, NULL, 'Mobile', 'iOS', '\\\\N'),
              (\(n), 4, 'view', 5, NULL, 'Mobile', 'iOS', unhex('FF')), (\(n), 5, 'view', 5, NULL, 'Mobile', 'iOS', 'Bell\\x07'),
              (\(n), 6, 'odd\\nname\\t\\\\', 5, NULL, 'Mobile', 'iOS', 'Safari'), (\(n), 7, 'view', 5, NULL, 'Mobile', 'iOS', 'Ünïcode ✓')
            """)
        let result = try Ingestor.ingest(paths: [try Self.url("bytes")])
        // A tab and a bell are control characters, FF is not UTF-8, the odd name an unknown event.
        #expect(result.report.accepted == 3)
        #expect(result.report.rejectsByReason == [.invalidUTF8: 1, .controlCharacter: 2, .event: 1])
        #expect(result.report.unknownEvents.keys.first == Array("odd\nname\t\\".utf8).withUnsafeBytes { TextValidation.excerpt($0, limit: 40) })
        let browsers = Set((0..<result.cube.codes.count).map { result.cube.codes.segment($0).values[2] })
        #expect(browsers == ["Safari\\N", "\\N", "Ünïcode ✓"])
    }

    @Test func dateTimeColumnsAndTheShopsZone() throws {
        guard let servers = try Self.servers() else { return }
        let directory = TemporaryDirectory()
        let csv = try GeneratedDataset.write(directory, "events.csv", events: 5_000, days: 10)
        try Self.load(csv, into: "epoch", on: servers)
        // The same instants as DateTime (whole seconds: the CSV twin is cut to seconds too),
        // under a hostile column name from the config.
        let time = CubeQuery.backquoted("Event `Time`; --")
        try servers[0].execute("DROP TABLE IF EXISTS instants")
        try servers[0].execute("CREATE TABLE instants ENGINE = MergeTree ORDER BY tuple() AS SELECT toDateTime(intDiv(timestamp, 1000)) AS \(time), visitorid, event, itemid, transactionid, device, os, browser FROM epoch")
        let seconds = directory.write("seconds.csv", try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").enumerated().map { index, line in
            index == 0 ? String(line) : String(line.prefix(10)) + "000" + String(line.dropFirst(13))
        }.joined(separator: "\n") + "\n")
        var newYork = IngestOptions()
        newYork.timeZone = try TimeZoneRules(named: "America/New_York")
        var mapped = newYork
        mapped.columns.time = "Event `Time`; --"
        let file = try Ingestor.ingest(paths: [seconds], options: newYork)
        let database = try Ingestor.ingest(paths: [try Self.url("instants")], options: mapped)
        #expect(PostgresSourceTests.comparable(database) == PostgresSourceTests.comparable(file))
        #expect(try Ingestor.ingest(paths: [try Self.url("epoch")], options: newYork).cube == Ingestor.ingest(paths: [csv], options: newYork).cube)
        // Days and their first and last events on New York's clock, across the DST change.
        #expect(database.report.dayExtents == file.report.dayExtents && !file.report.dayExtents.isEmpty)
    }

    /// --since / --until in the statement: the same cube and counts as the bounded CSV
    /// read, in UTC and in New York, with a row outside whose device has a control
    /// character (rejected, as the CSV reader rejects it).
    @Test func dayBoundsGiveTheBoundedCSVRead() throws {
        guard let servers = try Self.servers() else { return }
        let directory = TemporaryDirectory()
        let generated = try GeneratedDataset.write(directory, "events.csv", events: 20_000, days: 30)
        let csv = directory.write("bounded.csv", try String(contentsOfFile: generated, encoding: .utf8)
            + "\(CSVFixtures.noon - 40 * 86_400_000),1,view,5,,Mo\u{7}bile,iOS,Safari\n")
        try Self.load(csv, into: "bounded", on: servers, distributed: true)
        var options = IngestOptions()
        for zone in ["UTC", "America/New_York"] {
            options.timeZone = try TimeZoneRules(named: zone)
            options.days = DayBounds(since: Day(iso: "2015-05-10"), until: Day(iso: "2015-05-20"))
            let database = try Ingestor.ingest(paths: [try Self.url("bounded")], options: options)
            let file = try Ingestor.ingest(paths: [csv], options: options)
            #expect(PostgresSourceTests.comparable(database) == PostgresSourceTests.comparable(file), "\(zone)")
            #expect((file.report.eventsOutsideBounds ?? 0) > 5_000 && file.report.rejectsByReason == [.controlCharacter: 1])
        }
    }

    @Test func faultsAreErrorsThatNameTheServer() throws {
        guard let servers = try Self.servers() else { return }
        let url = try Self.serverDatabase()
        func message(_ input: String, _ options: IngestOptions = IngestOptions()) -> String { PostgresSourceTests.message(input, options: options) }
        // Nothing listens on port 1.
        #expect(message("clickhouse://127.0.0.1:1/default?table=events").hasPrefix("clickhouse://127.0.0.1:1: cannot connect"))
        let database = message(try Self.url("events").replacingOccurrences(of: "/\(url.database)?", with: "/no_such_database?"))
        #expect(database.hasPrefix("clickhouse://\(url.host):\(url.port): the query failed") && database.contains("no_such_database"))
        #expect(message(try Self.url("no_such_table")).contains("no table no_such_table in database \(url.database)"))
        let directory = TemporaryDirectory()
        try Self.load(directory.write("one.csv", CSVFixtures.enriched([CSVFixtures.row(CSVFixtures.noon)])), into: "one", on: servers)
        var options = IngestOptions()
        options.columns.visitor = "user_id"
        #expect(message(try Self.url("one"), options).contains("table: missing column user_id"))
        // A statement over the timeout: a view of endless rows, with 1 s allowed.
        try servers[0].execute("DROP TABLE IF EXISTS slow")
        try servers[0].execute("""
            CREATE VIEW slow AS SELECT toInt64(\(CSVFixtures.noon)) AS timestamp, toInt64(number) AS visitorid, 'view' AS event,
              toInt64(5) AS itemid, CAST(NULL AS Nullable(Int64)) AS transactionid, 'Mobile' AS device, 'iOS' AS os, 'Safari' AS browser
            FROM system.numbers
            """)
        var quick = IngestOptions()
        quick.databaseTimeout = 1
        #expect(message(try Self.url("slow"), quick).contains("Timeout exceeded"))
    }

    @Test func oneShardDownIsAnErrorNamingIt() throws {
        guard let servers = try Self.servers() else { return }
        let directory = TemporaryDirectory()
        try Self.load(directory.write("one.csv", CSVFixtures.enriched([CSVFixtures.row(CSVFixtures.noon)])), into: "one", on: servers)
        try servers[0].execute("DROP TABLE IF EXISTS half")
        try servers[0].execute("CREATE TABLE half AS one ENGINE = Distributed(clickstream_shard_down, default, one)")
        let message = PostgresSourceTests.message(try Self.url("half"))
        let url = try Self.serverDatabase()
        #expect(message.hasPrefix("clickhouse://\(url.host):\(url.port): the query failed (HTTP 500)"))
        #expect(message.contains("127.0.0.1:1") && message.contains("Connection refused"))
    }

    @Test func aWrongPasswordIsRefused() throws {
        guard (try Self.servers()) != nil else { return }
        let url = try Self.serverDatabase()
        guard let user = url.user, url.password != nil else {
            FileHandle.standardError.write(Data("SKIPPED: the wrong-password test needs a user with a password (CLICKSTREAM_TEST_CLICKHOUSE)\n".utf8))
            return
        }
        let message = PostgresSourceTests.message(try Self.url("events", credentials: "\(user):wrong"))
        #expect(message.hasPrefix("clickhouse://\(url.host):\(url.port): the query failed") && message.contains("password"))
        #expect(!message.contains("wrong"))
    }

    @Test func aServerThatAnswersGarbageIsAnError() throws {
        // HTTP with a body that is not rows: it ends inside a line.
        let http = try GarbageServer()
        #expect(PostgresSourceTests.message("clickhouse://127.0.0.1:\(http.port)/shop?table=events")
            .hasPrefix("clickhouse://127.0.0.1:\(http.port): the server's answer is not the cube asked for"))
        // Rows, but not the ones asked for.
        let rows = try GarbageServer(answer: "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n1\t2\t3\n")
        #expect(PostgresSourceTests.message("clickhouse://127.0.0.1:\(rows.port)/shop?table=events")
            .contains("not the one asked for"))
        // Not HTTP at all.
        let noise = try GarbageServer(answer: "\u{1B}[2J garbage")
        let message = PostgresSourceTests.message("clickhouse://127.0.0.1:\(noise.port)/shop?table=events")
        #expect(message.hasPrefix("clickhouse://127.0.0.1:\(noise.port): no answer to the query"))
        #expect(!message.contains("\u{1B}"))
    }
}

/// The pieces that need no server: the answer's format, quoting, types.
struct ClickHouseFormatTests {
    func rows(_ chunks: [String]) throws -> [[String?]] {
        var reader = TabSeparatedRows()
        var rows: [[String?]] = []
        var failure: ClickstreamError?
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { bytes in
                do {
                    try reader.feed(bytes, row: { rows.append($0.map { $0.map { String(decoding: $0, as: UTF8.self) } }) },
                                    tooLong: { ClickstreamError(message: "too long") })
                } catch {
                    failure = error as? ClickstreamError
                }
            }
        }
        if let failure { throw failure }
        #expect(reader.unfinished.isEmpty)
        return rows
    }

    @Test func tabSeparatedRowsAreUnescapedAcrossChunks() throws {
        // \N is NULL; an escaped backslash before N is the text \N; escapes of tab, line
        // feed, backslash and quote; a row split between chunks at every byte.
        let answer = "0\t\\N\t\\\\N\ta\\tb\\nc\\\\d\\'e\t\n1\t2\n"
        let whole = try rows([answer])
        #expect(whole == [["0", nil, "\\N", "a\tb\nc\\d'e", ""], ["1", "2"]])
        for cut in 1..<answer.utf8.count {
            let bytes = Array(answer.utf8)
            let first = String(decoding: bytes[..<cut], as: UTF8.self), second = String(decoding: bytes[cut...], as: UTF8.self)
            guard first.utf8.count == cut else { continue }
            #expect(try rows([first, second]) == whole, "cut at \(cut)")
        }
    }

    @Test func aLineWithoutEndIsBoundedAndReported() throws {
        var reader = TabSeparatedRows()
        let chunk = [UInt8](repeating: 0x41, count: 1 << 20)
        var failed = false
        for _ in 0..<20 where !failed {
            chunk.withUnsafeBytes { bytes in
                do {
                    try reader.feed(bytes, row: { _ in }, tooLong: { ClickstreamError(message: "too long") })
                } catch {
                    failed = true
                }
            }
        }
        #expect(failed && reader.unfinished.count <= TabSeparatedRows.lineLimit)
    }

    @Test func identifiersAndValuesCannotLeaveTheirQuotes() {
        #expect(CubeQuery.backquoted("a`b\\c") == "`a\\`b\\\\c`")
        #expect(CubeQuery.literal("it's\\") == "unhex('69742773 5C')".replacingOccurrences(of: " ", with: ""))
        #expect(CubeQuery.literal("") == "unhex('')")
    }

    @Test func typesAreReadThroughTheirWrappers() {
        #expect(ClickHouseSource.kind("Nullable(Int64)") == .integer)
        #expect(ClickHouseSource.kind("LowCardinality(Nullable(String))") == .text)
        #expect(ClickHouseSource.kind("UInt64") == .integer)
        #expect(ClickHouseSource.kind("DateTime('Europe/Berlin')") == .instant)
        #expect(ClickHouseSource.kind("DateTime64(3, 'UTC')") == .preciseInstant)
        #expect(ClickHouseSource.kind("Enum8('a' = 1)") == .text)
        #expect(ClickHouseSource.kind("Nullable(Float32)") == .floating && ClickHouseSource.kind("Decimal(12, 2)") == .decimal)
        #expect(ClickHouseSource.kind("Decimal64(4)") == .decimal && ClickHouseSource.kind("Array(String)") == nil)
    }

    @Test func theStatementQuotesTheConfigsNames() throws {
        var options = IngestOptions()
        options.events.view = ["page_view'); DROP TABLE t; --"]
        let columns = CubeQuery.Columns(
            time: .init(name: "t`ime", kind: .instant), visitor: .init(name: "v", kind: .integer), event: .init(name: "e", kind: .text),
            item: nil, transaction: nil, dimensions: [.init(name: "d", kind: .text)])
        let query = try CubeQuery.clickhouse(database: "db", table: "ta`ble", columns: columns, options: options)
        #expect(query.sql.contains("FROM `db`.`ta\\`ble`") && query.sql.contains("`t\\`ime`"))
        #expect(!query.sql.contains("DROP TABLE") && query.sql.contains(CubeQuery.literal("page_view'); DROP TABLE t; --")))
    }
}
