import ClickstreamCore

/// A reader's fixed buffers (the read buffer with its slack, field ends, the fast route's
/// offsets, the quoted-record parser and the span cache), freed with the last reader that
/// uses them.
///
/// `@unchecked Sendable` because buffers move between worker threads through the pool in
/// `Ingestor.readApart` (as `EventIntake.scratch`), which hands each set to exactly one reader at a time (popped
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
