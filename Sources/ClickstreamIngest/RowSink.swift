import ClickstreamCore

/// One valid row, as the reader hands it to a sink.
package struct ParsedRow {
    package var timestamp: Int64
    /// The id, or the hash of a text id (`IDField`).
    package var visitor: Int64
    /// -1 when the file has no item column or (text ids) the field is empty.
    package var item: Int64
    /// -1 when the field is empty.
    package var transactionID: Int64
    /// `EventType.index`.
    package var event: Int
    /// Interner id of the row's segment.
    package var segment: Int32
    /// A transaction's revenue in minor units; 0 for other events or without a revenue column.
    package var revenue: Int64 = 0
}

/// The unescaped fields of the record being read, valid only during the sink call.
///
/// Only each field's end is stored; a field starts `gap` bytes after the previous one
/// ends (1 for the comma in the read buffer, 0 in the quoted parser's scratch buffer).
/// `ends[-1]` holds the start of field 0 minus `gap` (every buffer of ends keeps a slot
/// before its first entry for it), so no field needs a branch to find its start.
package struct FieldSlices {
    let base: UnsafeRawPointer
    let ends: UnsafeMutablePointer<Int>
    let gap: Int
    package let count: Int

    @inline(__always)
    func start(_ index: Int) -> Int { ends[index &- 1] &+ gap }

    @inline(__always)
    package func field(_ index: Int) -> UnsafeRawBufferPointer {
        let start = start(index)
        return UnsafeRawBufferPointer(start: base + start, count: ends[index] &- start)
    }
}

/// What consumes the reader's rows: the cube builder for ingest, the rewriter for inject.
package protocol RowSink {
    /// The header record's raw bytes (with its line ending) and what it maps to.
    mutating func header(raw: UnsafeRawBufferPointer, columns: ColumnMap) throws(ClickstreamError)
    /// A valid row; `raw` is the whole record with its line ending.
    mutating func accept(_ row: ParsedRow, fields: FieldSlices, raw: UnsafeRawBufferPointer) throws(ClickstreamError)
    /// Bytes of a rejected record or a blank line, possibly in several pieces for one record.
    mutating func passOver(raw: UnsafeRawBufferPointer) throws(ClickstreamError)
}

/// A sink that keeps nothing (reading a header alone).
struct DiscardingSink: RowSink {
    mutating func header(raw: UnsafeRawBufferPointer, columns: ColumnMap) throws(ClickstreamError) {}
    mutating func accept(_ row: ParsedRow, fields: FieldSlices, raw: UnsafeRawBufferPointer) throws(ClickstreamError) {}
    mutating func passOver(raw: UnsafeRawBufferPointer) throws(ClickstreamError) {}
}
