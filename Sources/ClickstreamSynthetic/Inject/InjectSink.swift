import ClickstreamCore
import ClickstreamIngest

/// The inject sink: copies every record through unchanged, except the transactions the
/// incident hits, which are rewritten as `addtocart` with an empty transactionid.
struct InjectSink: RowSink {
    let writer: ByteWriter
    let seed: UInt64
    let fraction: Double
    let window: ClosedRange<Day>
    /// Interner id of the incident's segment.
    let segment: Int32
    private var eventColumn = 0
    private var transactionColumn = 0
    private(set) var before = EventTotals()
    private(set) var after = EventTotals()
    private(set) var inWindow = 0
    private(set) var converted = 0
    /// The first and last day of the accepted rows.
    private(set) var days: ClosedRange<Day>?

    init(writer: ByteWriter, seed: UInt64, fraction: Double, window: ClosedRange<Day>, segment: Int32) {
        self.writer = writer
        self.seed = seed
        self.fraction = fraction
        self.window = window
        self.segment = segment
    }

    mutating func header(raw: UnsafeRawBufferPointer, columns: ColumnMap) throws(ClickstreamError) {
        eventColumn = columns.event
        transactionColumn = columns.transaction
        try writer.write(raw)
    }

    mutating func accept(_ row: ParsedRow, fields: FieldSlices, raw: UnsafeRawBufferPointer) throws(ClickstreamError) {
        let type = EventType.allCases[row.event]
        before.add(type)
        let day = Day(epochMilliseconds: row.timestamp)
        if let seen = days {
            if !seen.contains(day) { days = min(seen.lowerBound, day)...max(seen.upperBound, day) }
        } else {
            days = day...day
        }
        guard type == .transaction, row.segment == segment, window.contains(day) else {
            after.add(type)
            return try writer.write(raw)
        }
        inWindow += 1
        guard Incident.hits(timestamp: row.timestamp, visitor: row.visitor, item: row.item,
                            transactionID: row.transactionID < 0 ? nil : row.transactionID,
                            seed: seed, fraction: fraction) else {
            after.add(type)
            return try writer.write(raw)
        }
        converted += 1
        after.add(.addtocart)
        try writeConverted(fields: fields, raw: raw)
    }

    mutating func passOver(raw: UnsafeRawBufferPointer) throws(ClickstreamError) {
        try writer.write(raw)
    }

    /// The row again with `addtocart` and no transactionid, quoting fields that need it and
    /// keeping the original line ending.
    private func writeConverted(fields: FieldSlices, raw: UnsafeRawBufferPointer) throws(ClickstreamError) {
        var row: [UInt8] = []
        for index in 0..<fields.count {
            if index > 0 { row.append(0x2C) }
            if index == eventColumn {
                row += Array("addtocart".utf8)
            } else if index != transactionColumn {
                let field = fields.field(index)
                if field.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                    row.append(0x22)
                    for byte in field {
                        if byte == 0x22 { row.append(0x22) }
                        row.append(byte)
                    }
                    row.append(0x22)
                } else {
                    row += field
                }
            }
        }
        if raw.count >= 2 && raw[raw.count - 2] == 0x0D && raw[raw.count - 1] == 0x0A {
            row += [0x0D, 0x0A]
        } else if raw.last == 0x0A {
            row.append(0x0A)
        }
        try writer.write(row)
    }
}
