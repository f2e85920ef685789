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
    /// The dimensions the header's segment columns are looked up by.
    let schema: DimensionSchema
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

    private let capacity: Int
    private let storage: ReaderBuffers
    private var buffer: UnsafeMutablePointer<UInt8> { storage.bytes }
    private var ends: UnsafeMutablePointer<Int> { storage.ends }
    private var quoted: QuotedRecordParser { storage.quoted }
    private var begin = 0
    private var end = 0
    private var eof = false
    /// Physical line of the record at `begin`.
    private var line = 1
    private var bytesRead = 0

    private var records = 0
    private var accepted = 0
    private var rejected = 0
    private var blank = 0
    private var lastTimestamp = Int64.min
    private var leadingDigits = NumberParsing.LeadingDigits()
    /// How many dimension columns `storage.dimensionColumns` holds for the file being read.
    private var dimensionCount = 0

    /// The fast route's last scan: `storage.offsets[0..<count]` are the comma and newline
    /// offsets in `from..<to` of the buffer, `next` the first not used yet, `special` where
    /// the scan stopped for the general route. Emptied when the buffer's bytes move.
    private struct PlainScan {
        var from = 0, to = 0, count = 0, next = 0
        var special: Int?
    }
    private var plainScan = PlainScan()

    /// A reader of `path`. `buffers` from an earlier reader of the same sizes are reused
    /// (reading many small files then costs no allocation per file).
    package init(path: String, blockSize: Int = 1 << 20, maxRecordBytes: Int = 1 << 20, buffers: ReaderBuffers? = nil,
                 plainRecords: Bool = true, schema: DimensionSchema = .standard) {
        self.path = path
        self.schema = schema
        self.plainRecords = plainRecords
        self.blockSize = blockSize
        self.maxRecordBytes = maxRecordBytes
        windowSize = min(Self.plainWindow, maxRecordBytes)
        capacity = blockSize + maxRecordBytes
        if let buffers, buffers.fits(blockSize: blockSize, maxRecordBytes: maxRecordBytes) {
            buffers.spans.clear()
            storage = buffers
            return
        }
        storage = ReaderBuffers(blockSize: blockSize, maxRecordBytes: maxRecordBytes, fieldCapacity: Self.fieldCapacity)
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
    private(set) var firstTimestamp = Int64.min
    var lastAcceptedTimestamp: Int64 { lastTimestamp }
    /// A quoted field was still open at the end of the input.
    private(set) var quoteOpenAtEnd = false

    private mutating func readBody<Source: ByteSource, Sink: RowSink>(_ source: inout Source, columns: ColumnMap,
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
            ProgressMeter.shared.add(records: records - counted)
            counted = records
            if eof && begin >= end { break }
            if !skipping && end - begin >= maxRecordBytes {
                skipping = try rejectLongRecord(context: &context, sink: &sink)
                continue
            }
            try fill(&source)
        }
        return FileSummary(path: path, bytes: bytesRead, layout: columns.layout.rawValue, records: records,
                           accepted: accepted, rejected: rejected, blankLines: blank)
    }

    // MARK: Buffer

    /// Moves the unread tail to the front and reads one more block after it.
    private mutating func fill<Source: ByteSource>(_ source: inout Source) throws(ClickstreamError) {
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
        ProgressMeter.shared.add(bytes: n)
        buffer[end] = 0x0A
    }

    // MARK: Header

    private mutating func readHeader<Source: ByteSource, Sink: RowSink>(_ source: inout Source,
                                                               sink: inout Sink) throws(ClickstreamError) -> ColumnMap {
        try fill(&source)
        while end < 3 && !eof { try fill(&source) }
        // One byte-order mark at the very start of the file is dropped, and only that one.
        if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { begin = 3 }
        while true {
            if eof && end <= begin {
                throw ClickstreamError(stage: "ingest", path: path, message: "empty file: expected a header line naming the columns")
            }
            switch quoted.parse(buffer, from: begin, end: end, eof: eof) {
            case .needMore:
                guard end - begin < maxRecordBytes else {
                    throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1,
                                           message: "header line is longer than \(maxRecordBytes) bytes")
                }
                try fill(&source)
                continue
            case .malformed(let column, _, _, let message, _):
                throw ClickstreamError(stage: "ingest", path: path, line: 1, column: column, message: "header: \(message)")
            case .complete(let record):
                if record.contentEnd - begin >= maxRecordBytes {
                    throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1,
                                           message: "header line is longer than \(maxRecordBytes) bytes")
                }
                if record.contentEnd == begin {
                    throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1,
                                           message: "line 1 is empty: expected a header line naming the columns")
                }
                guard record.fields <= Self.fieldCapacity else {
                    throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1,
                                           message: "header has \(record.fields) columns, more than \(Self.fieldCapacity)")
                }
                var names: [String] = []
                for index in 0..<record.fields {
                    let field = quoted.fields.field(index)
                    if let bad = TextValidation.firstInvalidUTF8(field) ?? TextValidation.firstControl(field) {
                        throw ClickstreamError(stage: "ingest", path: path, line: 1,
                                               column: quoted.origins[index] - begin + bad + 1,
                                               message: "header: column name \(index + 1) has an invalid byte")
                    }
                    names.append(String(decoding: field, as: UTF8.self))
                }
                let columns = try ColumnMap(header: names, path: path, schema: schema)
                try sink.header(raw: UnsafeRawBufferPointer(start: buffer + begin, count: record.rawEnd - begin), columns: columns)
                begin = record.rawEnd
                line = 2 + record.newlines
                return columns
            }
        }
    }

    // MARK: Records

    /// Byte classes: 0 ordinary, 1 comma, 2 newline, 3 quote, 4 carriage return, 5 other control.
    private static let byteClass: [UInt8] = (0..<256).map { byte -> UInt8 in
        switch byte {
        case 0x2C: 1
        case 0x0A: 2
        case 0x22: 3
        case 0x0D: 4
        case 0..<0x20, 0x7F: 5
        default: 0
        }
    }

    /// Reads every complete record in the buffer. Returns `true` when the reader must skip
    /// the rest of an over-long physical line first.
    private mutating func readRecords<Sink: RowSink>(columns: ColumnMap, context: inout ReadContext,
                                            sink: inout Sink) throws(ClickstreamError) -> Bool {
        let buf = buffer
        let ends = ends
        return try Self.byteClass.withUnsafeBufferPointer { (table) throws(ClickstreamError) -> Bool in
            // The general route below reads record by record until `begin` reaches this;
            // then the fast route for plain records takes over again.
            var generalUntil = begin
            while begin < end {
                if begin >= generalUntil && plainRecords {
                    generalUntil = try readPlainRecords(columns: columns, context: &context, sink: &sink)
                    continue
                }
                let p = begin
                var q = p
                var n = 0
                var control = -1
                var sawQuote = false
                // Hot loop, sixteen bytes at a time: SIMD compares give a bit per comma and a bit
                // per byte that ends the field run (newline, quote, any control byte, DEL);
                // every comma before the first stop is recorded from the bits, then the stop
                // byte is looked at on its own. The sentinel newline ends every record.
                while true {
                    let block = ByteBlock(UnsafeRawPointer(buf + q))
                    let commas = block.equal(0x2C).bits
                    let stops = (block.below(0x20) | block.equal(0x22) | block.equal(0x7F)).bits
                    var found = stops == 0 ? commas : commas & ((stops & (0 &- stops)) &- 1)
                    while found != 0 {
                        ends[n] = q &+ found.trailingZeroBitCount
                        n &+= 1
                        found &= found &- 1
                    }
                    if stops == 0 { q &+= 16; continue }
                    q &+= stops.trailingZeroBitCount
                    let kind = table[Int(buf[q])]
                    if kind == 2 { break }
                    if kind == 3 { sawQuote = true; break }
                    if kind == 4 && buf[q &+ 1] == 0x0A { q &+= 1; break }
                    if control < 0 { control = q }
                    q &+= 1
                }
                if sawQuote {
                    switch quoted.parse(buf, from: p, end: end, eof: eof) {
                    case .needMore:
                        return false
                    case .malformed(let column, let lineOffset, var reason, var message, let openAtEnd):
                        // Reject only once the record's first line is in the buffer, so the
                        // reject (and its excerpt) is the same whatever the block size.
                        if !eof && memchr(buf + p, 0x0A, end - p) == nil { return false }
                        if openAtEnd { quoteOpenAtEnd = true }
                        if reason == .lineTooLong { (reason, message) = longRecordWording(at: p) }
                        try rejectAndResync(at: p, line: line + lineOffset, column: column, reason: reason,
                                            message: message, context: &context, sink: &sink)
                        if begin == p { return true }
                        continue
                    case .complete(let record):
                        // One limit whatever the buffer held: a whole record is no longer
                        // than an incomplete one may grow.
                        if record.contentEnd - p >= maxRecordBytes {
                            try rejectWholeRecord(at: p, contentEnd: record.contentEnd, rawEnd: record.rawEnd,
                                                  newlines: record.newlines, context: &context, sink: &sink)
                            continue
                        }
                        let fields = quoted.fields
                        try process(record: p, contentEnd: record.contentEnd, rawEnd: record.rawEnd,
                                    fieldCount: record.fields, control: record.control, fields: fields,
                                    origins: quoted.origins, columns: columns, context: &context, sink: &sink)
                        if record.newlines > 0 { line += record.newlines }
                        begin = record.rawEnd
                        line += 1
                        continue
                    }
                }
                if q == end && !eof { return false }
                let contentEnd = q > p && buf[q - 1] == 0x0D ? q - 1 : q
                let rawEnd = q < end ? q + 1 : end
                if contentEnd - p >= maxRecordBytes {
                    try rejectWholeRecord(at: p, contentEnd: contentEnd, rawEnd: rawEnd, newlines: 0, context: &context, sink: &sink)
                    continue
                }
                ends[n] = contentEnd
                ends[-1] = p - 1
                try process(record: p, contentEnd: contentEnd, rawEnd: rawEnd, fieldCount: n + 1, control: control,
                            fields: FieldSlices(base: UnsafeRawPointer(buf), ends: ends, gap: 1, count: n + 1),
                            origins: nil, columns: columns, context: &context, sink: &sink)
                begin = rawEnd
                line += 1
            }
            return false
        }
    }

    /// How far ahead one round of the fast route scans.
    static let plainWindow = 4096
    /// How far the general route reads when a fast round found no record it could take.
    static let generalStretch = 1024

    /// The fast route: takes every record that holds no quote and no control byte and has
    /// the header's number of fields, from the offsets `StructuralScan` found (stage two of
    /// two). Returns how far the general route must read before this is tried again: one
    /// record when a record does not fit, past the byte that stopped the scan, or a stretch
    /// when no record was taken. Offsets past a record handed to the general route are kept
    /// and used when the fast route resumes, so a file with many bad rows is not scanned twice.
    @inline(__always)
    private mutating func readPlainRecords<Sink: RowSink>(columns: ColumnMap, context: inout ReadContext,
                                                          sink: inout Sink) throws(ClickstreamError) -> Int {
        let buf = buffer
        let offsets = storage.offsets
        let fieldCount = columns.fieldCount
        // A window no wider than the record limit: every record the fast route can take is
        // then shorter than the limit, with no check per record.
        let window = windowSize
        while true {
            // Locals, not `plainScan`'s fields: `process` mutates `self`, which would make
            // every use of a field a load from memory.
            var scan = plainScan
            plainScan = PlainScan()
            if begin >= scan.from && begin < scan.to {
                while scan.next < scan.count && offsets[scan.next] < begin { scan.next &+= 1 }
            } else {
                let limit = min(end, begin &+ window)
                let outcome = StructuralScan.scan(buf, from: begin, to: limit, into: offsets)
                scan = PlainScan(from: begin, to: outcome.covered, count: outcome.count, next: 0, special: outcome.special)
            }
            let count = scan.count
            var next = scan.next
            var taken = 0
            while next &+ fieldCount <= count {
                let fieldEnds = offsets + next
                let newline = fieldEnds[fieldCount &- 1]
                // The record is plain when its last offset is a newline and none before is.
                var shape = buf[newline] ^ 0x0A
                for index in 0..<(fieldCount &- 1) { shape |= buf[fieldEnds[index]] ^ 0x2C }
                guard shape == 0 else {
                    scan.next = next
                    plainScan = scan
                    return begin &+ 1
                }
                let p = begin
                let contentEnd = buf[newline &- 1] == 0x0D ? newline &- 1 : newline
                fieldEnds[fieldCount &- 1] = contentEnd
                // The previous record's newline (or the slot before the first offset): field 0's start − 1.
                fieldEnds[-1] = p &- 1
                try process(record: p, contentEnd: contentEnd, rawEnd: newline &+ 1, fieldCount: fieldCount,
                            control: -1,
                            fields: FieldSlices(base: UnsafeRawPointer(buf), ends: fieldEnds, gap: 1,
                                                count: fieldCount),
                            origins: nil, columns: columns, context: &context, sink: &sink)
                begin = newline &+ 1
                line &+= 1
                next &+= fieldCount
                taken &+= 1
            }
            if let special = scan.special { return special &+ 1 }
            if taken == 0 || scan.to == end { return begin &+ Self.generalStretch }
        }
    }

    /// Validates one record's fields and hands the row (or the reject) to the sink.
    @inline(__always)
    private mutating func process<Sink: RowSink>(record p: Int, contentEnd: Int, rawEnd: Int, fieldCount: Int, control: Int,
                                        fields: FieldSlices, origins: UnsafeMutablePointer<Int>?, columns: ColumnMap,
                                        context: inout ReadContext, sink: inout Sink) throws(ClickstreamError) {
        records &+= 1
        let raw = UnsafeRawBufferPointer(start: buffer + p, count: rawEnd - p)
        if contentEnd == p {
            blank &+= 1
            context.report.blankLines += 1
            try sink.passOver(raw: raw)
            return
        }
        func fail(_ problem: RowProblem) throws(ClickstreamError) {
            try reject(problem, record: p, contentEnd: contentEnd, rawEnd: rawEnd, fieldCount: fieldCount, fields: fields,
                       origins: origins, columns: columns, context: &context, sink: &sink)
        }
        if control >= 0 { return try fail(.control(position: control)) }
        guard fieldCount == columns.fieldCount else { return try fail(.fieldCount) }

        let timestamp = NumberParsing.integer(fields.field(columns.timestamp), reusing: &leadingDigits)
        guard timestamp.isValid else { return try fail(.timestampNotInteger) }
        guard RowRules.timestampInRange(timestamp.value) else {
            return try fail(.timestampOutOfRange(timestamp.value))
        }
        let visitor = NumberParsing.integer(fields.field(columns.visitor), allowSign: false)
        guard visitor.isValid else { return try fail(.visitor) }
        let event = RowRules.eventIndex(fields.field(columns.event))
        guard event >= 0 else { return try fail(.event) }
        let item = NumberParsing.integer(fields.field(columns.item), allowSign: false)
        guard item.isValid else { return try fail(.item) }
        let transactionField = fields.field(columns.transaction)
        var transactionID: Int64 = -1
        if !transactionField.isEmpty {
            let parsed = NumberParsing.integer(transactionField, allowSign: false)
            guard parsed.isValid else { return try fail(.transaction) }
            transactionID = parsed.value
        }

        var segment: Int32
        if columns.layout == .raw {
            segment = context.enrichedSegment(visitor: visitor.value)
            if segment < 0 { return try fail(.tooManySegments) }
        } else {
            let dimensions = storage.dimensionColumns
            // The span `device,os,browser` exists only when the columns are adjacent and the
            // fields sit in the read buffer (not unescaped into the quoted parser's scratch).
            // A span the cache knows was checked when it was first seen: the same bytes cut
            // at the same commas are the same non-empty, valid values.
            let adjacent = fields.base == UnsafeRawPointer(buffer) && columns.segmentColumnsAdjacent
            let first = fields.start(dimensions[0])
            let spanLength = adjacent ? fields.ends[dimensions[dimensionCount &- 1]] &- first : 0
            let span = adjacent ? UnsafeRawBufferPointer(start: fields.base + first, count: spanLength) : nil
            let key = span.flatMap(SpanCache.key)
            segment = key.map { storage.spans.id(for: $0, length: spanLength) } ?? -1
            if segment < 0 {
                var dimension = 0
                while dimension < dimensionCount {
                    if fields.field(dimensions[dimension]).isEmpty { return try fail(.emptySegmentField(dimension)) }
                    dimension &+= 1
                }
                switch context.interner.intern(span: span, field: { fields.field(dimensions[$0]) }) {
                case .id(let id):
                    segment = id
                    if let key { storage.spans.store(id, for: key, length: spanLength) }
                case .invalid(let field, let offset, let reason, _):
                    return try fail(.segmentText(field: field, offset: offset, reason: reason))
                case .full:
                    throw ClickstreamError(stage: "ingest", path: path, line: line, column: 1,
                                           message: "more than \(context.interner.limit) distinct segments (\(columns.schema.names.joined(separator: ", "))): the read stops here rather than drop rows")
                }
            }
        }

        RowRules.countAccepted(event: event, transactionID: transactionID, timestamp: timestamp.value, previous: lastTimestamp,
                               into: &context.report)
        if accepted == 0 { firstTimestamp = timestamp.value }
        lastTimestamp = timestamp.value
        accepted &+= 1
        try sink.accept(ParsedRow(timestamp: timestamp.value, visitor: visitor.value, item: item.value,
                                  transactionID: transactionID, event: event, segment: segment),
                        fields: fields, raw: raw)
    }

    /// Counts and reports a rejected record (the cold path: all wording happens here).
    @inline(never)
    private mutating func reject<Sink: RowSink>(_ problem: RowProblem, record p: Int, contentEnd: Int, rawEnd: Int,
                                                fieldCount: Int, fields: FieldSlices, origins: UnsafeMutablePointer<Int>?,
                                                columns: ColumnMap, context: inout ReadContext,
                                                sink: inout Sink) throws(ClickstreamError) {
        rejected += 1
        let (column, reason, message) = problem.wording(record: p, contentEnd: contentEnd, bytes: buffer,
                                                        fieldCount: fieldCount, fields: fields, origins: origins,
                                                        columns: columns)
        let content = UnsafeRawBufferPointer(start: buffer + p, count: contentEnd - p)
        try context.reject(RowReject(file: path, line: line, column: column, reason: reason, message: message,
                                     excerpt: TextValidation.excerpt(content)))
        try sink.passOver(raw: UnsafeRawBufferPointer(start: buffer + p, count: rawEnd - p))
    }

    // MARK: Recovery

    /// Rejects a badly quoted record at `line` and resumes after the first physical line of
    /// the record. Leaves `begin` at `p` when that line is not complete in the buffer yet
    /// (the caller then skips it while reading on).
    private mutating func rejectAndResync<Sink: RowSink>(at p: Int, line rejectLine: Int, column: Int, reason: RejectReason,
                                                message: String, context: inout ReadContext,
                                                sink: inout Sink) throws(ClickstreamError) {
        records += 1
        rejected += 1
        let newline = memchr(buffer + p, 0x0A, end - p)
        let lineEnd = newline.map { UnsafeMutablePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - buffer } ?? end
        let contentEnd = lineEnd > p && buffer[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd
        try context.reject(RowReject(file: path, line: rejectLine, column: column, reason: reason, message: message,
                                     excerpt: TextValidation.excerpt(UnsafeRawBufferPointer(start: buffer + p, count: contentEnd - p))))
        if lineEnd < end || eof {
            let rawEnd = min(lineEnd + 1, end)
            try sink.passOver(raw: UnsafeRawBufferPointer(start: buffer + p, count: rawEnd - p))
            begin = rawEnd
            line += 1
        }
    }

    /// Rejects the record at `begin` for being longer than `maxRecordBytes`, then skips to
    /// the end of its first line. Returns `true` while the skip must go on past the buffer.
    private mutating func rejectLongRecord<Sink: RowSink>(context: inout ReadContext,
                                                 sink: inout Sink) throws(ClickstreamError) -> Bool {
        let p = begin
        let (reason, message) = longRecordWording(at: p)
        try rejectAndResync(at: p, line: line, column: 1, reason: reason, message: message, context: &context, sink: &sink)
        return begin == p
    }

    /// Rejects a complete record of `maxRecordBytes` or more, the same limit an incomplete
    /// one meets (`rejectLongRecord`), so what is accepted never depends on where the
    /// record fell in the buffer (block size, chunk, thread count).
    @inline(never)
    private mutating func rejectWholeRecord<Sink: RowSink>(at p: Int, contentEnd: Int, rawEnd: Int, newlines: Int,
                                                           context: inout ReadContext, sink: inout Sink) throws(ClickstreamError) {
        records += 1
        rejected += 1
        let (reason, message) = longRecordWording(at: p)
        try context.reject(RowReject(file: path, line: line, column: 1, reason: reason, message: message,
                                     excerpt: TextValidation.excerpt(UnsafeRawBufferPointer(start: buffer + p, count: contentEnd - p))))
        try sink.passOver(raw: UnsafeRawBufferPointer(start: buffer + p, count: rawEnd - p))
        begin = rawEnd
        line += 1 + newlines
    }

    /// Why a record of `maxRecordBytes` or more is rejected, read from its first
    /// `maxRecordBytes` bytes only (the same whatever the buffer held): a quoted field still
    /// open at that point, or a plain over-long line.
    @inline(never)
    private func longRecordWording(at p: Int) -> (RejectReason, String) {
        var quotes = 0
        for offset in 0..<min(maxRecordBytes, end - p) where buffer[p + offset] == 0x22 { quotes += 1 }
        return quotes % 2 == 1
            ? (.quoting, "quoted field not closed within \(maxRecordBytes) bytes (unterminated quote?)")
            : (.lineTooLong, "record is \(maxRecordBytes) bytes or longer")
    }

    /// Discards bytes up to and including the next newline. Returns `true` while none is found.
    private mutating func skipLine<Sink: RowSink>(sink: inout Sink) throws(ClickstreamError) -> Bool {
        let p = begin
        if let newline = memchr(buffer + p, 0x0A, end - p) {
            let lineEnd = UnsafeMutablePointer<UInt8>(newline.assumingMemoryBound(to: UInt8.self)) - buffer
            let rawEnd = min(lineEnd + 1, end)
            try sink.passOver(raw: UnsafeRawBufferPointer(start: buffer + p, count: rawEnd - p))
            begin = rawEnd
            line += 1
            return false
        }
        try sink.passOver(raw: UnsafeRawBufferPointer(start: buffer + p, count: end - p))
        begin = end
        if eof { line += 1 }
        return !eof
    }
}

/// A reader's fixed buffers (the read buffer with its slack, field ends, the fast route's
/// offsets, the quoted-record parser and the span cache), freed with the last reader that
/// uses them.
///
/// `@unchecked Sendable` because buffers move between worker threads through the pool in
/// `Ingestor.ingestSpread`, which hands each set to exactly one reader at a time (popped
/// under a lock before the reader starts, pushed back after it finished); no two threads
/// ever touch the same set at once.
package final class ReaderBuffers: @unchecked Sendable {
    let blockSize: Int
    let maxRecordBytes: Int
    let bytes: UnsafeMutablePointer<UInt8>
    let ends: UnsafeMutablePointer<Int>
    /// Comma and newline offsets of one fast-route window (`StructuralScan`).
    let offsets: UnsafeMutablePointer<Int>
    let spans = SpanCache()
    let quoted: QuotedRecordParser
    /// The column of each dimension (`ColumnMap.dimensionColumns`), where the per-row code
    /// reads it without reference counting.
    let dimensionColumns: UnsafeMutablePointer<Int>

    init(blockSize: Int, maxRecordBytes: Int, fieldCapacity: Int) {
        self.blockSize = blockSize
        self.maxRecordBytes = maxRecordBytes
        let capacity = blockSize + maxRecordBytes
        // Slack past the sentinel: the scans load 16 and 64 bytes at a time.
        bytes = .allocate(capacity: capacity + 128)
        bytes.initialize(repeating: 0, count: capacity + 128)
        // A record has fewer fields than bytes, so field ends never outgrow the buffer; the
        // array is that large, but only the pages a record touches become resident.
        // Both keep one slot before their first entry for `FieldSlices`' start of field 0.
        ends = .allocate(capacity: capacity + 9) + 1
        offsets = .allocate(capacity: CSVReader.plainWindow + 65 + StructuralScan.unconditionalWrites) + 1
        quoted = QuotedRecordParser(capacity: maxRecordBytes, fieldCapacity: fieldCapacity)
        dimensionColumns = .allocate(capacity: fieldCapacity)
    }

    func fits(blockSize: Int, maxRecordBytes: Int) -> Bool {
        self.blockSize == blockSize && self.maxRecordBytes == maxRecordBytes
    }

    deinit {
        bytes.deallocate()
        (ends - 1).deallocate()
        (offsets - 1).deallocate()
        dimensionColumns.deallocate()
    }
}
