import ClickstreamCore

/// A Parquet file as an event source (`ParquetFile` reads it): recognised by its `PAR1`
/// magic, or in a folder by the `.parquet` name; only the columns the analysis needs are
/// read, row group by row group, so memory follows the largest row group, not the file. A
/// file read alone on several cores is split into runs of row groups, one per core.
package struct ParquetFileSource: EventSource, EventSourceKind {
    package let path: String

    package init(path: String) { self.path = path }

    package var name: String { path }
    package var expectedBytes: Int { InputFiles.size(of: path) }

    package static var filesDescription: String { ".parquet files" }

    /// In a folder: regular files named `.parquet`, or any other file (not CSV by name) that
    /// starts with the magic (a folder named `.parquet`, as Spark writes one, is not a file).
    package static func claims(file path: String) -> Bool {
        path.lowercased().hasSuffix(".parquet") ? ParquetFile.isRegularFile(path)
            : !CSVFileSource.claims(file: path) && ParquetFile.hasMagic(path)
    }

    /// A file the user names is Parquet when it starts with the magic, or is named
    /// `.parquet` (so a damaged one gets the Parquet reader's error); a pipe is never
    /// looked at: its first bytes would be gone.
    package static func source(for input: String) -> (any EventSource)? {
        input.lowercased().hasSuffix(".parquet") || ParquetFile.hasMagic(input) ? ParquetFileSource(path: input) : nil
    }

    package func read(into intake: inout EventIntake) throws(ClickstreamError) {
        let file = try ParquetFile(path: path, options: intake.options)
        try file.read(rowGroups: file.metadata.rowGroups.indices, into: &intake)
        try finish(file, into: &intake)
    }

    package func readAlone(options: IngestOptions, cores: Int, scratch: inout SourceScratch) throws(ClickstreamError) -> IngestResult {
        let file = try ParquetFile(path: path, options: options)
        let groups = file.metadata.rowGroups.count
        var intake = EventIntake(options: options, rules: false)
        guard cores > 1 && groups > 1 else {
            try file.read(rowGroups: 0..<groups, into: &intake)
            try finish(file, into: &intake)
            return intake.result()
        }
        // Contiguous runs of row groups, one per core, merged in file order.
        let runs = (0..<min(cores, groups)).map { k in (groups * k / min(cores, groups))..<(groups * (k + 1) / min(cores, groups)) }
        let pieces = try Parallel.map(runs) { (run) throws(ClickstreamError) -> ParquetFile.Piece in
            var piece = EventIntake(options: options, rules: false)
            let rows = try file.read(rowGroups: run, into: &piece)
            return ParquetFile.Piece(result: piece.result(), first: rows.firstTimestamp, last: rows.lastTimestamp)
        }
        var report = IngestReport()
        var summary = FileSummary(path: path, bytes: file.size, layout: file.layout.columns.layout.rawValue, records: 0,
                                  accepted: 0, rejected: 0, blankLines: 0)
        var last = Int64.min
        for piece in pieces {
            var pieceReport = piece.result.report
            for part in pieceReport.files { summary.absorb(part) }
            pieceReport.files = []
            report.absorb(pieceReport)
            if piece.first != Int64.min {
                if piece.first < last { report.outOfOrderRows += 1 }
                last = piece.last
            }
        }
        report.files = [summary]
        var merged = EventIntake(options: options, rules: false)
        merged.context.report = report
        merged.separateCubes = [DailyCube.sum(pieces.map(\.result.cube))]
        try finish(file, into: &merged)
        return merged.result()
    }

    /// Checks the file did not change while read, and records it.
    private func finish(_ file: ParquetFile, into intake: inout EventIntake) throws(ClickstreamError) {
        try file.source.verifyUnchanged()
        if intake.options.describeInputs { intake.inputs.append(try file.source.describeByRereading()) }
        intake.options.progress?.fileDone()
    }

    package func cacheKey(in cache: IngestCache, options: IngestOptions) throws(ClickstreamError) -> IngestCache.Key? {
        try cache.key(for: path, options: options)
    }
}
