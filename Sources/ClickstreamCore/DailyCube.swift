import Foundation

/// Event counts per (UTC day, segment, event type): everything the analysis needs from the
/// rows, in memory proportional to days × segments, not to events.
///
/// Segments are sorted and cells are sorted by (day, segment), so two cubes built from the
/// same rows are equal whatever the order of files, chunks or threads that built them.
public struct DailyCube: Codable, Sendable, Equatable {
    /// One (day, segment) with its counts by event type.
    public struct Cell: Codable, Sendable, Equatable {
        public var day: Day
        /// Index into `segments`.
        public var segment: Int
        public var views: Int
        public var addtocarts: Int
        public var transactions: Int

        public init(day: Day, segment: Int, views: Int, addtocarts: Int, transactions: Int) {
            self.day = day
            self.segment = segment
            self.views = views
            self.addtocarts = addtocarts
            self.transactions = transactions
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
    public private(set) var cells: [Cell]

    /// An empty cube.
    public init() {
        segments = []
        cells = []
    }

    /// Builds a cube from unordered cells over any segment list; normalises order and merges
    /// cells that share (day, segment).
    public init(segments: [Segment], cells: [Cell]) {
        let (sorted, remap) = Self.sortedUnique(segments)
        self.init(sortedSegments: sorted, cells: cells.map { cell -> Cell in
            var cell = cell
            cell.segment = remap[cell.segment]
            return cell
        })
    }

    /// The segments sorted and without duplicates, and where each listed one went.
    ///
    /// When every name is ASCII (the usual case) the names are compared as bytes, one
    /// `memcmp` per comparison, which is what `Segment`'s `<` and `==` give for ASCII (for
    /// other text Swift's comparison treats canonically equivalent strings as equal, so
    /// that path keeps it). A million segments sort in about a second either way, but the
    /// byte path is several times faster.
    static func sortedUnique(_ segments: [Segment]) -> (sorted: [Segment], remap: [Int]) {
        let ascii = segments.allSatisfy { $0.values.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } } }
        var result: (sorted: [Segment], remap: [Int]) = ([], [])
        guard ascii else {
            let sorted = Array(Set(segments)).sorted()
            var position: [Segment: Int] = [:]
            position.reserveCapacity(sorted.count)
            for (index, segment) in sorted.enumerated() { position[segment] = index }
            // One lookup per listed segment, then an array index per cell.
            return (sorted, segments.map { position[$0] ?? 0 })
        }
        // The values from the last dimension to the first, 0x00 between (browser 0x00 os 0x00
        // device), all keys in one buffer: fields hold no control bytes, so byte order of the
        // keys is `Segment`'s order, and comparing two is one memcmp with no reference counting.
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        starts.reserveCapacity(segments.count + 1)
        for segment in segments {
            for (position, value) in segment.values.reversed().enumerated() {
                if position > 0 { bytes.append(0) }
                bytes += value.utf8
            }
            starts.append(bytes.count)
        }
        bytes.append(0)  // a valid base address even when every key is empty
        var order = Array(segments.indices)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            func compare(_ a: Int, _ b: Int) -> Int32 {
                let la = starts[a + 1] - starts[a], lb = starts[b + 1] - starts[b]
                let common = min(la, lb)
                let c = common == 0 ? 0 : memcmp(base + starts[a], base + starts[b], common)
                return c != 0 ? c : la < lb ? -1 : la > lb ? 1 : 0
            }
            order.sort { compare($0, $1) < 0 }
            var sorted: [Segment] = []
            sorted.reserveCapacity(segments.count)
            var remap = [Int](repeating: 0, count: segments.count)
            var previous: Int?
            for index in order {
                let duplicate = previous.map { compare($0, index) == 0 } ?? false
                if !duplicate { sorted.append(segments[index]) }
                remap[index] = sorted.count - 1
                previous = index
            }
            result = (sorted, remap)
        }
        return result
    }

    /// A cube over segments already sorted and unique, from cells in any order.
    private init(sortedSegments: [Segment], cells: [Cell]) {
        var remapped = cells
        remapped.sort { ($0.day, $0.segment) < ($1.day, $1.segment) }
        var merged: [Cell] = []
        merged.reserveCapacity(remapped.count)
        for cell in remapped {
            if let last = merged.last, last.day == cell.day, last.segment == cell.segment {
                merged[merged.count - 1].views += cell.views
                merged[merged.count - 1].addtocarts += cell.addtocarts
                merged[merged.count - 1].transactions += cell.transactions
            } else {
                merged.append(cell)
            }
        }
        self.segments = sortedSegments
        self.cells = merged
    }

    /// The sum of two cubes (e.g. of two files).
    public func merged(with other: DailyCube) -> DailyCube { DailyCube.sum([self, other]) }

    /// The sum of many cubes. Each cube's segments are sorted and unique already, so they
    /// are merged pairwise like sorted lists (no hashing, no sort of the names), and every
    /// cell is renumbered through an array.
    /// - Complexity: O(S log k) segment comparisons for k cubes of S segments in all, plus
    ///   one sort of the cells.
    public static func sum(_ cubes: [DailyCube]) -> DailyCube {
        guard cubes.count > 1 else { return cubes.first ?? DailyCube() }
        // Pairwise merges of the segment lists, keeping for every cube where each of its
        // segments went.
        var lists: [(segments: [Segment], members: [Int])] = cubes.indices.map { (cubes[$0].segments, [$0]) }
        var remaps: [[Int]] = cubes.map { Array(0..<$0.segments.count) }
        while lists.count > 1 {
            var next: [(segments: [Segment], members: [Int])] = []
            var index = 0
            while index < lists.count {
                guard index + 1 < lists.count else { next.append(lists[index]); break }
                let (a, b) = (lists[index], lists[index + 1])
                var union: [Segment] = []
                union.reserveCapacity(a.segments.count + b.segments.count)
                var fromA = [Int](repeating: 0, count: a.segments.count), fromB = [Int](repeating: 0, count: b.segments.count)
                var i = 0, j = 0
                while i < a.segments.count || j < b.segments.count {
                    if j == b.segments.count || (i < a.segments.count && a.segments[i] < b.segments[j]) {
                        fromA[i] = union.count; union.append(a.segments[i]); i += 1
                    } else if i == a.segments.count || b.segments[j] < a.segments[i] {
                        fromB[j] = union.count; union.append(b.segments[j]); j += 1
                    } else {
                        fromA[i] = union.count; fromB[j] = union.count; union.append(a.segments[i]); i += 1; j += 1
                    }
                }
                for member in a.members { remaps[member] = remaps[member].map { fromA[$0] } }
                for member in b.members { remaps[member] = remaps[member].map { fromB[$0] } }
                next.append((union, a.members + b.members))
                index += 2
            }
            lists = next
        }
        var cells: [Cell] = []
        cells.reserveCapacity(cubes.reduce(0) { $0 + $1.cells.count })
        for (cube, remap) in zip(cubes, remaps) {
            cells += cube.cells.map { cell -> Cell in
                var cell = cell
                cell.segment = remap[cell.segment]
                return cell
            }
        }
        return DailyCube(sortedSegments: lists[0].segments, cells: cells)
    }

    public var isEmpty: Bool { cells.isEmpty }
    public var firstDay: Day? { cells.first?.day }

    /// The dimensions of the cube's segments (the standard ones for a cube without segments).
    public var schema: DimensionSchema { segments.first?.schema ?? .standard }
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
        guard day >= first else { return (DailyCube(), totals.all) }
        return within(first...day)
    }

    /// The cube of the days inside `window`, and how many events the others held.
    public func within(_ window: ClosedRange<Day>) -> (cube: DailyCube, leftOut: Int) {
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
