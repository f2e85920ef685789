import ClickstreamCore
#if canImport(Glibc)
import Glibc
#endif

/// Reads one CSV input and hands each record to a sink as a valid row or a counted reject.
///
/// This is the hot path, written for speed: bytes are read in 1 MiB blocks into one
/// buffer. Plain records (no quote, no control byte, the header's field count) take the
/// fast route: `StructuralScan` finds a window's commas and newlines, and each record is
/// cut from those offsets (`readPlainRecords`). Any other record takes the general route:
/// split sixteen bytes at a time, and a record that holds a `"` is parsed by RFC 4180
/// (`QuotedRecordParser`). Both routes give the same rows and rejects. A sentinel `\n`
/// after the valid bytes ends every scan without a bounds check. No `String` is built per
/// row. The reader is a value type, and its buffers sit behind `let` pointers, so the hot
/// loop pays for no dynamic exclusivity checks.
///
/// Recovery rules: a record longer than `maxRecordBytes` is rejected and skipped to the next
/// line; a badly quoted record (unterminated quote, text after a closing quote, a quote in
/// an unquoted field) is rejected at the line where it starts and reading resumes at the
/// next physical line, so one stray quote costs one line, not the rest of the file.
package struct CSVReader {
    let path: String
    /// The delimiter, the columns' and events' names, the dimensions (`CSVFormat`).
    let format: CSVFormat
    /// Where bytes and records read are counted (once per block), if anywhere.
    let progress: ProgressMeter?
    /// The byte between fields (`Delimiter`).
    let delimiter: UInt8
    let blockSize: Int
    let maxRecordBytes: Int
    /// How far ahead one round of the fast route scans: `plainWindow`, or less when the
    /// record limit is smaller (tests).
    let windowSize: Int
    /// Whether plain records take the fast route (`readPlainRecords`); off, every record
    /// takes the general one, which tests use as the reference.
    let plainRecords: Bool
    /// Most fields kept per record (more are counted, not stored).
    static let fieldCapacity = 1024

    let capacity: Int
    let storage: ReaderBuffers
    var buffer: UnsafeMutablePointer<UInt8> { storage.bytes }
    var ends: UnsafeMutablePointer<Int> { storage.ends }
    var quoted: QuotedRecordParser { storage.quoted }
    var begin = 0
    var end = 0
    var eof = false
    /// Physical line of the record at `begin`.
    var line = 1
    var bytesRead = 0

    var records = 0
    var accepted = 0
    var rejected = 0
    var blank = 0
    /// Ids written as `16633.0`, read as integers, and the first one's place.
    var decimalIDs = 0
    var firstDecimalID: RowNote?
    var lastTimestamp = Int64.min
    var leadingDigits = NumberParsing.LeadingDigits()
    /// How many dimension columns `storage.dimensionColumns` holds for the file being read.
    var dimensionCount = 0

    /// The fast route's last scan: `storage.offsets[0..<count]` are the comma and newline
    /// offsets in `from..<to` of the buffer, `next` the first not used yet, `special` where
    /// the scan stopped for the general route. Emptied when the buffer's bytes move.
    struct PlainScan {
        var from = 0, to = 0, count = 0, next = 0
        var special: Int?
    }
    var plainScan = PlainScan()

    /// A reader of `path`. `buffers` from an earlier reader of the same sizes are reused
    /// (reading many small files then costs no allocation per file).
    package init(path: String, blockSize: Int = 1 << 20, maxRecordBytes: Int = 1 << 20, buffers: ReaderBuffers? = nil,
                 plainRecords: Bool = true, format: CSVFormat = CSVFormat(), progress: ProgressMeter? = nil) {
        self.path = path
        self.format = format
        self.progress = progress
        delimiter = format.delimiter
        self.plainRecords = plainRecords
        self.blockSize = blockSize
        self.maxRecordBytes = maxRecordBytes
        windowSize = min(Self.plainWindow, maxRecordBytes)
        capacity = blockSize + maxRecordBytes
        if let buffers, buffers.fits(blockSize: blockSize, maxRecordBytes: maxRecordBytes) {
            buffers.spans.clear()
            storage = buffers
        } else {
            storage = ReaderBuffers(blockSize: blockSize, maxRecordBytes: maxRecordBytes, fieldCapacity: Self.fieldCapacity)
        }
        storage.quoted.delimiter = delimiter
    }

    /// The buffers, to hand to the next reader.
    var buffers: ReaderBuffers { storage }

    /// Reads the whole source into the sink; returns what the file held.
    package mutating func read<Source: ByteSource, Sink: RowSink>(_ source: inout Source, context: inout ReadContext,
                                                  sink: inout Sink) throws(ClickstreamError) -> FileSummary {
        let columns = try readHeader(&source, sink: &sink)
        return try readBody(&source, columns: columns, context: &context, sink: &sink)
    }

    /// Reads only the header: the column map, the header's length in bytes (byte-order mark
    /// included) and the line the first record starts on.
    mutating func readHeaderOnly<Source: ByteSource>(_ source: inout Source) throws(ClickstreamError)
        -> (columns: ColumnMap, bytes: Int, nextLine: Int) {
        var ignore = DiscardingSink()
        let columns = try readHeader(&source, sink: &ignore)
        return (columns, bytesRead - (end - begin), line)
    }

    /// Reads records from a source that starts at a record boundary after the header (a
    /// chunk of a file), numbering lines from 1.
    mutating func readChunk<Source: ByteSource, Sink: RowSink>(_ source: inout Source, columns: ColumnMap,
                                                               context: inout ReadContext,
                                                               sink: inout Sink) throws(ClickstreamError) -> FileSummary {
        try fill(&source)
        return try readBody(&source, columns: columns, context: &context, sink: &sink)
    }

    /// Physical lines consumed so far (the next record's line is this + 1).
    var linesConsumed: Int { line - 1 }
    /// Timestamps of the first and last accepted rows (`Int64.min` when none).
    var firstTimestamp = Int64.min
    var lastAcceptedTimestamp: Int64 { lastTimestamp }
    /// A quoted field was still open at the end of the input.
    var quoteOpenAtEnd = false

    mutating func readBody<Source: ByteSource, Sink: RowSink>(_ source: inout Source, columns: ColumnMap,
                                                                      context: inout ReadContext,
                                                                      sink: inout Sink) throws(ClickstreamError) -> FileSummary {
        dimensionCount = columns.dimensionColumns.count
        for (index, column) in columns.dimensionColumns.enumerated() { storage.dimensionColumns[index] = column }
        var skipping = false
        var counted = records
        while true {
            if skipping {
                skipping = try skipLine(sink: &sink)
            } else {
                skipping = try readRecords(columns: columns, context: &context, sink: &sink)
            }
            progress?.add(records: records - counted)
            counted = records
            if eof && begin >= end { break }
            if !skipping && end - begin >= maxRecordBytes {
                skipping = try rejectLongRecord(context: &context, sink: &sink)
                continue
            }
            try fill(&source)
        }
        context.report.decimalIDs += decimalIDs
        if context.report.firstDecimalID == nil { context.report.firstDecimalID = firstDecimalID }
        decimalIDs = 0
        return FileSummary(path: path, bytes: bytesRead, layout: columns.layout.rawValue, records: records,
                           accepted: accepted, rejected: rejected, blankLines: blank)
    }

    // MARK: Buffer

    /// Moves the unread tail to the front and reads one more block after it.
    mutating func fill<Source: ByteSource>(_ source: inout Source) throws(ClickstreamError) {
        plainScan = PlainScan()
        if begin > 0 {
            let remaining = end - begin
            if remaining > 0 { (buffer).update(from: buffer + begin, count: remaining) }
            begin = 0
            end = remaining
        }
        guard !eof else { return }
        let room = min(blockSize, capacity - end)
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + end, count: room))
        if n == 0 { eof = true }
        end += n
        bytesRead += n
        progress?.add(bytes: n)
        buffer[end] = 0x0A
    }
}
