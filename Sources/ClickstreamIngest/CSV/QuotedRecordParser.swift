import ClickstreamCore

/// The general RFC 4180 record parser: quoted fields, `""` escapes, line breaks inside
/// quotes. The fast path hands a record here only when it holds a `"` (and the header
/// always comes here). Unescaped field bytes go to a scratch buffer of its own.
final class QuotedRecordParser {
    struct Record {
        var contentEnd: Int
        var rawEnd: Int
        var fields: Int
        /// Line breaks inside quoted fields.
        var newlines: Int
        /// Buffer position of the first control byte outside line breaks in quotes, or -1.
        var control: Int
    }

    enum Outcome {
        case complete(Record)
        /// The record runs past the bytes read so far.
        case needMore
        /// Column (from the record's start), line offset inside the record, reason, message;
        /// `quoteOpenAtEnd` when a quoted field was still open at the end of the input.
        case malformed(column: Int, lineOffset: Int, reason: RejectReason, message: String, quoteOpenAtEnd: Bool = false)
    }

    private let capacity: Int
    private let fieldCapacity: Int
    private let scratch: UnsafeMutablePointer<UInt8>
    private let ends: UnsafeMutablePointer<Int>
    /// Buffer position where each field starts (for error columns).
    let origins: UnsafeMutablePointer<Int>
    private var count = 0

    /// The byte between fields (a comma unless the reader says otherwise).
    var delimiter: UInt8 = 0x2C

    init(capacity: Int, fieldCapacity: Int) {
        self.capacity = capacity
        self.fieldCapacity = fieldCapacity
        scratch = .allocate(capacity: capacity + 16)
        scratch.initialize(repeating: 0, count: capacity + 16)
        // One slot before the first end: field 0 starts at 0 (`FieldSlices`).
        ends = .allocate(capacity: fieldCapacity + 1) + 1
        ends[-1] = 0
        origins = .allocate(capacity: fieldCapacity)
    }

    deinit {
        scratch.deallocate()
        (ends - 1).deallocate()
        origins.deallocate()
    }

    /// The fields of the last complete record.
    var fields: FieldSlices {
        FieldSlices(base: UnsafeRawPointer(scratch), ends: ends, gap: 0, count: min(count, fieldCapacity))
    }

    /// Parses the record at `p`; `buf[end]` must be a `\n` sentinel.
    func parse(_ buf: UnsafeMutablePointer<UInt8>, from p: Int, end: Int, eof: Bool) -> Outcome {
        var q = p
        var out = 0
        var n = 0
        var newlines = 0
        var control = -1
        func isControl(_ b: UInt8) -> Bool { b < 0x20 || b == 0x7F }
        func beginField(at origin: Int) {
            if n < fieldCapacity { origins[n] = origin }
        }
        func endField() { if n < fieldCapacity { ends[n] = out } }
        let tooLong = Outcome.malformed(column: 1, lineOffset: 0, reason: .lineTooLong,
                                        message: "record is longer than \(capacity) bytes")
        beginField(at: p)
        while true {
            if q < end && buf[q] == 0x22 {
                let openLine = newlines
                let openColumn = q - p + 1
                q += 1
                while true {
                    if q >= end {
                        guard eof else { return .needMore }
                        return .malformed(column: openColumn, lineOffset: openLine, reason: .quoting,
                                          message: "unterminated quote: the quoted field opened here is never closed",
                                          quoteOpenAtEnd: true)
                    }
                    let b = buf[q]
                    if b == 0x22 {
                        if q + 1 >= end && !eof { return .needMore }
                        if q + 1 < end && buf[q + 1] == 0x22 {
                            guard out < capacity else { return tooLong }
                            scratch[out] = 0x22
                            out += 1
                            q += 2
                            continue
                        }
                        q += 1
                        break
                    }
                    if b == 0x0A {
                        newlines += 1
                    } else if b != 0x0D && isControl(b) && control < 0 {
                        control = q
                    }
                    guard out < capacity else { return tooLong }
                    scratch[out] = b
                    out += 1
                    q += 1
                }
                let b = buf[q]
                let endsLine = b == 0x0A || (b == 0x0D && (buf[q + 1] == 0x0A || q + 1 == end))
                if b != delimiter && !endsLine {
                    return .malformed(column: q - p + 1, lineOffset: newlines, reason: .quoting,
                                      message: "unexpected character after a closing quote (expected \(Delimiter.name(delimiter)) or the end of the line)")
                }
            } else {
                while true {
                    let b = buf[q]
                    if b == delimiter || b == 0x0A { break }
                    if b == 0x0D && (buf[q + 1] == 0x0A || q + 1 == end) { break }
                    if b == 0x22 {
                        return .malformed(column: q - p + 1, lineOffset: newlines, reason: .quoting,
                                          message: "quote inside an unquoted field (quote the whole field and double the quote)")
                    }
                    if isControl(b) && control < 0 { control = q }
                    guard out < capacity else { return tooLong }
                    scratch[out] = b
                    out += 1
                    q += 1
                }
            }
            if buf[q] == delimiter {
                endField()
                n += 1
                q += 1
                beginField(at: q)
                continue
            }
            // End of the record: `q` is at `\r` or `\n` (possibly the sentinel).
            let newline = buf[q] == 0x0D ? q + 1 : q
            if newline >= end && !eof { return .needMore }
            endField()
            count = n + 1
            return .complete(Record(contentEnd: q, rawEnd: min(newline + 1, end), fields: n + 1,
                                    newlines: newlines, control: control))
        }
    }
}
