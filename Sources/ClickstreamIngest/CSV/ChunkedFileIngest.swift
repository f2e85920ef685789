import ClickstreamCore
#if canImport(Glibc)
import Glibc
#endif

/// Reads one large file on every core: the body is cut at newlines into one chunk per
/// core, each chunk is parsed by its own reader into its own cube, and the pieces are
/// merged in file order, with line numbers shifted, into exactly what one sequential
/// read gives.
///
/// A cut is only right if it falls between records; a newline inside a quoted field is
/// not such a place. Every chunk but the last reports whether a quoted field was still
/// open at its end; if one was, the file is read again sequentially. Runs that need a
/// global view while reading (`strict`, `maxErrors`, duplicate checks) stay sequential.
enum ChunkedFileIngest {
    /// Files smaller than this are read sequentially (threads would not pay off).
    static let minimumBytes = 8 << 20

    /// What one chunk produced.
    struct Piece: Sendable {
        /// The chunk's segments and cells, merged with the other chunks' into one cube.
        var segments: SegmentCodes
        var cells: [DailyCube.Cell]
        var report: IngestReport
        var summary: FileSummary
        var lines: Int
        var firstTimestamp: Int64
        var lastTimestamp: Int64
        var quoteOpenAtEnd: Bool
    }

    /// Whether a run with these options and this file may be split.
    static func applies(to size: Int, options: IngestOptions, cores: Int) -> Bool {
        cores > 1 && size >= minimumBytes && Ingestor.readsIndependently(options)
    }

    /// The file's cube and report, or `nil` when it has to be read sequentially.
    static func ingest(_ file: FileByteSource, options: IngestOptions,
                       chunks: Int) throws(ClickstreamError) -> (cube: DailyCube, report: IngestReport)? {
        let path = file.path, size = file.size
        var headerSource = FileByteSource(sharing: file, range: 0..<size)
        var headerReader = CSVReader(path: path, format: CSVFormat(options))
        let header = try headerReader.readHeaderOnly(&headerSource)
        guard let cuts = try cutPoints(file, from: header.bytes, size: size, chunks: chunks) else { return nil }
        let ranges = zip(cuts.dropLast(), cuts.dropFirst()).map { $0..<$1 }

        let pieces = try Parallel.map(ranges) { (range) throws(ClickstreamError) -> Piece in
            try readPiece(FileByteSource(sharing: file, range: range), columns: header.columns, options: options)
        }
        if pieces.dropLast().contains(where: \.quoteOpenAtEnd) { return nil }
        return merge(pieces, path: path, size: size, firstLine: header.nextLine)
    }

    private static func readPiece(_ piece: FileByteSource, columns: ColumnMap,
                                  options: IngestOptions) throws(ClickstreamError) -> Piece {
        var source = piece
        var reader = CSVReader(path: piece.path, format: CSVFormat(options), progress: options.progress)
        var context = ReadContext(options, rules: false)
        var sink = CubeSink(policy: .keep, timeZone: options.timeZone)
        let summary = try reader.readChunk(&source, columns: columns, context: &context, sink: &sink)
        context.report.dayExtents = sink.builder.extents()
        return Piece(segments: context.interner.codes, cells: sink.builder.cells(), report: context.report,
                     summary: summary, lines: reader.linesConsumed, firstTimestamp: reader.firstTimestamp,
                     lastTimestamp: reader.lastAcceptedTimestamp, quoteOpenAtEnd: reader.quoteOpenAtEnd)
    }

    /// Offsets that start each chunk (the first is the end of the header, the last the
    /// file size), each just after a newline; `nil` when no newline is found near a cut.
    static func cutPoints(_ source: FileByteSource, from start: Int, size: Int, chunks: Int) throws(ClickstreamError) -> [Int]? {
        var cuts = [start]
        let window = 1 << 16
        let probe = UnsafeMutableRawBufferPointer.allocate(byteCount: window, alignment: 8)
        defer { probe.deallocate() }
        for k in 1..<chunks {
            var offset = max(start + (size - start) * k / chunks, cuts[cuts.count - 1])
            var found: Int?
            while found == nil && offset < size && offset - (start + (size - start) * k / chunks) < (1 << 20) {
                let n = try source.read(at: offset, into: probe)
                guard n > 0 else { break }
                if let base = probe.baseAddress, let newline = memchr(base, 0x0A, n) {
                    found = offset + (newline - base) + 1
                }
                offset += n
            }
            guard let found else { return nil }
            if found < size && found > cuts[cuts.count - 1] { cuts.append(found) }
        }
        cuts.append(size)
        return cuts
    }

    /// Joins the pieces in file order into what a sequential read reports.
    private static func merge(_ pieces: [Piece], path: String, size: Int,
                              firstLine: Int) -> (cube: DailyCube, report: IngestReport) {
        var report = IngestReport()
        var line = firstLine
        var lastTimestamp = Int64.min
        var summary = FileSummary(path: path, bytes: size, layout: pieces.first?.summary.layout ?? CSVLayout.raw.rawValue, records: 0,
                                  accepted: 0, rejected: 0, blankLines: 0)
        for piece in pieces {
            var pieceReport = piece.report
            pieceReport.rejects = pieceReport.rejects.map { reject in
                var shifted = reject
                shifted.line += line - 1
                return shifted
            }
            pieceReport.firstDecimalID?.line += line - 1
            pieceReport.files = []
            report.absorb(pieceReport)
            if piece.firstTimestamp != Int64.min {
                if piece.firstTimestamp < lastTimestamp { report.outOfOrderRows += 1 }
                lastTimestamp = piece.lastTimestamp
            }
            summary.absorb(piece.summary)
            line += piece.lines
        }
        report.files = [summary]
        return (DailyCube.sum(parts: pieces.map { ($0.segments, $0.cells) }), report)
    }
}
