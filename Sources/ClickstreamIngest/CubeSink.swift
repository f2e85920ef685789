import ClickstreamCore

/// The ingest sink: adds each row to the daily cube, and looks for exact duplicate rows
/// when asked (`DuplicatePolicy`).
package struct CubeSink: RowSink {
    /// A class (see `DailyCubeBuilder`): copies of one sink count into the same cube, so a
    /// sink is passed `inout`, never copied to read two inputs apart.
    package let builder = DailyCubeBuilder()
    let policy: DuplicatePolicy
    /// 64-bit fingerprints of the rows seen (only when duplicates are counted or dropped):
    /// about 16 bytes per distinct row. Two different rows share a fingerprint with
    /// probability about n²/2⁶⁵ (under 10⁻⁶ for 3 million rows).
    private var seen = Set<UInt64>()
    private(set) var duplicates = 0

    package init(policy: DuplicatePolicy) { self.policy = policy }

    package mutating func header(raw: UnsafeRawBufferPointer, columns: ColumnMap) throws(ClickstreamError) {}

    @inline(__always)
    package mutating func accept(_ row: ParsedRow, fields: FieldSlices, raw: UnsafeRawBufferPointer) throws(ClickstreamError) {
        if policy != .keep {
            var content = raw
            while let last = content.last, last == 0x0A || last == 0x0D {
                content = UnsafeRawBufferPointer(rebasing: content.dropLast())
            }
            if !seen.insert(ByteKeyTable.hash(content)).inserted {
                duplicates += 1
                if policy == .drop { return }
            }
        }
        builder.add(day: Int32(truncatingIfNeeded: row.timestamp / Day.millisecondsPerDay), segment: row.segment,
                    type: row.event)
    }

    package mutating func passOver(raw: UnsafeRawBufferPointer) throws(ClickstreamError) {}
}
