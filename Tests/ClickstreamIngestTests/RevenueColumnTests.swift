import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// A revenue column (`input.columns.revenue`) read on transactions as whole minor units,
/// the same from a CSV file, its chunks, the cache and a stream's JSON messages.
struct RevenueColumnTests {
    static let header = "timestamp,visitorid,event,itemid,transactionid,revenue,device,os,browser"

    @Test func transactionsCarryTheirRevenueIntoTheirCell() throws {
        let n = CSVFixtures.noon
        let text = [
            Self.header,
            "\(n),1,view,5,,not an amount,Mobile,iOS,Safari",   // a view's revenue is not read
            "\(n),1,transaction,5,7,19.99,Mobile,iOS,Safari",
            "\(n),2,transaction,5,8,5,Mobile,iOS,Safari",
            "\(n),3,transaction,5,9,19.999,Mobile,iOS,Safari",   // finer than a cent: rejected
            "\(n),4,transaction,5,10,,Mobile,iOS,Safari",        // none: rejected
            "\(n + 86_400_000),5,transaction,5,11,0.5,Desktop,Windows,Chrome",
        ].joined(separator: "\n") + "\n"
        let read = try CSVFixtures.ingest(text, options: RevenueDataset.options)
        #expect(read.cube.revenueDecimals == 2)
        #expect(read.cube.cells.map(\.revenue) == [2499, 50])
        #expect(read.cube.cells.map(\.transactions) == [2, 1])
        #expect(IngestSummary(read).revenue == "25.49" && IngestSummary(read).text.contains("revenue: 25.49 over 3 transactions"))
        #expect(RevenueAmount.text(minorUnits: 123_456_789, decimals: 2) == "1,234,567.89")
        #expect(RevenueAmount.text(minorUnits: 5, decimals: 3) == "0.005" && RevenueAmount.text(minorUnits: 7, decimals: 0) == "7")
        #expect(read.report.accepted == 4 && read.report.rejectsByReason == [.revenue: 2])
        let first = try #require(read.report.rejects.first)
        // Line 5, column 33: where "19.999" starts (13 + 1 + 2 + 12 + 2 + 2 bytes before it).
        #expect(first.line == 5 && first.column == 33)
        #expect(first.message == "revenue: expected an amount of at most 2 decimal places below 10000000000 (digits and an optional fraction, no sign), found \"19.999\"")
        // Without the mapping the column is one the tool does not read: nothing rejected, no revenue.
        let plain = try CSVFixtures.ingest(text)
        #expect(plain.cube.revenueDecimals == nil && plain.report.rejected == 0)
        #expect(plain.cube.cells.allSatisfy { $0.revenue == 0 })
        // At four places the amounts count in ten-thousandths and 19.999 is one:
        // 199,900 + 50,000 + 199,990 on the first day.
        var finer = RevenueDataset.options
        finer.revenueDecimals = 4
        let fine = try CSVFixtures.ingest(text, options: finer)
        #expect(fine.cube.revenueDecimals == 4 && fine.cube.cells.map(\.revenue) == [449_890, 5000])
    }

    @Test func aMappedRevenueColumnMustBeThere() {
        let text = CSVFixtures.enriched([CSVFixtures.row()])
        #expect(throws: ClickstreamError.self) { try CSVFixtures.ingest(text, options: RevenueDataset.options) }
        do {
            _ = try CSVFixtures.ingest(text, options: RevenueDataset.options)
        } catch {
            #expect(error.message.hasPrefix("header: missing column revenue;"))
        }
    }

    @Test func everyReadOfAFileGivesTheSameRevenue() throws {
        let directory = TemporaryDirectory()
        // Over 8 MiB: read from its path on several cores, the file is cut into parts.
        let (csv, total) = try RevenueDataset.write(directory, "revenue.csv", events: 180_000)
        let bytes = [UInt8](FileManager.default.contents(atPath: csv)!)
        #expect(bytes.count >= ChunkedFileIngest.minimumBytes)
        let whole = try CSVFixtures.ingest(bytes: bytes, options: RevenueDataset.options)
        #expect(whole.cube.cells.reduce(0) { $0 + $1.revenue } == total && total > 0)
        #expect(whole.report.rejected == 0)
        // In small chunks, from the path (read apart on the cores), and through the cache twice.
        #expect(try CSVFixtures.ingest(bytes: bytes, options: RevenueDataset.options, chunk: 4093) == whole)
        #expect(try Ingestor.ingest(paths: [csv], options: RevenueDataset.options).cube == whole.cube)
        var cached = RevenueDataset.options
        cached.cacheDirectory = directory.file("cache")
        #expect(try Ingestor.ingest(paths: [csv], options: cached).cube == whole.cube)
        #expect(try Ingestor.ingest(paths: [csv], options: cached).cube == whole.cube)
        // The cache never serves the revenue read to a read without it, nor the reverse.
        var unmapped = IngestOptions()
        unmapped.cacheDirectory = directory.file("cache")
        let plain = try Ingestor.ingest(paths: [csv], options: unmapped)
        #expect(plain.cube.revenueDecimals == nil && plain.cube.cells.allSatisfy { $0.revenue == 0 })
        #expect(try Ingestor.ingest(paths: [csv], options: cached).cube == whole.cube)
        // The cube's JSON keeps the revenue and its places.
        let decoded = try JSONDecoder().decode(DailyCube.self, from: JSONEncoder().encode(whole.cube))
        #expect(decoded == whole.cube && decoded.revenueDecimals == 2)
    }

    @Test func jsonMessagesGiveTheCSVsRevenue() throws {
        let directory = TemporaryDirectory()
        let (csv, total) = try RevenueDataset.write(directory, "revenue.csv", events: 5_000, days: 10)
        // Amounts as JSON strings and as JSON numbers, in turn.
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        let names = lines[0].split(separator: ",").map(String.init)
        var values: [[UInt8]?] = []
        for (index, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let members = zip(names, fields).map { name, field -> String in
                let number = name == "revenue" ? index % 2 == 0 && !field.hasPrefix("0") : field.allSatisfy(\.isNumber)
                let value = field.isEmpty ? "null" : number ? String(field) : "\"\(field)\""
                return "\"\(name)\": \(value)"
            }
            values.append(Array(("{" + members.joined(separator: ", ") + "}").utf8))
        }
        let stream = try Ingestor.ingest(recordBatches: KafkaTestBroker.batch(values), options: RevenueDataset.options)
        let file = try Ingestor.ingest(paths: [csv], options: RevenueDataset.options)
        #expect(stream.cube == file.cube && stream.cube.cells.reduce(0) { $0 + $1.revenue } == total)
        #expect(stream.report.accepted == file.report.accepted && stream.report.rejected == 0)
    }
}

/// A Parquet revenue column of every type an export keeps amounts in (bench/parquet_fixtures.py
/// `revenue`) gives its CSV twin's revenue and rejects.
struct ParquetRevenueTests {
    @Test(arguments: ["revenue-double", "revenue-float", "revenue-decimal", "revenue-decimal-int", "revenue-string"])
    func readsAsTheCSVTwinDoes(_ name: String) throws {
        let parquet = try Ingestor.ingest(paths: [ParquetReaderTests.path(name + ".parquet")], options: RevenueDataset.options)
        let csv = try Ingestor.ingest(paths: [ParquetReaderTests.path(name + ".csv")], options: RevenueDataset.options)
        #expect(ParquetReaderTests.comparable(parquet) == ParquetReaderTests.comparable(csv))
        // 35 transactions take the eight amounts in turn: four rounds of
        // 19.99 + 20 + 7.5 + 120 + 0.99 + 1049.95 + 3.10 = 1,221.53 (and -1, rejected), then
        // 19.99 + 20 + 7.5: 4,933.61. The floating types and the text have NaN (rejected)
        // in place of the last 7.5: 4,926.11.
        let rejected = name.hasPrefix("revenue-decimal") ? 4 : 5
        #expect(parquet.report.rejectsByReason == [.revenue: rejected])
        let cents = parquet.cube.cells.reduce(0) { $0 + $1.revenue }
        #expect(cents == (name.hasPrefix("revenue-decimal") ? 493_361 : 492_611))
        // A rejected amount names the row, the column and what was found.
        let reject = try #require(parquet.report.rejects.first)
        #expect(reject.column == 6 && reject.message.hasPrefix("revenue: expected "))
    }

    @Test func aDecimalColumnInAnotherRoleIsAClearError() {
        var options = IngestOptions()
        options.columns.transaction = "revenue"
        do {
            _ = try Ingestor.ingest(paths: [ParquetReaderTests.path("revenue-decimal.parquet")], options: options)
            Issue.record("read a DECIMAL as transaction ids")
        } catch {
            #expect(error.message == "parquet: column revenue (transaction id) is a DECIMAL, which this reader reads only as a revenue")
        }
    }
}
