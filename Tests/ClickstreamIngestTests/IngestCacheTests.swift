@testable import ClickstreamAnalysis
@testable import ClickstreamCore
@testable import ClickstreamIngest
@testable import ClickstreamReport
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

/// The per-file cache: a refresh re-reads only what changed, and never trusts a bad entry.
struct IngestCacheTests {
    typealias F = CSVFixtures

    static func batches(_ dir: TemporaryDirectory, count: Int = 4) -> [String] {
        (0..<count).map { index in
            let rows = (0..<300).map { F.row(F.noon + Int64(index * 86_400_000 + $0), visitor: $0, event: $0 % 97 == 5 ? "bad" : "view",
                                             browser: $0 % 2 == 0 ? "Chrome" : "Safari") }
            return dir.write("batches/b\(index).csv", F.enriched(rows))
        }
    }

    @Test func cachedRunsEqualColdRuns() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("batches"), withIntermediateDirectories: true)
        _ = Self.batches(dir)
        let options = IngestOptions(cacheDirectory: dir.file("cache"))
        let cold = try Ingestor.ingest(paths: [dir.file("batches")])
        let first = try Ingestor.ingest(paths: [dir.file("batches")], options: options)
        let second = try Ingestor.ingest(paths: [dir.file("batches")], options: options)
        #expect(first == cold && second == cold)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("cache")).count == 4)
    }

    /// A cached read hands back each file's size and full-content hash, as given, without
    /// reading the file again; they equal what hashing the file now gives, also after a change.
    @Test func cachedReadsKeepTheProvenance() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("batches"), withIntermediateDirectories: true)
        let files = Self.batches(dir)
        let options = IngestOptions(cacheDirectory: dir.file("cache"))
        #expect(try Ingestor.ingest(paths: [dir.file("batches")]).inputs == nil)
        let described = try files.map { (path) throws(ClickstreamError) in try InputFile.describe(path) }
        #expect(try Ingestor.ingest(paths: [dir.file("batches")], options: options).inputs == described)
        #expect(try Ingestor.ingest(paths: [dir.file("batches")], options: options).inputs == described)
        dir.write("batches/b1.csv", F.enriched([F.row(F.noon, visitor: 5)]))
        let changed = try Ingestor.ingest(paths: [dir.file("batches")], options: options).inputs
        #expect(changed?[1] == (try InputFile.describe(files[1])) && changed?[1] != described[1])
    }

    @Test func changedTruncatedAndNewFilesAreReadAgain() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("batches"), withIntermediateDirectories: true)
        let files = Self.batches(dir)
        let options = IngestOptions(cacheDirectory: dir.file("cache"))
        _ = try Ingestor.ingest(paths: [dir.file("batches")], options: options)
        // Append a row to one file, cut another short, add a new one.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: files[1]))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((F.row(F.noon, visitor: 9999) + "\n").utf8))
        try handle.close()
        let text = String(decoding: dir.read("batches/b2.csv"), as: UTF8.self).split(separator: "\n").prefix(101).joined(separator: "\n") + "\n"
        dir.write("batches/b2.csv", text)
        dir.write("batches/b9.csv", F.enriched([F.row(F.noon, visitor: 1)]))
        let refreshed = try Ingestor.ingest(paths: [dir.file("batches")], options: options)
        let cold = try Ingestor.ingest(paths: [dir.file("batches")])
        #expect(refreshed == cold)
        #expect(refreshed.report.files.map(\.records) == [300, 301, 100, 300, 1])
    }

    @Test func corruptAndForeignEntriesAreIgnoredAndRewritten() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("batches"), withIntermediateDirectories: true)
        _ = Self.batches(dir, count: 2)
        let options = IngestOptions(cacheDirectory: dir.file("cache"))
        let cold = try Ingestor.ingest(paths: [dir.file("batches")])
        _ = try Ingestor.ingest(paths: [dir.file("batches")], options: options)
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.file("cache")).sorted()
        dir.write("cache/" + entries[0], "{ not json")
        // A well-formed entry that belongs to another file (its key does not match).
        dir.write("cache/" + entries[1], String(decoding: dir.read("cache/" + entries[1]), as: UTF8.self)
            .replacingOccurrences(of: "\"size\":", with: "\"size\":1"))
        #expect(try Ingestor.ingest(paths: [dir.file("batches")], options: options) == cold)
        #expect(dir.read("cache/" + entries[0]) != Array("{ not json".utf8))
        // A different enrichment seed is a different key, not a stale hit.
        let seeded = IngestOptions(enrichmentSeed: 7, cacheDirectory: dir.file("cache"))
        #expect(try Ingestor.ingest(paths: [dir.file("batches")], options: seeded) == cold)  // enriched files: seed-free
        // Another time zone is another key: the cached UTC days are not served for it.
        var zoned = options
        zoned.timeZone = try TimeZoneRules(named: "Pacific/Kiritimati")  // UTC+14: noon is tomorrow
        var expected = zoned
        expected.cacheDirectory = nil
        let kiritimati = try Ingestor.ingest(paths: [dir.file("batches")], options: zoned)
        #expect(kiritimati == (try Ingestor.ingest(paths: [dir.file("batches")], options: expected)) && kiritimati.report.timeZone == "Pacific/Kiritimati")
        #expect(kiritimati.cube.cells.map(\.day) != cold.cube.cells.map(\.day))
    }

    /// The report built from a cached run is byte-identical to one from a cold run.
    @Test func cachedAndColdSitesAreByteIdentical() throws {
        let dir = TemporaryDirectory()
        var settings = GeneratorSettings()
        settings.events = 60_000
        settings.days = 35
        settings.splitEvery = 5_000
        let metadata = try DatasetGenerator(settings: settings).write(to: dir.file("batches"))
        func site(_ options: IngestOptions) throws -> [String: Data] {
            let ingest = try Ingestor.ingest(paths: [dir.file("batches")], options: options)
            let analysis = Analyzer(settings: AnalysisSettings()).analysis(ingest.cube, quality: ingest.report, incident: metadata.incidentCheck)
            return try ReportSite.build(ReportInput(analysis: analysis, quality: ingest.report, inputs: [], generatedOn: "x"),
                                        templates: .defaults)
        }
        let cached = IngestOptions(cacheDirectory: dir.file("cache"))
        let cold = try site(IngestOptions())
        _ = try site(cached)
        #expect(try site(cached) == cold)
    }
}
