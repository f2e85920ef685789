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

    package static var filesDescription: String { ".csv files (or .csv.gz, .csv.zst)" }

    /// In a folder, CSV files by their names, plain or compressed (what a file given by
    /// name holds is told by its first bytes instead).
    package static func claims(file path: String) -> Bool {
        let name = path.lowercased()
        return [".csv", ".csv.gz", ".csv.zst"].contains { name.hasSuffix($0) }
    }

    /// Any file the user names is read as CSV (the kind of last resort).
    package static func source(for input: String) -> (any EventSource)? { CSVFileSource(path: input) }

    package func read(into intake: inout EventIntake) throws(ClickstreamError) {
        let options = intake.options
        let file = try FileByteSource(path: path, hashing: options.describeInputs)
        let peeked = try Compression.peek(file)
        let cores = Ingestor.cores
        // Only a plain regular file can be cut into parts (a pipe's first bytes are read).
        if !peeked.consumed && !Compression.isCompressed(peeked.bytes) && file.isRegular
            && ChunkedFileIngest.applies(to: file.size, options: options, cores: cores),
           let piece = try ChunkedFileIngest.ingest(file, options: options, chunks: cores) {
            if options.describeInputs { intake.inputs.append(try file.describeByRereading()) }
            // Parts end where the size at the open says; a change shows in fstat.
            try file.verifyUnchanged()
            intake.context.report.absorb(piece.report)
            intake.separateCubes.append(piece.cube)
            options.progress?.fileDone()
            return
        }
        try readSequentially(file, peeked: peeked, into: &intake)
    }

    /// Reads the file from start to end on this thread: plain, gzip-compressed, or a pipe
    /// whose first bytes were read to look at them (`peeked`).
    private func readSequentially(_ file: FileByteSource, peeked: (bytes: [UInt8], consumed: Bool),
                                  into intake: inout EventIntake) throws(ClickstreamError) {
        if Compression.isGzip(peeked.bytes) {
            let gzip = try GzipByteSource(file, prefix: peeked.consumed ? peeked.bytes : [])
            try readDecompressed(gzip, of: file, into: &intake) { gzip.compressedBytes }
        } else if Compression.isZstd(peeked.bytes) {
            let zstd = try ZstdByteSource(file, prefix: peeked.consumed ? peeked.bytes : [])
            try readDecompressed(zstd, of: file, into: &intake) { zstd.compressedBytes }
        } else if peeked.consumed {
            try read(PrefixedByteSource(file, prefix: peeked.bytes), of: file, into: &intake) { $0.bytes }
        } else {
            try read(file, of: file, into: &intake) { $0.bytes }
        }
    }

    /// Reads what `decompressor` makes of `file`: on more than one core, decompressed on a
    /// thread of its own ahead of the parse (`ReadAheadByteSource`); `compressedBytes` says
    /// how much of the file that was, once read.
    private func readDecompressed(_ decompressor: some ByteSource & Sendable, of file: FileByteSource, into intake: inout EventIntake,
                                  compressedBytes: () -> Int) throws(ClickstreamError) {
        if Ingestor.cores > 1 {
            try read(ReadAheadByteSource(decompressor), of: file, into: &intake) { _ in compressedBytes() }
        } else {
            try read(decompressor, of: file, into: &intake) { _ in compressedBytes() }
        }
    }

    /// Reads the records `stream` decodes from `file`; `fileBytes` says how many of the
    /// file's own bytes that was, which must be its size at the open.
    private func read<Source: ByteSource>(_ stream: Source, of file: FileByteSource, into intake: inout EventIntake,
                                          fileBytes: (FileSummary) -> Int) throws(ClickstreamError) {
        var stream = stream
        var reader = CSVReader(path: path, buffers: intake.scratch[Self.buffersKey] as? ReaderBuffers,
                               format: CSVFormat(intake.options), progress: intake.options.progress)
        let summary = try reader.read(&stream, context: &intake.context, sink: &intake.sink)
        try file.verifyUnchanged(bytesRead: fileBytes(summary))
        if intake.options.describeInputs { intake.inputs.append(file.described) }
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
            let file = try FileByteSource(path: path, hashing: options.describeInputs)
            try readSequentially(file, peeked: try Compression.peek(file), into: &intake)
        }
        return intake.result()
    }

    package func cacheKey(in cache: IngestCache, options: IngestOptions) throws(ClickstreamError) -> IngestCache.Key? {
        try cache.key(for: path, options: options)
    }
}
