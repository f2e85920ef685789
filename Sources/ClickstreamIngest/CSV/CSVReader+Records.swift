import ClickstreamCore
#if canImport(Glibc)
import Glibc
#endif

/// Cutting records out of the buffer: the general route, one record at a time, and the fast
/// route for plain records. Hot path.
extension CSVReader {
    /// Byte classes: 0 ordinary (a delimiter never gets this far), 2 newline, 3 quote, 4
    /// carriage return, 5 other control.
    static let byteClass: [UInt8] = (0..<256).map { byte -> UInt8 in
        switch byte {
        case 0x0A: 2
        case 0x22: 3
        case 0x0D: 4
        case 0..<0x20, 0x7F: 5
        default: 0
        }
    }

    /// Reads every complete record in the buffer. Returns `true` when the reader must skip
    /// the rest of an over-long physical line first.
    mutating func readRecords<Sink: RowSink>(columns: ColumnMap, context: inout ReadContext,
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
                    let separators = block.equal(delimiter)
                    let commas = separators.bits
                    let stops = (block.below(0x20).subtracting(separators) | block.equal(0x22) | block.equal(0x7F)).bits
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
    mutating func readPlainRecords<Sink: RowSink>(columns: ColumnMap, context: inout ReadContext,
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
                let outcome = StructuralScan.scan(buf, from: begin, to: limit, into: offsets, delimiter: delimiter)
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
                for index in 0..<(fieldCount &- 1) { shape |= buf[fieldEnds[index]] ^ delimiter }
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
}
