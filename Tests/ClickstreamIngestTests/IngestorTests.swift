@testable import ClickstreamCore
@testable import ClickstreamIngest
@testable import ClickstreamReport
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

struct IngestorTests {
    typealias F = CSVFixtures

    /// Enrichment is one pure function: a raw file enriched on ingest gives exactly the
    /// segments and counts of the enriched file generated with the same seed, incident included.
    @Test func rawPlusEnrichmentEqualsEnriched() throws {
        let dir = TemporaryDirectory()
        let raw = try GeneratedDataset.write(dir, "raw.csv", layout: .raw)
        let enriched = try GeneratedDataset.write(dir, "enriched.csv", layout: .enriched)
        let fromRaw = try Ingestor.ingest(paths: [raw])
        let fromEnriched = try Ingestor.ingest(paths: [enriched])
        #expect(fromRaw.cube == fromEnriched.cube)
        #expect(fromRaw.report.files.first?.layout == CSVLayout.raw.rawValue)
        let otherSeed = try Ingestor.ingest(paths: [raw], options: IngestOptions(enrichmentSeed: 7))
        #expect(otherSeed.cube != fromEnriched.cube)
    }

    /// The source study kept 270 batch files: a directory of split files (each with its own
    /// header) gives the cube of the single file.
    @Test func directoryOfSplitFilesEqualsTheSingleFile() throws {
        let dir = TemporaryDirectory()
        let whole = try GeneratedDataset.write(dir, "whole.csv")
        let lines = String(decoding: dir.read("whole.csv"), as: UTF8.self).split(separator: "\n")
        let header = lines[0]
        let batches = TemporaryDirectory()
        for (index, start) in stride(from: 1, to: lines.count, by: 10_000).enumerated() {
            let body = lines[start..<min(start + 10_000, lines.count)].joined(separator: "\n")
            batches.write(String(format: "batch_%03d.csv", index), "\(header)\n\(body)\n")
        }
        batches.write("notes.txt", "not a csv file")
        let single = try Ingestor.ingest(paths: [whole])
        let split = try Ingestor.ingest(paths: [batches.path])
        #expect(split.cube == single.cube)
        #expect(split.report.files.count == 5)
        #expect(split.report.accepted == single.report.accepted)
        let twoInputs = try Ingestor.ingest(paths: [batches.file("batch_000.csv"), batches.file("batch_001.csv")])
        #expect(twoInputs.report.accepted == 20_000)
    }

    /// Reading in pieces of any size, with tiny blocks, gives the same result as one read.
    @Test(arguments: [1, 3, 7, 64, 1000])
    func chunkAndBlockBoundariesDoNotMatter(chunk: Int) throws {
        let text = "\u{FEFF}" + F.enrichedHeader + ",note\r\n"
            + F.row() + ",\"a,b\"\r\n\n"
            + F.row(visitor: 2, event: "transaction", transaction: "7") + ",\"multi\nline \"\"quoted\"\"\"\n"
            + F.row(event: "View") + ",x\n"
            + F.row(browser: "\"open") + ",x\n"
            + F.row(visitor: 3, os: "Android", browser: "Chrome") + ",\(String(repeating: "y", count: 300))\n"
            + F.row(visitor: 4, device: "Tablet") + ",last"
        let reference = try F.ingest(text)
        #expect(reference.report.accepted == 4)
        #expect(reference.report.rejected == 2)  // View, unterminated quote
        let pieces = try F.ingest(text, chunk: chunk, blockSize: 32, maxRecordBytes: 200)
        let plain = try F.ingest(text, chunk: chunk, blockSize: 64, maxRecordBytes: 1 << 20)
        #expect(plain.cube == reference.cube)
        #expect(plain.report == reference.report)
        #expect(pieces.report.rejectsByReason[.lineTooLong] == 1)
        #expect(pieces.report.accepted == 3)
        // header 1, row 2, blank 3, quoted row 4–5, View 6, open quote 7, 300-byte line 8
        #expect(pieces.report.rejects.map(\.line) == [6, 7, 8])
    }

    @Test func missingInputsAreOneLineErrors() {
        let dir = TemporaryDirectory()
        let cases: [([String], String)] = [
            ([dir.file("nope.csv")], "nope.csv: no such file or directory"),
            ([dir.path], "directory holds no .csv files (or .csv.gz, .csv.zst) or .parquet files"),
            ([], "no input given"),
        ]
        for (paths, message) in cases {
            #expect(throws: ClickstreamError.self) { try Ingestor.ingest(paths: paths) }
            do {
                _ = try Ingestor.ingest(paths: paths)
            } catch {
                #expect(error.description.contains(message))
                #expect(!error.description.contains("\n"))
            }
        }
    }

    @Test func summaryListsSegmentsByVolume() throws {
        let result = try F.ingest(F.enriched([F.row(), F.row(visitor: 2), F.row(os: "Android", browser: "Chrome")]))
        let summary = IngestSummary(result)
        #expect(summary.segments.map(\.segment.browser) == ["Safari", "Chrome"])
        #expect(summary.days == 1)
        #expect(summary.firstDay?.description == "2015-05-07")
        #expect(summary.text.contains("Safari · iOS · Mobile: 2 events"))
    }

    @Test func emptyDaysInsideTheRangeAreListed() throws {
        let day: Int64 = 86_400_000
        let result = try F.ingest(F.enriched([F.row(), F.row(F.noon + 3 * day)]))
        #expect(result.cube.emptyDays.map(\.description) == ["2015-05-08", "2015-05-09"])
    }
}

/// Inputs the fuzzer found; each must read the same in one piece and in tiny pieces.
struct FuzzRegressionTests {
    static let inputs = [
        "Browser,note,OS,event,Device,itemid,transactionid,visitorid,timestamp\nChrome,\"multi\nline \"\"q\"\"\",Android,transaction,Mobile,7,99,3,1431000000000\nx,\"a\"b,y\n",
        // Two byte-order marks: only the first is dropped, so the header names "\u{FEFF}timestamp".
        "\u{FEFF}\u{FEFF}timestamp,\u{FEFF}timestamp,visitorid,event,itemid,transactionid\r\n1431000visitorid,even000t",
    ]

    @Test(arguments: inputs)
    func readsTheSameInPieces(text: String) throws {
        let options = IngestOptions(duplicates: .count)
        let whole = Result { () throws(ClickstreamError) in try CSVFixtures.ingest(text, options: options) }
        let pieces = Result { () throws(ClickstreamError) in
            try CSVFixtures.ingest(text, options: options, chunk: 5, blockSize: 16, maxRecordBytes: 4096)
        }
        switch (whole, pieces) {
        case (.success(let whole), .success(let pieces)):
            #expect(pieces.cube == whole.cube)
            #expect(pieces.report == whole.report)
        case (.failure(let whole), .failure(let pieces)):
            #expect(whole == pieces)
        default:
            Issue.record("one read failed and the other did not: \(whole) vs \(pieces)")
        }
    }
}

/// Batch folders: `generate --split-every` and reading many files on every core.
struct BatchFolderTests {
    @Test func splitGenerationWritesFullBatchesWithHeaders() throws {
        let dir = TemporaryDirectory()
        var settings = GeneratorSettings()
        settings.events = 25_000
        settings.days = 21
        settings.splitEvery = 10_000
        let metadata = try DatasetGenerator(settings: settings).write(to: dir.file("batches"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.file("batches")).sorted()
        #expect(files == ["events-0001.csv", "events-0002.csv", "events-0003.csv"])  // 10,000 + 10,000 + 5,000
        let result = try Ingestor.ingest(paths: [dir.file("batches")])
        #expect(result.report.files.map(\.accepted) == [10_000, 10_000, 5_000])
        #expect(result.cube.totals == metadata.totals)
        // The same data in one file gives the same cube.
        settings.splitEvery = nil
        _ = try DatasetGenerator(settings: settings).write(to: dir.file("one.csv"))
        #expect(try Ingestor.ingest(paths: [dir.file("one.csv")]).cube == result.cube)
    }

    /// Files spread over the cores merge, in file order, into what a sequential read gives
    /// (a `maxErrors` run reads sequentially), bad rows and their locations included.
    @Test func spreadReadingEqualsSequentialReading() throws {
        let dir = TemporaryDirectory()
        var paths: [String] = []
        for index in 0..<9 {
            let rows = (0..<200).map { CSVFixtures.row(CSVFixtures.noon + Int64(index * 86_400_000 + $0), visitor: $0,
                                                       event: $0 % 50 == 7 ? "View" : "view",
                                                       browser: $0 % 3 == 0 ? "Chrome" : "Safari") }
            paths.append(dir.write(String(format: "b%02d.csv", index), CSVFixtures.enriched(rows)))
        }
        let spread = Ingestor.merge(try Ingestor.readApart(EventSources.resolve(paths), options: IngestOptions()), options: IngestOptions())
        let sequential = try Ingestor.ingest(paths: paths, options: IngestOptions(maxErrors: .max))
        #expect(spread.cube == sequential.cube)
        var expected = sequential.report
        expected.duplicatePolicy = spread.report.duplicatePolicy
        #expect(spread.report.files == expected.files)
        #expect(spread.report.rejects == expected.rejects)
        #expect(spread.report.rejected == 36 && spread.report.accepted == 1764)
    }
}

/// The cube builder counts exactly whatever the order of days: rows that go back in time
/// find their slot through the table built on the first such row.
struct DailyCubeBuilderTests {
    @Test func rowsOutOfTimeOrderCountIntoTheirOwnDays() {
        let builder = DailyCubeBuilder()
        let day = Int32(Day(iso: "2015-06-01")!.ordinal)
        // Segment 0: days 0, 2, 1, 2, 0, 3; segment 1: 1, 1, 0; events view (0) or transaction (2).
        let rows: [(Int32, Int32, Int)] = [(0, 0, 0), (2, 0, 0), (1, 1, 0), (1, 0, 2), (1, 1, 0), (2, 0, 0), (0, 0, 2), (0, 1, 0), (3, 0, 0)]
        // Row i happens at hour i of its day (UTC), so each day's extent is its first and last row's hour.
        for (i, (offset, segment, type)) in rows.enumerated() {
            let instant = Int64(day + offset) * Day.millisecondsPerDay + Int64(i) * 3_600_000
            builder.add(day: day + offset, segment: segment, type: type, instant: instant)
        }
        let cube = builder.build(segments: [Segment(browser: "A", os: "o", device: "d"), Segment(browser: "B", os: "o", device: "d")])
        let counts = cube.cells.map { [$0.day.ordinal - Int(day), $0.segment, $0.views, $0.transactions] }
        #expect(counts == [[0, 0, 1, 1], [0, 1, 1, 0], [1, 0, 0, 1], [1, 1, 2, 0], [2, 0, 2, 0], [3, 0, 1, 0]])
        // Day 0: rows 0, 6, 7; day 1: rows 2, 3, 4; day 2: rows 1, 5; day 3: row 8.
        #expect(builder.extents().map { [$0.day.ordinal - Int(day), $0.first / 3_600_000, $0.last / 3_600_000] }
                == [[0, 0, 7], [1, 2, 4], [2, 1, 5], [3, 8, 8]])
    }
}

/// The interner gives one id per segment whatever form its key takes: the span of the
/// row's columns, values assembled one by one, or another byte form of equal text.
struct SegmentInternerTests {
    /// Interns `row` as a span key (the columns adjacent, commas between).
    static func span(_ interner: inout SegmentInterner, _ row: String) -> Int32? {
        let bytes = Array(row.utf8) + [UInt8](repeating: 0, count: 8)
        let fields = row.split(separator: ",", omittingEmptySubsequences: false).map { $0.utf8.count }
        return bytes.withUnsafeBytes { all in
            let key = UnsafeRawBufferPointer(rebasing: all.prefix(row.utf8.count))
            var starts = [0]
            for length in fields.dropLast() { starts.append(starts.last! + length + 1) }
            guard case .id(let id) = interner.intern(span: key, field: { UnsafeRawBufferPointer(rebasing: all[starts[$0] ..< starts[$0] + fields[$0]]) }) else { return nil }
            return id
        }
    }

    @Test func oneIdPerSegmentWhateverTheKey() {
        var interner = SegmentInterner()
        #expect(Self.span(&interner, "Mobile,iOS,Safari") == 0 && Self.span(&interner, "Desktop,Windows,Edge") == 1)
        #expect(Self.span(&interner, "Mobile,iOS,Safari") == 0)
        // The same segment assembled value by value (as a quoted row or enrichment gives it).
        guard case .id(let assembled) = interner.intern(Segment(browser: "Safari", os: "iOS", device: "Mobile")) else {
            Issue.record("not interned")
            return
        }
        #expect(assembled == 0 && interner.codes.count == 2)
        // Composed and decomposed é are one value, so one segment.
        #expect(Self.span(&interner, "Mobile,iOS,Caf\u{E9}") == 2 && Self.span(&interner, "Mobile,iOS,Cafe\u{301}") == 2)
        #expect(interner.codes.count == 3 && Self.span(&interner, "Mobile,Android,Chrome") == 3)
    }

    @Test func equalTextInSpansAloneIsOneSegment() {
        var interner = SegmentInterner()
        #expect(Self.span(&interner, "Mobile,iOS,Caf\u{E9}") == 0 && Self.span(&interner, "Mobile,iOS,Cafe\u{301}") == 0)
        #expect(interner.codes.count == 1)
    }
}

/// The slots under the interner's tables: every payload comes back by its hash once the
/// slots have grown many times, and a probe passes over entries the caller rejects.
struct TaggedSlotsTests {
    @Test func everyEntryComesBackAfterGrowing() {
        var slots = TaggedSlots()
        var random = SplitMix64(seed: 9)
        let hashes = (0..<5_000).map { _ in random.next() }
        for (payload, hash) in hashes.enumerated() {
            #expect(slots.first(hash: hash) { _ in true } == nil)
            slots.insert(hash: hash, payload: payload)
        }
        #expect(slots.count == 5_000)
        for (payload, hash) in hashes.enumerated() { #expect(slots.first(hash: hash) { $0 == payload } == payload) }
        // Two entries with one hash: the caller's check tells them apart.
        slots.insert(hash: hashes[0], payload: 77_777)
        #expect(slots.first(hash: hashes[0]) { $0 == 77_777 } == 77_777 && slots.first(hash: hashes[0]) { $0 == 0 } == 0)
        #expect(slots.first(hash: hashes[0]) { _ in false } == nil)
        slots.insert(hash: 1, payload: TaggedSlots.payloadLimit)  // not kept
        #expect(slots.count == 5_001 && slots.first(hash: 1) { _ in true } == nil)
    }
}

/// `ingest --json` writes its segments itself: the bytes are the encoder's, whatever the
/// names hold.
struct IngestSummaryJSONTests {
    /// Every piece `writeJSON` hands over, joined.
    static func json(_ summary: IngestSummary) throws -> Data {
        var data = Data()
        try summary.writeJSON { data.append(contentsOf: $0) }
        return data
    }

    @Test func theSegmentsAreWrittenAsTheEncoderWritesThem() throws {
        let n = CSVFixtures.noon
        var rows = [CSVFixtures.row(n), CSVFixtures.row(n, event: "transaction", transaction: "3"),
                    CSVFixtures.row(n, event: "addtocart", device: "Tab/let", os: "a\\b", browser: "é😀 ")]
        rows.append(CSVFixtures.row(n, device: "\"x\"\"y\"", os: "/", browser: "\\"))  // a quoted field with a quote
        var options = IngestOptions()
        options.dimensions = DimensionSchema(["device", "os", "browser"])
        let read = try CSVFixtures.ingest(CSVFixtures.enriched(rows), options: options)
        let summary = IngestSummary(read)
        #expect(summary.segments.count == 3 && read.report.rejected == 0)
        #expect(try Self.json(summary) == StableJSON.data(summary))
        // Dimensions whose names sort otherwise than their drill order, and names with
        // every control character (built directly: a CSV reader rejects them).
        let schema = DimensionSchema(["zone", "App", "b"])
        let controls = String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) })
        var direct = summary
        direct.segments = [
            .init(segment: Segment(["z1", "A", controls], schema: schema), events: EventTotals(view: 3, addtocart: 2, transaction: 1)),
            .init(segment: Segment(["\u{2028}", "x/y", "\"q\""], schema: schema), events: EventTotals()),
        ]
        #expect(try Self.json(direct) == StableJSON.data(direct))
        var none = summary
        none.segments = []
        #expect(try Self.json(none) == StableJSON.data(none))
    }

    /// Many segments are handed over in pieces of about a mebibyte, which together are the
    /// encoder's bytes: 20,000 segments of about 200 bytes each make 4 MB, so 4 pieces and
    /// a last one (its head before them).
    @Test func manySegmentsAreWrittenInPieces() throws {
        let read = try CSVFixtures.ingest(CSVFixtures.enriched([CSVFixtures.row(CSVFixtures.noon)]), options: IngestOptions())
        var summary = IngestSummary(read)
        let schema = DimensionSchema(["device", "os", "browser"])
        summary.segments = (0..<20_000).map {
            .init(segment: Segment(["Mobile", "OS \($0)", "Browser \($0 % 7)"], schema: schema),
                  events: EventTotals(view: $0, addtocart: $0 / 3, transaction: $0 / 9))
        }
        var pieces: [[UInt8]] = []
        try summary.writeJSON { pieces.append($0) }
        let whole = try StableJSON.data(summary)
        #expect(Data(pieces.joined()) == whole)
        #expect(pieces.count == 1 + whole.count / IngestSummary.piece + 1)
        #expect(pieces.dropFirst().dropLast().allSatisfy { $0.count >= IngestSummary.piece && $0.count < IngestSummary.piece + 300 })
    }
}
