import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// The Parquet reader against files real writers produced (pyarrow, Polars, DuckDB; see
/// bench/parquet_fixtures.py), each next to the same events as CSV: the two reads must give
/// the same cube and data-quality counts.
@Suite struct ParquetReaderTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/Parquet").path

    static func path(_ name: String) -> String { folder + "/" + name }

    /// Every fixture that has a CSV twin.
    static let twins = [
        "plain-uncompressed-v1", "dictionary-snappy-v1", "dictionary-gzip-v2", "plain-zstd-v2", "dictionary-lz4raw-v1",
        "delta-zstd-v2", "delta-int32-v1", "row-groups-pages-crc", "nulls-and-rejects", "timestamp-ms-utc",
        "timestamp-us-utc", "timestamp-ns-utc", "timestamp-us-local", "int96", "uint32-ids", "uint64-ids", "large-string",
        "text-time-and-ids", "double-ids", "byte-stream-split", "date", "empty", "polars-zstd", "duckdb-snappy",
    ]

    /// What must agree between a Parquet read and a CSV read: the cube and every count,
    /// not where a file or a reject is (rows and columns are counted differently).
    static func comparable(_ result: IngestResult) -> IngestResult {
        var copy = result
        copy.report.files = copy.report.files.map {
            FileSummary(path: "", bytes: 0, layout: $0.layout, records: $0.records, accepted: $0.accepted, rejected: $0.rejected,
                        blankLines: $0.blankLines)
        }
        copy.report.rejects = []
        copy.report.firstDecimalID = nil
        // Said of the Parquet read only (its CSV twin writes the instants).
        copy.report.wallClockTimes = nil
        copy.warnings = []
        return copy
    }

    @Test(arguments: twins)
    func readsAsTheCSVTwinDoes(_ name: String) throws {
        let parquet = try Ingestor.ingest(paths: [Self.path(name + ".parquet")])
        let csv = try Ingestor.ingest(paths: [Self.path(name + ".csv")])
        #expect(Self.comparable(parquet) == Self.comparable(csv))
        #expect(parquet.report.files.count == 1)
        // Only times that name no instant by themselves are said to be wall-clock times.
        #expect((parquet.report.wallClockTimes != nil) == ["timestamp-us-local", "date"].contains(name))
    }

    @Test func fixtureCountsAreTheHandCheckedOnes() throws {
        // 60 events in time order over 2015-09-01..03 (bench/parquet_fixtures.py, seed 1).
        let plain = try Ingestor.ingest(paths: [Self.path("dictionary-snappy-v1.parquet")])
        #expect(plain.report.accepted == 60 && plain.report.rejected == 0)
        #expect(plain.cube.totals.view + plain.cube.totals.addtocart + plain.cube.totals.transaction == 60)
        #expect(plain.cube.segments.count == 5)
        // 200 events in row groups of 37: 6 row groups, the last of 15 rows.
        let groups = try ParquetFile(path: Self.path("row-groups-pages-crc.parquet"), options: IngestOptions())
        #expect(groups.metadata.rowGroups.map(\.rowCount) == [37, 37, 37, 37, 37, 15])
        #expect(try Ingestor.ingest(paths: [groups.path]).report.accepted == 200)
        let empty = try Ingestor.ingest(paths: [Self.path("empty.parquet")])
        #expect(empty.report.files.first?.records == 0 && empty.report.accepted == 0)
    }

    @Test func rejectsNameTheRowAndTheColumn() throws {
        // Row 4's visitor is null, row 6's event is "click", row 8's device is null and
        // row 10's time is 12345 (1-based rows; columns: timestamp 1, visitorid 2, event 3, device 6).
        let result = try Ingestor.ingest(paths: [Self.path("nulls-and-rejects.parquet")])
        #expect(result.report.accepted == 56 && result.report.rejected == 4)
        let places = result.report.rejects.map { "\($0.line):\($0.column) \($0.reason)" }
        #expect(places == ["4:2 visitorID", "6:3 event", "8:6 emptySegmentField", "10:1 timestamp"])
        #expect(result.report.rejects[0].message.contains("found null"))
        #expect(result.report.rejects[3].message == "timestamp: 12345 is outside 2000-01-01..2100-01-01 in epoch milliseconds")
        #expect(result.report.unknownEvents == ["click": 1])
    }

    @Test func aFolderMayMixCSVAndParquetFilesWithSchemaDrift() throws {
        let directory = TemporaryDirectory()
        // The time as int64, as TIMESTAMP(ns) and as INT96; ids int64, uint32 and text.
        let names = ["plain-uncompressed-v1", "timestamp-ns-utc", "int96", "uint32-ids", "text-time-and-ids"]
        for name in names {
            try FileManager.default.copyItem(atPath: Self.path(name + ".parquet"), toPath: directory.file(name + ".parquet"))
        }
        try FileManager.default.copyItem(atPath: Self.path("nulls-and-rejects.csv"), toPath: directory.file("zz-extra.csv"))
        let folder = try Ingestor.ingest(paths: [directory.path])
        let csv = try Ingestor.ingest(paths: names.map { Self.path($0 + ".csv") } + [Self.path("nulls-and-rejects.csv")])
        #expect(folder.report.files.count == 6)
        #expect(folder.cube == csv.cube)
        #expect(folder.report.accepted == csv.report.accepted && folder.report.rejected == csv.report.rejected)
    }

    @Test func rowGroupsReadOnSeveralCoresGiveTheSequentialResult() throws {
        let source = ParquetFileSource(path: Self.path("row-groups-pages-crc.parquet"))
        var scratch: SourceScratch = [:]
        let one = try source.readAlone(options: IngestOptions(), cores: 1, scratch: &scratch)
        for cores in [2, 3, 6, 8] {
            let many = try source.readAlone(options: IngestOptions(), cores: cores, scratch: &scratch)
            #expect(many == one)
            #expect(many.report.files == one.report.files)
        }
    }

    @Test func theCacheKeepsParquetFilesAsItKeepsCSV() throws {
        let directory = TemporaryDirectory()
        var options = IngestOptions()
        options.cacheDirectory = directory.file("cache")
        let input = Self.path("dictionary-gzip-v2.parquet")
        let cold = try Ingestor.ingest(paths: [input], options: options)
        let warm = try Ingestor.ingest(paths: [input], options: options)
        #expect(cold == warm)
        #expect(cold == (try Ingestor.ingest(paths: [input])))
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory.file("cache"))
        #expect(!entries.isEmpty)
    }

    @Test func whatTheReaderDoesNotReadIsAClearError() {
        let nested = #expect(throws: ClickstreamError.self) { try Ingestor.ingest(paths: [Self.path("unsupported-nested.parquet")]) }
        #expect(nested?.message.contains("column device (device) is a nested group") == true)
        let brotli = #expect(throws: ClickstreamError.self) { try Ingestor.ingest(paths: [Self.path("unsupported-brotli.parquet")]) }
        #expect(brotli?.message.contains("compressed with BROTLI, which this reader does not support") == true)
        #expect(brotli?.message.contains("column timestamp, row group 0") == true)
    }

    /// A fixture's bytes changed by `edit`, written to a temporary `.parquet` file.
    static func damaged(_ name: String, in directory: TemporaryDirectory, _ edit: (inout [UInt8]) -> Void) -> String {
        var bytes = [UInt8](FileManager.default.contents(atPath: path(name + ".parquet"))!)
        edit(&bytes)
        return directory.write("damaged.parquet", bytes)
    }

    static func error(_ path: String) -> String {
        do {
            _ = try Ingestor.ingest(paths: [path])
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func damagedFilesAreErrorsWithTheByteOffset() {
        let directory = TemporaryDirectory()
        let name = "row-groups-pages-crc"
        #expect(Self.error(Self.damaged(name, in: directory) { $0[0] = 0x51 })
            .hasSuffix("parquet: expected the magic PAR1 at the start (at byte 0)"))
        #expect(Self.error(Self.damaged(name, in: directory) { $0.removeLast(100) })
            .contains("expected the magic PAR1 at the end (a truncated file?)"))
        #expect(Self.error(Self.damaged(name, in: directory) { $0 = Array($0.prefix(4)) + Array($0.suffix(8)) })
            .contains("runs past the start of the file"))
        #expect(Self.error(Self.damaged(name, in: directory) { bytes in
            let n = bytes.count
            bytes[n - 8] = 0xFF; bytes[n - 7] = 0xFF; bytes[n - 6] = 0x00; bytes[n - 5] = 0x00
        }).contains("footer length 65535 runs past the start of the file"))
        // A byte inside the first page's values: its CRC no longer matches.
        let crc = Self.error(Self.damaged(name, in: directory) { $0[40] ^= 0x20 })
        #expect(crc.contains("page CRC mismatch (the page is damaged)") && crc.contains("(at byte 4)"))
        // Only a few bytes: too short for the magic and the footer.
        #expect(Self.error(directory.write("tiny.parquet", Array("PAR1PAR1".utf8))).contains("too short"))
    }

    /// Bytes all over several fixtures changed in turn (two ways each; the fuzz target in Fuzz/ goes further): the read ends in a
    /// result or an error, never a crash or a hang, and never allocates from a lying length.
    @Test(arguments: ["dictionary-snappy-v1", "delta-zstd-v2", "dictionary-gzip-v2", "plain-uncompressed-v1", "int96", "dictionary-lz4raw-v1"])
    func everyDamagedByteEndsInAResultOrAnError(_ name: String) throws {
        let directory = TemporaryDirectory()
        let original = [UInt8](FileManager.default.contents(atPath: Self.path(name + ".parquet"))!)
        var outcomes = (errors: 0, results: 0)
        for offset in stride(from: 0, to: original.count, by: max(1, original.count / 150)) {
            for flip: UInt8 in [0x01, 0xFF] {
                var bytes = original
                bytes[offset] ^= flip
                let path = directory.write("fuzzed.parquet", bytes)
                do {
                    _ = try Ingestor.ingest(paths: [path])
                    outcomes.results += 1
                } catch {
                    outcomes.errors += 1
                    #expect(error.path == path)
                }
            }
        }
        #expect(outcomes.errors > 0 && outcomes.results > 0)
    }
}

extension ParquetReaderTests {
    /// pandas' naive datetimes (TIMESTAMP, isAdjustedToUTC = false) name no instant: they
    /// are wall-clock times in the shop's zone, counted and said.
    @Test func timesWithoutAZoneAreWallClockTimesInTheShopsZone() throws {
        let local = try Ingestor.ingest(paths: [Self.path("timestamp-us-local.parquet")])
        #expect(local.report.wallClockTimes == 60)
        #expect(local.warnings.contains { $0.hasPrefix("60 row(s) had times without a zone") && $0.contains("wall-clock times in UTC") })
        #expect(try Ingestor.ingest(paths: [Self.path("timestamp-us-utc.parquet")]).report.wallClockTimes == nil)
        // In New York (UTC-4 in September) the same wall-clock times are 4 hours later
        // instants than the UTC-adjusted file's, so each falls on the same New York day as
        // the UTC file's instant does on its UTC day.
        var newYork = IngestOptions()
        newYork.timeZone = try TimeZoneRules(named: "America/New_York")
        let shifted = try Ingestor.ingest(paths: [Self.path("timestamp-us-local.parquet")], options: newYork)
        #expect(shifted.cube == local.cube)
        #expect(shifted.report.dayExtents.first?.first == local.report.dayExtents.first?.first)
    }
}

extension ParquetReaderTests {
    /// A GA4-style file's own names reach the reader through the config, as for CSV: the
    /// columns, the event names, text ids and a fourth dimension.
    @Test func theConfigsNamesMapAParquetFileAsTheyMapACSVFile() throws {
        var options = IngestOptions()
        options.columns.time = "event_time"
        options.columns.visitor = "user_pseudo_id"
        options.columns.event = "event_name"
        options.columns.item = "item_id"
        options.columns.transaction = "transaction_id"
        options.events.view = ["page_view"]
        options.events.addtocart = ["add_to_cart"]
        options.events.transaction = ["purchase"]
        options.idsAreText = true
        options.dimensions = DimensionSchema(["device_category", "operating_system", "browser", "country"])
        let parquet = try Ingestor.ingest(paths: [Self.path("ga4-names.parquet")], options: options)
        let csv = try Ingestor.ingest(paths: [Self.path("ga4-names.csv")], options: options)
        #expect(parquet.report.accepted == 60 && parquet.report.rejected == 0)
        #expect(parquet.cube.segments.first?.values.count == 4)
        #expect(Self.comparable(parquet) == Self.comparable(csv))
        // Without the mapping, the file's names are not the Retail Rocket ones: the CSV
        // header's error, about the file's schema.
        let unmapped = #expect(throws: ClickstreamError.self) { try Ingestor.ingest(paths: [Self.path("ga4-names.parquet")]) }
        #expect(unmapped?.message.hasPrefix("parquet schema: missing column timestamp, visitorid, event") == true)
        #expect(unmapped?.line == nil)
    }
}

extension ParquetReaderTests {
    /// Spark writes a table as a folder named `.parquet` of part files, with a `_SUCCESS`
    /// marker and hidden checksums: the folder reads as its part files.
    @Test func aSparkStyleFolderReadsAsItsPartFiles() throws {
        let directory = TemporaryDirectory()
        let table = directory.file("events.parquet")
        try FileManager.default.createDirectory(atPath: table, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.path("dictionary-snappy-v1.parquet"), toPath: table + "/part-00000-1.snappy.parquet")
        try FileManager.default.copyItem(atPath: Self.path("row-groups-pages-crc.parquet"), toPath: table + "/part-00001-1.snappy.parquet")
        FileManager.default.createFile(atPath: table + "/_SUCCESS", contents: Data())
        FileManager.default.createFile(atPath: table + "/.part-00000-1.snappy.parquet.crc", contents: Data([1, 2, 3]))
        let result = try Ingestor.ingest(paths: [table])
        #expect(result.report.files.map { ($0.path as NSString).lastPathComponent } == ["part-00000-1.snappy.parquet", "part-00001-1.snappy.parquet"])
        #expect(result.report.accepted == 260)
        // The folder inside another folder is not taken for a file.
        let outer = try Ingestor.ingest(paths: [directory.path + "/events.parquet/"])
        #expect(outer.report.accepted == 260)
        let parent = #expect(throws: ClickstreamError.self) { try Ingestor.ingest(paths: [directory.path]) }
        #expect(parent?.message.contains("directory holds no .csv files") == true)
    }
}
