import ClickstreamCore
#if canImport(Glibc)
import Glibc
#endif

/// Where reading resumes after a bad record: a badly quoted one costs one line, a too long
/// one is skipped to its end.
extension CSVReader {
    /// Rejects a badly quoted record at `line` and resumes after the first physical line of
    /// the record. Leaves `begin` at `p` when that line is not complete in the buffer yet
    /// (the caller then skips it while reading on).
    mutating func rejectAndResync<Sink: RowSink>(at p: Int, line rejectLine: Int, column: Int, reason: RejectReason,
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
    mutating func rejectLongRecord<Sink: RowSink>(context: inout ReadContext,
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
    mutating func rejectWholeRecord<Sink: RowSink>(at p: Int, contentEnd: Int, rawEnd: Int, newlines: Int,
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
    func longRecordWording(at p: Int) -> (RejectReason, String) {
        var quotes = 0
        for offset in 0..<min(maxRecordBytes, end - p) where buffer[p + offset] == 0x22 { quotes += 1 }
        return quotes % 2 == 1
            ? (.quoting, "quoted field not closed within \(maxRecordBytes) bytes (unterminated quote?)")
            : (.lineTooLong, "record is \(maxRecordBytes) bytes or longer")
    }

    /// Discards bytes up to and including the next newline. Returns `true` while none is found.
    mutating func skipLine<Sink: RowSink>(sink: inout Sink) throws(ClickstreamError) -> Bool {
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
