import ClickstreamCore

/// Cuts ClickHouse's `TabSeparated` output into rows as its bytes arrive, however the
/// network splits them: a row ends at a line feed, fields are separated by tabs, `\N` is
/// NULL, and a backslash escapes a tab, line feed, carriage return, backslash, quote or
/// other byte. Fields stay bytes (a ClickHouse string may hold any). Only the row being
/// received is buffered, at most `lineLimit` bytes.
struct TabSeparatedRows {
    static let lineLimit = 16 << 20
    private var pending: [UInt8] = []

    /// Passes every row completed by `chunk` to `row`.
    mutating func feed(_ chunk: UnsafeRawBufferPointer, row: ([[UInt8]?]) throws(ClickstreamError) -> Void,
                       tooLong: () -> ClickstreamError) throws(ClickstreamError) {
        var start = 0
        while let end = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let piece = UnsafeRawBufferPointer(rebasing: chunk[start..<end])
            if pending.isEmpty {
                try row(Self.fields(of: piece))
            } else {
                pending.append(contentsOf: piece)
                let line = pending
                pending.removeAll(keepingCapacity: true)
                try row(line.withUnsafeBytes { Self.fields(of: $0) })
            }
            start = end + 1
        }
        guard pending.count + chunk.count - start <= Self.lineLimit else { throw tooLong() }
        pending.append(contentsOf: chunk[start...])
    }

    /// The bytes after the last line feed (empty when the answer ended cleanly).
    var unfinished: [UInt8] { pending }

    /// One line's fields, unescaped.
    static func fields(of line: UnsafeRawBufferPointer) -> [[UInt8]?] {
        var fields: [[UInt8]?] = []
        var field: [UInt8] = []
        var start = 0  // where the current field began in `line`
        var index = 0
        func finish(at end: Int) {
            // Exactly `\N` as sent is NULL; an escaped backslash before an N is not.
            let isNull = end - start == 2 && line[start] == UInt8(ascii: "\\") && line[start + 1] == UInt8(ascii: "N")
            fields.append(isNull ? nil : field)
            field.removeAll(keepingCapacity: true)
        }
        while index < line.count {
            let byte = line[index]
            if byte == UInt8(ascii: "\t") {
                finish(at: index)
                start = index + 1
            } else if byte == UInt8(ascii: "\\"), index + 1 < line.count {
                index += 1
                field.append(unescaped(line[index]))
            } else {
                field.append(byte)
            }
            index += 1
        }
        finish(at: line.count)
        return fields
    }

    /// The byte a backslash followed by `byte` stands for.
    static func unescaped(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "a"): 0x07
        case UInt8(ascii: "v"): 0x0B
        case UInt8(ascii: "0"): 0x00
        default: byte
        }
    }
}
