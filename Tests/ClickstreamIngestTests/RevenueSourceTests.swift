import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// The revenue column through the databases' statements: every column type a shop keeps
/// amounts in gives the CSV file's revenue, and the same rows are rejected for it.
extension PostgresSourceTests {
    static let revenueColumns = "timestamp bigint, visitorid bigint, event text, itemid bigint, transactionid bigint, revenue %@, device text, os text, browser text"

    @Test(arguments: ["numeric(12,2)", "numeric", "double precision", "real", "text", "character varying(20)"])
    func aRevenueColumnGivesTheCSVsRevenue(type: String) throws {
        guard let connection = try Self.server() else { return }
        let directory = TemporaryDirectory()
        let (csv, total) = try RevenueDataset.write(directory, "revenue.csv", events: 20_000, days: 21)
        try Self.load(csv, into: "revenue", on: connection, columns: String(format: Self.revenueColumns, type))
        let database = try Ingestor.ingest(paths: [Self.url("revenue")], options: RevenueDataset.options)
        let file = try Ingestor.ingest(paths: [csv], options: RevenueDataset.options)
        #expect(database.cube.cells.reduce(0) { $0 + $1.revenue } == total)
        #expect(Self.comparable(database) == Self.comparable(file), "\(type)")
    }

    @Test func wholeAmountsInAnIntegerColumn() throws {
        guard let connection = try Self.server() else { return }
        let directory = TemporaryDirectory()
        let (csv, total) = try RevenueDataset.write(directory, "whole.csv", events: 8_000, days: 14, whole: true)
        try Self.load(csv, into: "whole", on: connection, columns: String(format: Self.revenueColumns, "bigint"))
        let database = try Ingestor.ingest(paths: [Self.url("whole")], options: RevenueDataset.options)
        #expect(database.cube.cells.reduce(0) { $0 + $1.revenue } == total)
        #expect(Self.comparable(database) == Self.comparable(try Ingestor.ingest(paths: [csv], options: RevenueDataset.options)))
    }

    @Test func revenueThatIsNoAmountIsRejectedAsInACSVFile() throws {
        guard let connection = try Self.server() else { return }
        let directory = TemporaryDirectory()
        let csv = directory.write("bad.csv", RevenueSourceRows.text)
        try Self.load(csv, into: "bad_revenue", on: connection, columns: String(format: Self.revenueColumns, "text"))
        let database = try Ingestor.ingest(paths: [Self.url("bad_revenue")], options: RevenueDataset.options)
        let file = try Ingestor.ingest(paths: [csv], options: RevenueDataset.options)
        #expect(file.report.rejectsByReason == [.revenue: RevenueSourceRows.rejected])
        #expect(Self.comparable(database) == Self.comparable(file))
        // Floating point: NaN, infinities and negative amounts are no amounts.
        try connection.execute("""
            DROP TABLE IF EXISTS float_revenue; CREATE TABLE float_revenue AS SELECT timestamp, visitorid, event, itemid, transactionid,
              (CASE revenue WHEN 'NaN' THEN 'NaN' WHEN 'inf' THEN 'Infinity' WHEN '-1' THEN '-1' ELSE '2.675' END)::double precision AS revenue,
              device, os, browser FROM bad_revenue
            """)
        let floats = try Ingestor.ingest(paths: [Self.url("float_revenue")], options: RevenueDataset.options)
        #expect(floats.report.rejectsByReason == [.revenue: 3])
        // 2.675 is 2.674999999999999822…, but × 100 the nearest double is 267.5 exactly
        // (267.4999999999999822 is closer to it than to the next double below): ties to even, 268.
        #expect(floats.cube.cells.reduce(0) { $0 + $1.revenue } == 268 * floats.cube.totals.transaction)
    }
}

extension ClickHouseSourceTests {
    static let revenueColumns = "timestamp Int64, visitorid Int64, event String, itemid Nullable(Int64), transactionid Nullable(Int64), revenue %@, device String, os String, browser String"

    @Test(arguments: ["Nullable(Decimal(12, 2))", "Nullable(Decimal64(4))", "Nullable(Float64)", "Nullable(Float32)", "String"])
    func aRevenueColumnGivesTheCSVsRevenue(type: String) throws {
        guard let servers = try Self.servers() else { return }
        let directory = TemporaryDirectory()
        let (csv, total) = try RevenueDataset.write(directory, "revenue.csv", events: 20_000, days: 21)
        try Self.load(csv, into: "revenue", on: servers, columns: String(format: Self.revenueColumns, type),
                      distributed: true, nullable: [3, 4] + (type == "String" ? [] : [5]))
        let database = try Ingestor.ingest(paths: [try Self.url("revenue")], options: RevenueDataset.options)
        let file = try Ingestor.ingest(paths: [csv], options: RevenueDataset.options)
        #expect(database.cube.cells.reduce(0) { $0 + $1.revenue } == total)
        #expect(PostgresSourceTests.comparable(database) == PostgresSourceTests.comparable(file), "\(type)")
    }

    @Test func revenueThatIsNoAmountIsRejectedAsInACSVFile() throws {
        guard let servers = try Self.servers() else { return }
        let directory = TemporaryDirectory()
        let csv = directory.write("bad.csv", RevenueSourceRows.text)
        try Self.load(csv, into: "bad_revenue", on: servers, columns: String(format: Self.revenueColumns, "String"))
        let database = try Ingestor.ingest(paths: [try Self.url("bad_revenue")], options: RevenueDataset.options)
        let file = try Ingestor.ingest(paths: [csv], options: RevenueDataset.options)
        #expect(database.report.rejectsByReason == [.revenue: RevenueSourceRows.rejected])
        #expect(PostgresSourceTests.comparable(database) == PostgresSourceTests.comparable(file))
        // Whole amounts in an unsigned column, and floating point: NaN, infinities and
        // negative amounts are no amounts, 2.675 is 268 cents (as for PostgreSQL).
        try servers[0].execute("DROP TABLE IF EXISTS float_revenue")
        try servers[0].execute("""
            CREATE TABLE float_revenue ENGINE = MergeTree ORDER BY tuple() AS SELECT timestamp, visitorid, event, itemid, transactionid,
              multiIf(revenue = 'NaN', nan, revenue = 'inf', inf, revenue = '-1', -1, 2.675) AS revenue, device, os, browser FROM bad_revenue
            """)
        let floats = try Ingestor.ingest(paths: [try Self.url("float_revenue")], options: RevenueDataset.options)
        #expect(floats.report.rejectsByReason == [.revenue: 3])
        #expect(floats.cube.cells.reduce(0) { $0 + $1.revenue } == 268 * floats.cube.totals.transaction)
        try servers[0].execute("DROP TABLE IF EXISTS whole_revenue")
        try servers[0].execute("""
            CREATE TABLE whole_revenue ENGINE = MergeTree ORDER BY tuple() AS SELECT timestamp, visitorid, event, itemid, transactionid,
              toUInt32(7) AS revenue, device, os, browser FROM bad_revenue
            """)
        let whole = try Ingestor.ingest(paths: [try Self.url("whole_revenue")], options: RevenueDataset.options)
        #expect(whole.report.rejected == 0 && whole.cube.cells.reduce(0) { $0 + $1.revenue } == 700 * whole.cube.totals.transaction)
    }
}

/// Transactions whose revenue text is no amount, and some that are, beside views whose
/// revenue is not read.
enum RevenueSourceRows {
    static let bad = ["19.999", "-1", "", "abc", "1e3", ".5", "5.", "1_5", "1 000", "10000000000", "NaN", "inf"]
    static let good = ["19.99", "0", "000.10", "9999999999.99", "12.50"]
    static var rejected: Int { bad.count }
    static var text: String {
        let n = CSVFixtures.noon
        var rows = [RevenueColumnTests.header]
        for (index, amount) in (bad + good).enumerated() {
            rows.append("\(n + Int64(index)),\(index),transaction,5,\(index + 1),\(amount),Mobile,iOS,Safari")
            rows.append("\(n + Int64(index)),\(index),view,5,,\(amount == "" ? "x" : amount),Mobile,iOS,Safari")
        }
        return rows.joined(separator: "\n") + "\n"
    }
}

extension KafkaSourceTests {
    /// A topic of JSON messages with a revenue field, read in two runs through the
    /// checkpoint, gives the CSV file's revenue; a checkpoint kept without revenue is not
    /// extended by a read with it (its cube has no revenue to add to).
    @Test func aTopicWithRevenueGivesTheCSVsRevenueAcrossRuns() throws {
        guard let broker = try KafkaTestBroker.connect() else { return }
        let directory = TemporaryDirectory()
        let (csv, total) = try RevenueDataset.write(directory, "revenue.csv", events: 9_000, days: 14)
        try broker.recreate("events-revenue", partitions: 2)
        let spread = try Self.messages(csv, partitions: 2)
        var options = RevenueDataset.options
        options.streamStateDirectory = directory.file("cache")
        for (partition, values) in spread.enumerated() {
            try broker.produce("events-revenue", partition: Int32(partition), values: Array(values[..<(values.count / 2)]), batch: 50)
        }
        _ = try Ingestor.ingest(paths: [broker.url("events-revenue")], options: options)
        for (partition, values) in spread.enumerated() {
            try broker.produce("events-revenue", partition: Int32(partition), values: Array(values[(values.count / 2)...]), batch: 50,
                               compress: Self.codecs[partition + 1])
        }
        let stream = try Ingestor.ingest(paths: [broker.url("events-revenue")], options: options)
        let file = try Ingestor.ingest(paths: [csv], options: RevenueDataset.options)
        #expect(stream.cube.cells.reduce(0) { $0 + $1.revenue } == total && stream.cube.revenueDecimals == 2)
        #expect(Self.comparable(stream) == Self.comparable(file))
        var unpriced = IngestOptions()
        unpriced.streamStateDirectory = directory.file("cache")
        #expect(throws: ClickstreamError.self) { try Ingestor.ingest(paths: [broker.url("events-revenue")], options: unpriced) }
    }
}

/// Read settings stored before the revenue column existed (a stream's checkpoint, a cache
/// entry's key) read as settings without revenue at the default places, so such a
/// checkpoint goes on serving the reads it served.
struct ReadSettingsCompatibilityTests {
    @Test func settingsWithoutRevenueDecodeAsNone() throws {
        let current = ReadSettings(IngestOptions())
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(current)) as! [String: Any]
        #expect(json["revenueDecimals"] as? Int == 2)
        json.removeValue(forKey: "revenueDecimals")
        let old = try JSONDecoder().decode(ReadSettings.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(old == current && old.columns.revenue == nil)
    }
}
