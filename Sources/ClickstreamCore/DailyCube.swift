import Foundation

/// Event counts per (UTC day, segment, event type): everything the analysis needs from the
/// rows, in memory proportional to days × segments, not to events.
///
/// Segments are sorted and cells are sorted by (day, segment), so two cubes built from the
/// same rows are equal whatever the order of files, chunks or threads that built them.
public struct DailyCube: Sendable, Equatable {
    /// One (day, segment) with its counts by event type, and the revenue of its
    /// transactions when the input maps a revenue column.
    public struct Cell: Codable, Sendable, Equatable {
        public var day: Day
        /// Index into `segments`.
        public var segment: Int
        public var views: Int
        public var addtocarts: Int
        public var transactions: Int
        /// The transactions' revenue in minor units (`DailyCube.revenueDecimals` places:
        /// 1999 is 19.99 at two); 0 when no revenue column is read.
        public var revenue: Int

        public init(day: Day, segment: Int, views: Int, addtocarts: Int, transactions: Int, revenue: Int = 0) {
            self.day = day
            self.segment = segment
            self.views = views
            self.addtocarts = addtocarts
            self.transactions = transactions
            self.revenue = revenue
        }

        private enum CodingKeys: String, CodingKey { case day, segment, views, addtocarts, transactions, revenue }

        /// `revenue` only when there is some: a cube without a revenue column reads as before.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(day, forKey: .day)
            try c.encode(segment, forKey: .segment)
            try c.encode(views, forKey: .views)
            try c.encode(addtocarts, forKey: .addtocarts)
            try c.encode(transactions, forKey: .transactions)
            if revenue != 0 { try c.encode(revenue, forKey: .revenue) }
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(day: try c.decode(Day.self, forKey: .day), segment: try c.decode(Int.self, forKey: .segment),
                      views: try c.decode(Int.self, forKey: .views), addtocarts: try c.decode(Int.self, forKey: .addtocarts),
                      transactions: try c.decode(Int.self, forKey: .transactions),
                      revenue: try c.decodeIfPresent(Int.self, forKey: .revenue) ?? 0)
        }

        public subscript(type: EventType) -> Int {
            switch type {
            case .view: views
            case .addtocart: addtocarts
            case .transaction: transactions
            }
        }

        public var total: Int { views + addtocarts + transactions }
    }

    public private(set) var segments: [Segment]
    /// The same segments by value, in the same order: each dimension's values sorted, so
    /// two cubes with equal segments have equal codes.
    public private(set) var codes: SegmentCodes
    public private(set) var cells: [Cell]
    /// Decimal places of the cells' revenue when the input maps a revenue column; nil when
    /// it maps none (the value of a drop is then unknown, not zero).
    public var revenueDecimals: Int?

    /// An empty cube.
    public init() {
        segments = []
        codes = SegmentCodes(schema: .standard)
        cells = []
    }

    /// Builds a cube from unordered cells over any segment list; normalises order and merges
    /// segments that are equal and cells that share (day, segment).
    public init(segments: [Segment], cells: [Cell]) {
        self.init(codes: SegmentCodes(segments, schema: segments.first?.schema ?? .standard), cells: cells)
    }

    /// Builds a cube from unordered cells over segments given by value (in any order, the
    /// same segment possibly more than once; `cell.segment` indexes `codes`).
    public init(codes: SegmentCodes, cells: [Cell]) {
        let (sorted, remap) = Self.sortedUnique(codes)
        segments = sorted.segments
        self.codes = sorted.codes
        self.cells = Self.sortedMerged(cells, renumbered: remap, segments: sorted.segments.count)
    }

    /// The segments sorted and without duplicates, by name and by value, and where each
    /// listed one went.
    ///
    /// Each dimension's values are sorted once (a few thousand strings even when the
    /// segments are a million); segments are then sorted by the ranks of their values,
    /// last dimension first, which is `Segment`'s order: integers, not strings, are compared.
    static func sortedUnique(_ codes: SegmentCodes) -> (sorted: (segments: [Segment], codes: SegmentCodes), remap: [Int]) {
        let schema = codes.schema, width = schema.count, count = codes.count
        // Each value's rank in its dimension; values that are equal strings share one.
        var ranks: [[Int32]] = []
        var values: [[String]] = []
        for dimension in 0..<width {
            let list = codes.values[dimension]
            let order = list.indices.sorted { list[$0] < list[$1] }
            var rank = [Int32](repeating: 0, count: list.count)
            var unique: [String] = []
            unique.reserveCapacity(list.count)
            for index in order {
                if unique.last != list[index] { unique.append(list[index]) }
                rank[index] = Int32(unique.count - 1)
            }
            ranks.append(rank)
            values.append(unique)
        }
        // Segments in order of their ranks, the last dimension most significant.
        let bits = values.map { RadixSort.bits(below: $0.count) }
        var order = Array(0..<count)
        codes.codes.withUnsafeBufferPointer { all in
            if bits.reduce(0, +) <= 64 {
                var keys = [UInt64](repeating: 0, count: count)
                for index in 0..<count {
                    var key: UInt64 = 0
                    for dimension in (0..<width).reversed() {
                        key = key << UInt64(bits[dimension]) | UInt64(ranks[dimension][Int(all[index * width + dimension])])
                    }
                    keys[index] = key
                }
                order = RadixSort.order(of: keys, bits: bits.reduce(0, +))
            } else {
                order.sort { a, b in
                    for dimension in (0..<width).reversed() {
                        let ra = ranks[dimension][Int(all[a * width + dimension])]
                        let rb = ranks[dimension][Int(all[b * width + dimension])]
                        if ra != rb { return ra < rb }
                    }
                    return a < b
                }
            }
        }
        var segments: [Segment] = []
        segments.reserveCapacity(count)
        var sortedCodes: [Int32] = []
        sortedCodes.reserveCapacity(count * width)
        var remap = [Int](repeating: 0, count: count)
        var tuple = [Int32](repeating: 0, count: width)
        codes.codes.withUnsafeBufferPointer { all in
            for index in order {
                var same = !segments.isEmpty
                let last = sortedCodes.count - width
                for dimension in 0..<width {
                    let rank = ranks[dimension][Int(all[index &* width &+ dimension])]
                    tuple[dimension] = rank
                    if same && sortedCodes[last + dimension] != rank { same = false }
                }
                if !same {
                    sortedCodes += tuple
                    segments.append(Segment(tuple.enumerated().map { values[$0][Int($1)] }, schema: schema))
                }
                remap[index] = segments.count - 1
            }
        }
        return ((segments, SegmentCodes(schema: schema, values: values, codes: sortedCodes)), remap)
    }

    /// Cells sorted by (day, segment), those that share both summed, each cell's segment
    /// renumbered through `remap` first. Sorted by one integer per cell rather than by
    /// moving the cells.
    private static func sortedMerged(_ cells: [Cell], renumbered remap: [Int], segments: Int) -> [Cell] {
        guard let first = cells.first else { return [] }
        let days = cells.reduce((low: first.day, high: first.day)) { (min($0.low, $1.day), max($0.high, $1.day)) }
        let segmentBits = RadixSort.bits(below: segments), dayBits = RadixSort.bits(below: days.low.distance(to: days.high) + 1)
        guard segmentBits + dayBits <= 64 else {
            let order = cells.indices.sorted { (cells[$0].day, remap[cells[$0].segment], $0) < (cells[$1].day, remap[cells[$1].segment], $1) }
            return merged(order.lazy.map { index in
                var cell = cells[index]
                cell.segment = remap[cell.segment]
                return cell
            }, count: cells.count)
        }
        // The key says the day and the new segment, so each cell's segment is looked up once.
        let keys = cells.map { UInt64(days.low.distance(to: $0.day)) << UInt64(segmentBits) | UInt64(remap[$0.segment]) }
        let sorted = RadixSort.sorted(keys, bits: segmentBits + dayBits)
        let mask = UInt64(1) << UInt64(segmentBits) &- 1
        return cells.withUnsafeBufferPointer { cells in
            merged(zip(sorted.keys, sorted.order).lazy.map { key, index in
                var cell = cells[index]
                cell.segment = Int(truncatingIfNeeded: key & mask)
                return cell
            }, count: cells.count)
        }
    }

    /// Cells in (day, segment) order with those that share both summed.
    private static func merged(_ cells: some Sequence<Cell>, count capacity: Int) -> [Cell] {
        Array(unsafeUninitializedCapacity: capacity) { merged, count in
            count = 0
            for cell in cells {
                if count > 0, merged[count - 1].day == cell.day, merged[count - 1].segment == cell.segment {
                    merged[count - 1].views += cell.views
                    merged[count - 1].addtocarts += cell.addtocarts
                    merged[count - 1].transactions += cell.transactions
                    merged[count - 1].revenue += cell.revenue
                } else {
                    merged.initializeElement(at: count, to: cell)
                    count += 1
                }
            }
        }
    }

    /// The sum of two cubes (e.g. of two files).
    public func merged(with other: DailyCube) -> DailyCube { DailyCube.sum([self, other]) }

    /// The sum of many cubes of one schema (with revenue when any of them has it).
    public static func sum(_ cubes: [DailyCube]) -> DailyCube {
        let parts = cubes.filter { $0.codes.count > 0 }
        guard parts.count > 1 else { return parts.first ?? cubes.first ?? DailyCube() }
        var total = sum(parts: parts.map { ($0.codes, $0.cells) })
        total.revenueDecimals = cubes.lazy.compactMap(\.revenueDecimals).first
        return total
    }

    /// The cube of several parts (segments by value, and cells over them, in any order),
    /// as readers of parts of a file hand them on. Each part's values are looked up once in
    /// the merged value lists; its segments are then appended by code, the same segment
    /// possibly once per part, and the one sort of the whole (by integers) makes them one.
    package static func sum(parts: [(codes: SegmentCodes, cells: [Cell])]) -> DailyCube {
        guard let schema = parts.first?.codes.schema else { return DailyCube() }
        guard parts.count > 1 else { return DailyCube(codes: parts[0].codes, cells: parts[0].cells) }
        var table = SegmentCodeTable(schema: schema)
        var codes: [Int32] = []
        codes.reserveCapacity(parts.reduce(0) { $0 + $1.codes.codes.count })
        var cells: [Cell] = []
        cells.reserveCapacity(parts.reduce(0) { $0 + $1.cells.count })
        for (partCodes, partCells) in parts {
            precondition(partCodes.schema == schema, "cubes of one schema")
            let valueCodes = (0..<schema.count).map { dimension in
                partCodes.values[dimension].map { table.code(of: $0, dimension: dimension) }
            }
            let offset = codes.count / schema.count
            for (index, code) in partCodes.codes.enumerated() { codes.append(valueCodes[index % schema.count][Int(code)]) }
            cells += partCells.lazy.map { cell -> Cell in
                var cell = cell
                cell.segment += offset
                return cell
            }
        }
        return DailyCube(codes: SegmentCodes(schema: schema, values: table.codes.values, codes: codes), cells: cells)
    }

    public var isEmpty: Bool { cells.isEmpty }
    public var firstDay: Day? { cells.first?.day }

    /// The dimensions of the cube's segments (the standard ones for a cube without segments).
    public var schema: DimensionSchema { codes.schema }
    public var lastDay: Day? { cells.last?.day }

    /// Totals by event type over the whole cube.
    public var totals: EventTotals {
        var totals = EventTotals()
        for cell in cells {
            totals.view += cell.views
            totals.addtocart += cell.addtocarts
            totals.transaction += cell.transactions
        }
        return totals
    }

    /// Totals by event type per segment, in `segments` order.
    public var totalsBySegment: [EventTotals] {
        var totals = [EventTotals](repeating: EventTotals(), count: segments.count)
        for cell in cells {
            totals[cell.segment].view += cell.views
            totals[cell.segment].addtocart += cell.addtocarts
            totals[cell.segment].transaction += cell.transactions
        }
        return totals
    }

    /// The cube of the days up to and including `day` (`--as-of`), and how many events
    /// the later days held; the cube itself when `day` is nil or not before its last day.
    public func through(_ day: Day?) -> (cube: DailyCube, leftOut: Int) {
        guard let day, let first = firstDay, let last = lastDay, day < last else { return (self, 0) }
        guard day >= first else {
            var empty = DailyCube()
            empty.revenueDecimals = revenueDecimals
            return (empty, totals.all)
        }
        return within(first...day)
    }

    /// The cube of the days inside `window`, and how many events the others held.
    public func within(_ window: ClosedRange<Day>) -> (cube: DailyCube, leftOut: Int) {
        // Cells are in day order: when the first and last are inside, all are.
        if let first = firstDay, let last = lastDay, window.contains(first), window.contains(last) { return (self, 0) }
        var copy = self
        copy.cells = cells.filter { window.contains($0.day) }
        let leftOut = cells.reduce(0) { $0 + (window.contains($1.day) ? 0 : $1.total) }
        return (copy, leftOut)
    }

    /// Days between the first and last day that hold no event at all.
    public var emptyDays: [Day] {
        guard let first = firstDay, let last = lastDay else { return [] }
        var seen = Set<Day>()
        for cell in cells where cell.total > 0 { seen.insert(cell.day) }
        return (first...last).filter { !seen.contains($0) }
    }
}

extension DailyCube: Codable {
    private enum CodingKeys: String, CodingKey { case segments, cells, revenueDecimals }

    /// Segments by name and cells (the codes follow from the segments), and the revenue's
    /// decimal places when there is a revenue column.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(segments, forKey: .segments)
        try container.encode(cells, forKey: .cells)
        try container.encodeIfPresent(revenueDecimals, forKey: .revenueDecimals)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(segments: try container.decode([Segment].self, forKey: .segments),
                  cells: try container.decode([Cell].self, forKey: .cells))
        revenueDecimals = try container.decodeIfPresent(Int.self, forKey: .revenueDecimals)
        if let places = revenueDecimals, !RevenueAmount.decimalRange.contains(places) {
            throw DecodingError.dataCorruptedError(forKey: .revenueDecimals, in: container,
                                                   debugDescription: "revenueDecimals must be 0 to \(RevenueAmount.decimalRange.upperBound), found \(places)")
        }
    }
}
