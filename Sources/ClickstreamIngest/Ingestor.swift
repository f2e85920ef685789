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

    public init(enrichmentSeed: UInt64 = 42, strict: Bool = false, maxErrors: Int? = nil,
                duplicates: DuplicatePolicy = .keep, cacheDirectory: String? = nil) {
        self.enrichmentSeed = enrichmentSeed
        self.strict = strict
        self.maxErrors = maxErrors
        self.duplicates = duplicates
        self.cacheDirectory = cacheDirectory
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
}

/// Reads inputs (files, or directories of CSV files) into one daily cube.
public enum Ingestor {
    /// Ingests files and directories; throws on a missing input, an unreadable or empty
    /// file, a bad header, or a reject under `strict`/`maxErrors`.
    public static func ingest(paths: [String], options: IngestOptions = IngestOptions()) throws(ClickstreamError) -> IngestResult {
        let files = try InputFiles.expand(paths)
        ProgressMeter.shared.begin(files: files.count, bytes: files.reduce(0) { $0 + InputFiles.size(of: $1) })
        let result = try read(files, options: options)
        // Each reader stops at the limit; files read apart are checked together here.
        if result.cube.segments.count > SegmentInterner.limit {
            throw ClickstreamError(stage: "ingest", message: "the inputs hold \(result.cube.segments.count) distinct segments, more than \(SegmentInterner.limit): too many to analyse, and none is dropped")
        }
        return result
    }

    /// Reads expanded input files: through the cache, spread over the cores, or in order.
    static func read(_ files: [String], options: IngestOptions) throws(ClickstreamError) -> IngestResult {
        if let directory = options.cacheDirectory, readsIndependently(options) {
            let cache = IngestCache(directory: directory)
            if let problem = cache.unusable {
                var uncached = options
                uncached.cacheDirectory = nil
                var result = try read(files, options: uncached)
                result.warnings.append("the cache \(directory) cannot be used (\(problem)); every file was read")
                return result
            }
            return try ingestCached(files, cache: cache, options: options)
        }
        if files.count > 1 && cores > 1 && readsIndependently(options) {
            return try ingestSpread(files, options: options)
        }
        var context = ReadContext(options)
        var sink = CubeSink(policy: options.duplicates)
        var chunked = DailyCube()
        var buffers: ReaderBuffers?
        var inputs: [InputFile] = []
        for file in files {
            var source = try FileByteSource(path: file, hashing: options.describeInputs)
            if source.isRegular && ChunkedFileIngest.applies(to: source.size, options: options, cores: cores),
               let piece = try ChunkedFileIngest.ingest(source, options: options, chunks: cores) {
                if options.describeInputs { inputs.append(try source.describeByRereading()) }
                // Chunks end where the size at the open says; a change shows in fstat.
                try source.verifyUnchanged()
                context.report.absorb(piece.report)
                chunked = chunked.merged(with: piece.cube)
                ProgressMeter.shared.fileDone()
                continue
            }
            var reader = CSVReader(path: file, buffers: buffers, schema: options.dimensions)
            let summary = try reader.read(&source, context: &context, sink: &sink)
            try source.verifyUnchanged(bytesRead: summary.bytes)
            if options.describeInputs { inputs.append(source.described) }
            buffers = reader.buffers
            context.report.files.append(summary)
            ProgressMeter.shared.fileDone()
        }
        var result = finish(context: context, sink: sink, options: options)
        if !chunked.isEmpty { result.cube = result.cube.merged(with: chunked) }
        if options.describeInputs { result.inputs = inputs }
        return result
    }

    /// Runs that need no global view while reading (no `strict`, `maxErrors` or duplicate
    /// checks) may read files, or chunks of one file, on several cores.
    static func readsIndependently(_ options: IngestOptions) -> Bool {
        !options.strict && options.maxErrors == nil && options.duplicates == .keep
    }

    /// Many files (the source study's batch folders) spread over every core: each file is
    /// read on its own into its own cube, and the pieces are merged in file order, so the
    /// result is the sequential one whatever the scheduling. The first failure in file
    /// order is the one reported.
    static func ingestSpread(_ files: [String], options: IngestOptions) throws(ClickstreamError) -> IngestResult {
        merge(try ingestSpreadPieces(files, options: options), options: options)
    }

    /// Per-file results joined in file order: reports one after another, cubes summed.
    static func merge(_ pieces: [IngestResult], options: IngestOptions) -> IngestResult {
        var report = IngestReport()
        for piece in pieces { report.absorb(piece.report) }
        report.duplicatePolicy = options.duplicates
        var result = IngestResult(cube: DailyCube.sum(pieces.map(\.cube)), report: report)
        if options.describeInputs { result.inputs = pieces.flatMap { $0.inputs ?? [] } }
        return result
    }

    /// Each file's own result, read on every core, in file order.
    static func ingestSpreadPieces(_ files: [String], options: IngestOptions) throws(ClickstreamError) -> [IngestResult] {
        // Buffers go back to a pool after each file, so a worker reuses them for the next.
        let pool = Mutex<[ReaderBuffers]>([])
        return try Parallel.map(files) { (file) throws(ClickstreamError) -> IngestResult in
            var context = ReadContext(options, rules: false)
            var sink = CubeSink(policy: .keep)
            var source = try FileByteSource(path: file, hashing: options.describeInputs)
            var reader = CSVReader(path: file, buffers: pool.withLock { $0.popLast() }, schema: options.dimensions)
            defer { pool.withLock { $0.append(reader.buffers) } }
            let summary = try reader.read(&source, context: &context, sink: &sink)
            try source.verifyUnchanged(bytesRead: summary.bytes)
            context.report.files.append(summary)
            ProgressMeter.shared.fileDone()
            var result = finish(context: context, sink: sink, options: options)
            if options.describeInputs { result.inputs = [source.described] }
            return result
        }
    }

    /// Reads only files the cache does not hold as they are now (spread over the cores),
    /// stores what it read, and merges everything in file order.
    static func ingestCached(_ files: [String], cache: IngestCache, options: IngestOptions) throws(ClickstreamError) -> IngestResult {
        // Keys and entries are looked up on every core (decoding the entries is most of a
        // refresh); the first failure in file order is the one reported.
        let lookups = try Parallel.map(files) { (file) throws(ClickstreamError) -> (key: IngestCache.Key?, hit: IngestResult?) in
            guard let key = try cache.key(for: file, options: options) else { return (nil, nil) }
            let hit = cache.load(key, as: file)
            if let hit {
                ProgressMeter.shared.fileDone(skippedBytes: hit.report.files.reduce(0) { $0 + $1.bytes },
                                            records: hit.report.files.reduce(0) { $0 + $1.records })
            }
            return (key, hit)
        }
        let keys = lookups.map(\.key)
        var pieces = lookups.map(\.hit)
        var inputs = pieces.map { $0?.inputs?.first }
        let missing = pieces.indices.filter { pieces[$0] == nil }
        // One new file (the usual refresh, or a single large file) may be read in chunks on
        // every core; several are spread over the cores file by file.
        // Read with their hashes: an entry keeps its file's provenance.
        var describing = IngestOptions(enrichmentSeed: options.enrichmentSeed)  // not through the cache again
        describing.describeInputs = true
        let read = missing.count == 1
            ? [try read([files[missing[0]]], options: describing)]
            : try ingestSpreadPieces(missing.map { files[$0] }, options: describing)
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

    /// Ingests bytes already in memory (tests, the fuzzer); `chunk` limits each read, and
    /// `plainRecords: false` sends every record by the reader's general route (the reference
    /// the fast route is compared with).
    public static func ingest(bytes: [UInt8], name: String, options: IngestOptions = IngestOptions(),
                              chunk: Int = .max, blockSize: Int = 1 << 20,
                              maxRecordBytes: Int = 1 << 20,
                              plainRecords: Bool = true, segmentLimit: Int? = nil) throws(ClickstreamError) -> IngestResult {
        var context = ReadContext(options)
        if let segmentLimit { context.interner.limit = min(segmentLimit, SegmentInterner.limit) }
        var sink = CubeSink(policy: options.duplicates)
        var source = MemoryByteSource(bytes, chunk: chunk)
        var reader = CSVReader(path: name, blockSize: blockSize, maxRecordBytes: maxRecordBytes,
                               plainRecords: plainRecords, schema: options.dimensions)
        context.report.files.append(try reader.read(&source, context: &context, sink: &sink))
        return finish(context: context, sink: sink, options: options)
    }

    private static func finish(context: ReadContext, sink: CubeSink, options: IngestOptions) -> IngestResult {
        var report = context.report
        report.duplicatePolicy = options.duplicates
        report.duplicateRows = options.duplicates == .keep ? nil : sink.duplicates
        return IngestResult(cube: sink.builder.build(segments: context.interner.segments), report: report)
    }
}
