import ClickstreamCore
import Foundation
import Synchronization

/// Settings of an ingest.
public struct IngestOptions: Sendable, Equatable {
    /// Seed of the enrichment of raw files; the generator's seed gives back its segments.
    public var enrichmentSeed: UInt64 = 42
    /// Stop at the first rejected row, with its location.
    public var strict = false
    /// Fail when more rows than this are rejected.
    public var maxErrors: Int?
    public var duplicates: DuplicatePolicy = .keep
    /// Folder of the per-file cache (`IngestCache`); nil reads every file every time.
    public var cacheDirectory: String?
    /// Take each file's size and content hash while reading it (`IngestResult.inputs`, the
    /// report's provenance), instead of never.
    public var describeInputs = false
    /// The dimensions the segment columns hold, in drill order.
    public var dimensions = DimensionSchema.standard
    /// Where the read counts its bytes, records and files for a progress display.
    public var progress: ProgressMeter?
    /// The byte between a CSV file's fields (`Delimiter`: a comma, semicolon, tab or vertical bar).
    public var delimiter: UInt8 = 0x2C
    /// The file's names for the columns the tool reads.
    public var columns = ColumnNames()
    /// Decimal places of the revenue column's amounts (`RevenueAmount`), when `columns`
    /// names one: the minor unit the cube counts in (2: cents).
    public var revenueDecimals = 2
    /// What the amounts are counted in (`input.revenue_unit`: `EUR`, `$`), shown after
    /// them on the page; nil: "the revenue column's units".
    public var revenueUnit: String?
    /// The places the cube's revenue is counted at: `revenueDecimals` when `columns` names
    /// a revenue column, else nil (`DailyCube.revenueDecimals`).
    var cubeRevenueDecimals: Int? { columns.revenue == nil ? nil : revenueDecimals }
    /// Visitor, item and transaction ids may be any text (the config maps the columns);
    /// otherwise they are integers, as in the Retail Rocket layout.
    public var idsAreText = false
    /// The file's names for the funnel steps.
    public var events = EventNames()
    /// The unit of integer times (epoch milliseconds unless the input says otherwise).
    public var timeUnit = TimeUnit.milliseconds
    /// The zone whose calendar days the cube counts by (UTC unless the input says otherwise).
    public var timeZone = TimeZoneRules.utc
    /// How long a database source may take to connect and to answer its query, in seconds.
    public var databaseTimeout = 600
    /// The shop's days to read (`--since`, `--until`); nil reads every day.
    public var days: DayBounds?
    /// Where a stream's checkpoint is kept (`--cache`: the cube so far and the offsets to
    /// read from next); nil drains a topic from its first offsets every run.
    public var streamStateDirectory: String?
    /// A stream's run stops once this many messages are read (`--max-messages`; at a batch's end).
    public var maxMessages: Int?
    /// A stream's run stops fetching after this many seconds (`--time-limit`).
    public var timeLimit: Int?
    /// A stream's messages are CSV lines (fields in the order of the header the columns and
    /// dimensions name, split by `delimiter`) rather than JSON objects (`--messages csv`).
    public var csvMessages = false
    /// All traffic is one segment (`Segment.allTraffic`), whatever the files' columns, and
    /// a file without dimension columns gets no synthetic ones (`--no-enrichment`). Set
    /// with `analyseAsOneSegment()`, which makes the dimensions match.
    public private(set) var oneSegment = false

    public init(enrichmentSeed: UInt64 = 42, strict: Bool = false, maxErrors: Int? = nil,
                duplicates: DuplicatePolicy = .keep, cacheDirectory: String? = nil) {
        self.enrichmentSeed = enrichmentSeed
        self.strict = strict
        self.maxErrors = maxErrors
        self.duplicates = duplicates
        self.cacheDirectory = cacheDirectory
    }

    /// Reads all traffic as one segment (`oneSegment`), of the one dimension `traffic`.
    public mutating func analyseAsOneSegment() {
        oneSegment = true
        dimensions = .allTraffic
    }
}

extension IngestReport {
    /// Says what the options and the files read make of the result: the zone of its days
    /// and where its segments come from (synthetic when a file had no dimension columns).
    mutating func describe(_ options: IngestOptions) {
        timeZone = options.timeZone.name
        revenueUnit = options.columns.revenue == nil ? nil : options.revenueUnit
        if options.oneSegment {
            segmentSource = .none
        } else if files.contains(where: { $0.layout == CSVLayout.raw.rawValue }) {
            segmentSource = .synthetic
        } else {
            segmentSource = .columns
        }
        enrichmentSeed = segmentSource == .synthetic ? options.enrichmentSeed : nil
    }
}

/// The outcome of an ingest: the cube and what the data-quality checks found.
public struct IngestResult: Sendable, Equatable {
    public var cube: DailyCube
    public var report: IngestReport
    /// Size and content hash of every input file, when the read knew them without reading
    /// the files again (a cached read keeps them with each file's cube); nil otherwise.
    /// Not part of the result's identity: a cached and a cold read are equal.
    public var inputs: [InputFile]?
    /// What the user should know but that did not stop the read (a cache that cannot be
    /// used); not part of the result's identity.
    public var warnings: [String] = []

    public init(cube: DailyCube, report: IngestReport, inputs: [InputFile]? = nil) {
        self.cube = cube
        self.report = report
        self.inputs = inputs
    }

    public static func == (a: IngestResult, b: IngestResult) -> Bool { a.cube == b.cube && a.report == b.report }

    /// Keeps the days inside `bounds` alone: the other days' cells, their segments when
    /// no day is left to them, and their extents go, their events are counted as outside.
    /// A database source left those rows out in its statement already (and counted them).
    mutating func keep(_ bounds: DayBounds) {
        report.dayBounds = bounds
        report.dayExtents.removeAll { !bounds.contains($0.day) }
        let inside = cube.cells.filter { bounds.contains($0.day) }
        let outside = cube.cells.reduce(0) { $0 + (bounds.contains($1.day) ? 0 : $1.total) }
        report.eventsOutsideBounds = (report.eventsOutsideBounds ?? 0) + outside
        guard inside.count < cube.cells.count else { return }
        var used = [Int](repeating: -1, count: cube.segments.count)
        var segments: [Segment] = []
        for cell in inside where used[cell.segment] < 0 {
            used[cell.segment] = segments.count
            segments.append(cube.segments[cell.segment])
        }
        let cells = inside.map { cell in
            var cell = cell
            cell.segment = used[cell.segment]
            return cell
        }
        cube = segments.isEmpty ? DailyCube(codes: SegmentCodes(schema: cube.codes.schema), cells: []) : DailyCube(segments: segments, cells: cells)
    }
}

/// Reads inputs (files, folders of them) into one daily cube, whatever their kind
/// (`EventSources`): through the cache, spread over the cores, or one after another.
public enum Ingestor {
    /// Ingests files and directories; throws on a missing input, an unreadable or empty
    /// file, a bad header, or a reject under `strict`/`maxErrors`.
    public static func ingest(paths: [String], options: IngestOptions = IngestOptions()) throws(ClickstreamError) -> IngestResult {
        let sources = try EventSources.resolve(paths)
        options.progress?.begin(files: sources.count, bytes: sources.reduce(0) { $0 + $1.expectedBytes })
        var result = try read(sources, options: options)
        result.report.describe(options)
        if let days = options.days { result.keep(days) }
        // Every part of the read counted revenue in the same minor unit; the cube says which.
        result.cube.revenueDecimals = options.cubeRevenueDecimals
        result.warnings += missingSteps(result, names: options.events)
        if let note = decimalIDs(result.report) { result.warnings.append(note) }
        if let rows = result.report.wallClockTimes {
            result.warnings.append("\(Format.thousands(rows)) row(s) had times without a zone (Parquet TIMESTAMPs not adjusted to UTC, as pandas writes naive datetimes, or DATEs), read as wall-clock times in \(options.timeZone.name); input.timezone names the shop's zone")
        }
        // Each reader stops at the limit; inputs read apart are checked together here.
        if result.cube.segments.count > SegmentInterner.limit {
            throw ClickstreamError(stage: "ingest", message: "the inputs hold \(result.cube.segments.count) distinct segments, more than \(SegmentInterner.limit): too many to analyse, and none is dropped")
        }
        return result
    }

    /// A warning for each funnel step no accepted row has, when other rows were accepted
    /// and the names are the export's own or some row's event name was unknown: most often
    /// a name spelt otherwise in the file. Says which names were looked for and which
    /// names the file has instead, with their rows.
    static func missingSteps(_ result: IngestResult, names: EventNames) -> [String] {
        let report = result.report
        let rejected = report.rejectsByReason[.event] ?? 0
        guard report.accepted > 0, !names.isStandard || rejected > 0 else { return [] }
        let totals = result.cube.totals
        let found = report.unknownEvents.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\"\(TerminalText.safe($0.key))\" (\(Format.thousands($0.value)))" }
            + (report.otherUnknownEvents > 0 ? ["others (\(Format.thousands(report.otherUnknownEvents)))"] : [])
        return zip(EventType.allCases, [names.view, names.addtocart, names.transaction])
            .filter { totals[$0.0] == 0 }
            .map { type, looked in
                let quoted = looked.map { "\"\(TerminalText.safe($0))\"" }.joined(separator: ", ")
                return "no \(type.rawValue) events: no accepted row has the name \(quoted)"
                    + (found.isEmpty ? "" : "; the file's other event names, rejected with their rows: " + found.joined(separator: ", "))
            }
    }

    /// A warning when ids were written as decimals (`16633.0`) and read as integers, with
    /// the first one's place.
    static func decimalIDs(_ report: IngestReport) -> String? {
        guard report.decimalIDs > 0 else { return nil }
        let ids = report.decimalIDs == 1 ? "1 id was" : "\(Format.thousands(report.decimalIDs)) ids were"
        return "\(ids) written as a decimal with a zero fraction (as pandas writes an integer column with gaps) and read as the integer"
            + (report.firstDecimalID.map { "; the first: " + TerminalText.safe($0.description) } ?? "")
    }

    /// Reads the sources: through the cache, spread over the cores, or in order.
    static func read(_ sources: [any EventSource], options: IngestOptions) throws(ClickstreamError) -> IngestResult {
        if let directory = options.cacheDirectory, readsIndependently(options) {
            let cache = IngestCache(directory: directory)
            if let problem = cache.unusable {
                var uncached = options
                uncached.cacheDirectory = nil
                var result = try read(sources, options: uncached)
                result.warnings.append("the cache \(directory) cannot be used (\(problem)); every file was read")
                return result
            }
            return try ingestCached(sources, cache: cache, options: options)
        }
        if sources.count > 1 && cores > 1 && readsIndependently(options) {
            return merge(try readApart(sources, options: options), options: options)
        }
        if sources.count == 1 && readsIndependently(options) {
            var scratch: SourceScratch = [:]
            return try sources[0].readAlone(options: options, cores: cores, scratch: &scratch)
        }
        var intake = EventIntake(options: options)
        for source in sources { try source.read(into: &intake) }
        return intake.result()
    }

    /// Runs that need no global view while reading (no `strict`, `maxErrors` or duplicate
    /// checks) may read inputs, or parts of one, on several cores.
    static func readsIndependently(_ options: IngestOptions) -> Bool {
        !options.strict && options.maxErrors == nil && options.duplicates == .keep
    }

    /// Per-input results joined in input order: reports one after another, cubes summed.
    static func merge(_ pieces: [IngestResult], options: IngestOptions) -> IngestResult {
        var report = IngestReport()
        for piece in pieces { report.absorb(piece.report) }
        report.duplicatePolicy = options.duplicates
        var result = IngestResult(cube: DailyCube.sum(pieces.map(\.cube)), report: report)
        if options.describeInputs { result.inputs = pieces.flatMap { $0.inputs ?? [] } }
        result.warnings = pieces.flatMap(\.warnings)
        return result
    }

    /// Many inputs (the source study's batch folders) spread over every core: each is read
    /// on its own into its own cube, and the pieces are kept in input order, so the merged
    /// result is the sequential one whatever the scheduling. The first failure in input
    /// order is the one reported.
    static func readApart(_ sources: [any EventSource], options: IngestOptions) throws(ClickstreamError) -> [IngestResult] {
        // What a kind keeps between inputs (reader buffers) goes back to a pool after each
        // input, so a worker reuses it for the next.
        let pool = Mutex<[SourceScratch]>([])
        return try Parallel.map(Array(sources.indices)) { (index) throws(ClickstreamError) -> IngestResult in
            var scratch = pool.withLock { $0.popLast() } ?? [:]
            defer { pool.withLock { [scratch] in $0.append(scratch) } }
            return try sources[index].readAlone(options: options, cores: 1, scratch: &scratch)
        }
    }

    /// Reads only inputs the cache does not hold as they are now (spread over the cores),
    /// stores what it read, and merges everything in input order.
    static func ingestCached(_ sources: [any EventSource], cache: IngestCache, options: IngestOptions) throws(ClickstreamError) -> IngestResult {
        // Keys and entries are looked up on every core (decoding the entries is most of a
        // refresh); the first failure in input order is the one reported.
        let lookups = try Parallel.map(Array(sources.indices)) { (index) throws(ClickstreamError) -> (key: IngestCache.Key?, hit: IngestResult?) in
            guard let key = try sources[index].cacheKey(in: cache, options: options) else { return (nil, nil) }
            let hit = cache.load(key, as: sources[index].name)
            if let hit {
                options.progress?.fileDone(skippedBytes: hit.report.files.reduce(0) { $0 + $1.bytes },
                                            records: hit.report.files.reduce(0) { $0 + $1.records })
            }
            return (key, hit)
        }
        let keys = lookups.map(\.key)
        var pieces = lookups.map(\.hit)
        var inputs = pieces.map { $0?.inputs?.first }
        let missing = pieces.indices.filter { pieces[$0] == nil }
        // One new input (the usual refresh, or a single large file) may be read in parts on
        // every core; several are spread over the cores input by input.
        // Read with their hashes: an entry keeps its input's provenance.
        // The same reading, not through the cache again; the rules on rejects and
        // duplicates apply to the merged result.
        var describing = options
        describing.cacheDirectory = nil
        describing.strict = false
        describing.maxErrors = nil
        describing.duplicates = .keep
        describing.describeInputs = true
        let read = missing.count == 1
            ? [try read([sources[missing[0]]], options: describing)]
            : try readApart(missing.map { sources[$0] }, options: describing)
        for (slot, index) in missing.enumerated() {
            pieces[index] = read[slot]
            inputs[index] = read[slot].inputs?.first
            if let key = keys[index], let input = inputs[index] { cache.store(read[slot], input: input, for: key) }
        }
        var result = merge(pieces.compactMap { $0 }, options: options)
        result.inputs = inputs.compactMap { $0 }
        return result
    }

    /// Cores used to read one large file (`CLICKSTREAM_THREADS` overrides, for tests and benchmarks).
    static var cores: Int {
        if let text = ProcessInfo.processInfo.environment["CLICKSTREAM_THREADS"], let n = Int(text), n > 0 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    /// Ingests the record batches of a Kafka Fetch answer already in memory, as partition 0
    /// of a topic read from offset 0 (tests, the fuzzer, which asks for small CSV blocks);
    /// a damaged batch is an error, as it is from a broker.
    public static func ingest(recordBatches: [UInt8], options: IngestOptions = IngestOptions(),
                              blockSize: Int = 1 << 20) throws(ClickstreamError) -> IngestResult {
        var intake = EventIntake(options: options)
        var reader = try KafkaMessageReader(topic: "fuzz", name: "kafka://memory/fuzz", options: options, blockSize: blockSize)
        var summary = reader.summary(of: 0)
        _ = try reader.take(recordBatches, partition: 0, at: 0, until: .max, most: .max, intake: &intake, summary: &summary) { (message) throws(ClickstreamError) in
            throw ClickstreamError(stage: "ingest", path: "kafka://memory/fuzz", message: message)
        }
        intake.context.report.files = [summary]
        return intake.result()
    }

    /// Ingests bytes already in memory (tests, the fuzzer); `chunk` limits each read, and
    /// `plainRecords: false` sends every record by the reader's general route (the reference
    /// the fast route is compared with).
    public static func ingest(bytes: [UInt8], name: String, options: IngestOptions = IngestOptions(),
                              chunk: Int = .max, blockSize: Int = 1 << 20,
                              maxRecordBytes: Int = 1 << 20,
                              plainRecords: Bool = true, segmentLimit: Int? = nil) throws(ClickstreamError) -> IngestResult {
        var intake = EventIntake(options: options)
        if let segmentLimit { intake.context.interner.limit = min(segmentLimit, SegmentInterner.limit) }
        var source = MemoryByteSource(bytes, chunk: chunk)
        var reader = CSVReader(path: name, blockSize: blockSize, maxRecordBytes: maxRecordBytes,
                               plainRecords: plainRecords, format: CSVFormat(options), progress: options.progress)
        intake.context.report.files.append(try reader.read(&source, context: &intake.context, sink: &intake.sink))
        return intake.result()
    }

}
