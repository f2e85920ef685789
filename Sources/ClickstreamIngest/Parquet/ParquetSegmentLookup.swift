import ClickstreamCore

/// The segment of each row of a row group, from its dimension columns. Dimension columns
/// are almost always dictionary-encoded, so a row is named by its dictionary indices: the
/// segment of each combination is interned once and kept in a flat table (when the
/// combinations are few enough); other rows are interned by their bytes. Integer
/// dimensions (an app build number) are read as their decimal text, as in a CSV file.
struct ParquetSegmentLookup {
    enum Outcome {
        case id(Int32)
        /// The dimension's value is null or empty.
        case empty(Int)
        case invalid(Int, reason: RejectReason, message: String)
        case full
    }

    private let rows: [[Int32]]
    private let texts: [ByteArrayTable]
    /// Per dimension, whether each value is empty.
    private let empty: [[Bool]]
    /// Segment id by combination of value indices (-1: not yet), when small enough.
    private var byIndices: [Int32]
    private let strides: [Int]

    /// The most combinations kept in the flat table (16 MiB of ids).
    static let tableLimit = 1 << 22

    init(layout: ParquetLayout, columns: [Int: ParquetColumnValues]) throws(ClickstreamError) {
        var rows: [[Int32]] = [], texts: [ByteArrayTable] = []
        for leaf in layout.dimensions {
            let values = columns[leaf.index]!
            rows.append(values.rows)
            if leaf.type == .int32 || leaf.type == .int64 {
                var text = ByteArrayTable()
                for number in values.numbers { Array(String(number).utf8).withUnsafeBytes { text.append($0) } }
                texts.append(text)
            } else {
                texts.append(values.text)
            }
        }
        self.rows = rows
        self.texts = texts
        empty = texts.map { text in (0..<text.count).map { text.length($0) == 0 } }
        var strides: [Int] = [], size = 1
        for text in texts.reversed() {
            strides.insert(size, at: 0)
            let (product, overflow) = size.multipliedReportingOverflow(by: max(text.count, 1))
            size = overflow ? Int.max : product
        }
        self.strides = strides
        byIndices = layout.dimensions.isEmpty || size > Self.tableLimit ? [] : [Int32](repeating: -1, count: size)
    }

    /// The segment of row `row` (within the row group).
    @inline(__always)
    mutating func segment(row: Int, interner: inout SegmentInterner) -> Outcome {
        // A combination in the table was checked when first seen.
        var slot = 0, null = false
        for d in 0..<rows.count {
            let index = Int(rows[d][row])
            null = null || index < 0
            slot &+= index &* strides[d]
        }
        if !null && !byIndices.isEmpty, byIndices[slot] >= 0 { return .id(byIndices[slot]) }
        for d in 0..<rows.count {
            let index = Int(rows[d][row])
            if index < 0 || empty[d][index] { return .empty(d) }
        }
        let texts = self.texts, rows = self.rows
        switch interner.intern(span: nil, field: { texts[$0][Int(rows[$0][row])] }) {
        case .id(let id):
            if !byIndices.isEmpty { byIndices[slot] = id }
            return .id(id)
        case .invalid(let field, _, let reason, let message): return .invalid(field, reason: reason, message: message)
        case .full: return .full
        }
    }
}
