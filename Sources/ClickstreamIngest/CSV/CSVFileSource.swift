import ClickstreamCore

/// A CSV file, or a pipe, as an event source: read by `CSVReader`, a large regular file in
/// parts on several cores (`ChunkedFileIngest`), a gzip-compressed one through
/// `GzipByteSource` (recognised by its first bytes), cached per file (`IngestCache`).
package struct CSVFileSource: EventSource, EventSourceKind {
    package let path: String

    package init(path: String) { self.path = path }

    package var name: String { path }
    package var expectedBytes: Int { InputFiles.size(of: path) }

    /// The reader's buffers, reused from one file to the next.
    private static let buffersKey = "csv.buffers"

    package static var filesDescription: String { ".csv files" }

    package static func claims(file path: String) -> Bool { path.lowercased().hasSuffix(".csv") }

    /// Any file the user names is read as CSV (the kind of last resort).
    package static func source(for input: String) -> (any EventSource)? { CSVFileSource(path: input) }

    package func read(into intake: inout EventIntake) throws(ClickstreamError) {
        let options = intake.options
        var source = try FileByteSource(path: path, hashing: options.describeInputs)
        if try readIfCompressedOrPiped(source, into: &intake) { return }
        let cores = Ingestor.cores
        if source.isRegular && ChunkedFileIngest.applies(to: source.size, options: options, cores: cores),
           let piece = try ChunkedFileIngest.ingest(source, options: options, chunks: cores) {
            if options.describeInputs { intake.inputs.append(try source.describeByRereading()) }
            // Parts end where the size at the open says; a change shows in fstat.
            try source.verifyUnchanged()
            intake.context.report.absorb(piece.report)
            intake.separateCubes.append(piece.cube)
            options.progress?.fileDone()
            return
        }
        try readWhole(&source, into: &intake)
    }

    /// Reads a gzip file, or a pipe (whose first bytes had to be read to look at), on this
    /// thread; false for a plain regular file, which the caller reads.
    private func readIfCompressedOrPiped(_ file: FileByteSource, into intake: inout EventIntake) throws(ClickstreamError) -> Bool {
        let (first, consumed) = try Compression.peek(file)
        if Compression.isGzip(first) {
            let gzip = try GzipByteSource(file, prefix: consumed ? first : [])
            try readStream(gzip, file: file, compressed: { gzip.compressedBytes }, into: &intake)
            return true
        }
        guard consumed else { return false }
        try readStream(PrefixedByteSource(file, prefix: first), file: file, compressed: { 0 }, into: &intake)
        return true
    }

    /// Reads a stream of decoded bytes; the file must end where its size at the open said.
    private func readStream<Source: ByteSource>(_ stream: Source, file: FileByteSource, compressed: () -> Int,
                                                into intake: inout EventIntake) throws(ClickstreamError) {
        var stream = stream
        var reader = CSVReader(path: path, buffers: intake.scratch[Self.buffersKey] as? ReaderBuffers,
                               format: CSVFormat(intake.options), progress: intake.options.progress)
        let summary = try reader.read(&stream, context: &intake.context, sink: &intake.sink)
        if file.isRegular { try file.verifyUnchanged(bytesRead: compressed()) }
        if intake.options.describeInputs { intake.inputs.append(file.described) }
        intake.scratch[Self.buffersKey] = reader.buffers
        intake.context.report.files.append(summary)
        intake.options.progress?.fileDone()
    }

    /// Reads the file from start to end on this thread.
    private func readWhole(_ source: inout FileByteSource, into intake: inout EventIntake) throws(ClickstreamError) {
        var reader = CSVReader(path: path, buffers: intake.scratch[Self.buffersKey] as? ReaderBuffers,
                               format: CSVFormat(intake.options), progress: intake.options.progress)
        let summary = try reader.read(&source, context: &intake.context, sink: &intake.sink)
        try source.verifyUnchanged(bytesRead: summary.bytes)
        if intake.options.describeInputs { intake.inputs.append(source.described) }
        intake.scratch[Self.buffersKey] = reader.buffers
        intake.context.report.files.append(summary)
        intake.options.progress?.fileDone()
    }

    /// On one core the file is read whole; on more, a large one in parts.
    package func readAlone(options: IngestOptions, cores: Int, scratch: inout SourceScratch) throws(ClickstreamError) -> IngestResult {
        var intake = EventIntake(options: options, rules: false)
        intake.scratch = scratch
        defer { scratch = intake.scratch }
        if cores > 1 {
            try read(into: &intake)
        } else {
            var source = try FileByteSource(path: path, hashing: options.describeInputs)
            if try !readIfCompressedOrPiped(source, into: &intake) { try readWhole(&source, into: &intake) }
        }
        return intake.result()
    }

    package func cacheKey(in cache: IngestCache, options: IngestOptions) throws(ClickstreamError) -> IngestCache.Key? {
        try cache.key(for: path, options: options)
    }
}
