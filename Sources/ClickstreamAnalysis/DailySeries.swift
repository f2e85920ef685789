import ClickstreamCore

/// Counts by event type for every day of a range (days without events are zeros), and
/// the transactions' revenue in minor units when the cube has a revenue column.
public struct DailyCounts: Sendable, Equatable {
    public var views: [Int]
    public var addtocarts: [Int]
    public var transactions: [Int]
    /// Empty when the cube reads no revenue (`DailyCube.revenueDecimals`).
    public var revenue: [Int]

    public init(days: Int, revenue hasRevenue: Bool = false) {
        views = Array(repeating: 0, count: days)
        addtocarts = views
        transactions = views
        revenue = hasRevenue ? views : []
    }

    public var events: [Int] { (0..<views.count).map { views[$0] + addtocarts[$0] + transactions[$0] } }

    mutating func add(_ other: DailyCounts) {
        for i in views.indices {
            views[i] += other.views[i]
            addtocarts[i] += other.addtocarts[i]
            transactions[i] += other.transactions[i]
        }
        guard !other.revenue.isEmpty else { return }
        if revenue.isEmpty { revenue = Array(repeating: 0, count: views.count) }
        for i in revenue.indices { revenue[i] += other.revenue[i] }
    }
}

/// The daily cube laid out as dense per-segment series over the data's whole date range,
/// the form every analysis stage reads. Days inside the range with no events are zeros
/// (SPEC 4).
public struct DailySeries: Sendable {
    public let firstDay: Day
    public let lastDay: Day
    public let segments: [Segment]
    /// The dimensions of the segments.
    public let schema: DimensionSchema
    /// Decimal places of the revenue, when the cube reads a revenue column.
    public let revenueDecimals: Int?
    private let bySegment: [DailyCounts]
    /// Where each segment's series is: `counts(of:)` costs one series, not a scan.
    private let position: [Segment: Int]

    /// Series from the cube's first day to its last day with events, or to `endingAt`
    /// exactly (later data left out, missing days zero); nil when nothing is left.
    public init?(cube: DailyCube, endingAt end: Day? = nil) {
        guard let first = cube.firstDay else { return nil }
        let cells = cube.cells.filter { $0.total > 0 && (end == nil || $0.day <= end!) }
        guard let lastWithData = cells.last?.day else { return nil }
        let lastDay = end ?? lastWithData
        let days = first.distance(to: lastDay) + 1
        let hasRevenue = cube.revenueDecimals != nil
        var bySegment = [DailyCounts](repeating: DailyCounts(days: days, revenue: hasRevenue), count: cube.segments.count)
        for cell in cells {
            let index = first.distance(to: cell.day)
            bySegment[cell.segment].views[index] += cell.views
            bySegment[cell.segment].addtocarts[index] += cell.addtocarts
            bySegment[cell.segment].transactions[index] += cell.transactions
            if hasRevenue { bySegment[cell.segment].revenue[index] += cell.revenue }
        }
        revenueDecimals = cube.revenueDecimals
        firstDay = first
        self.lastDay = lastDay
        segments = cube.segments
        schema = cube.schema
        self.bySegment = bySegment
        position = Dictionary(uniqueKeysWithValues: cube.segments.enumerated().map { ($1, $0) })
    }

    public var dayCount: Int { firstDay.distance(to: lastDay) + 1 }
    public var days: [Day] { (0..<dayCount).map { firstDay.advanced(by: $0) } }
    public func index(of day: Day) -> Int { firstDay.distance(to: day) }

    /// The sum over the segments that match.
    public func counts(where matches: (Segment) -> Bool) -> DailyCounts {
        var total = DailyCounts(days: dayCount)
        for (segment, counts) in zip(segments, bySegment) where matches(segment) { total.add(counts) }
        return total
    }

    public func counts(of segment: Segment) -> DailyCounts {
        position[segment].map { bySegment[$0] } ?? DailyCounts(days: dayCount)
    }

    /// The sum over the segments `pattern` matches (one lookup for a full segment).
    public func counts(of pattern: SegmentPattern) -> DailyCounts {
        if let segment = pattern.segment { return counts(of: segment) }
        return counts(where: pattern.matches)
    }

    /// The sums over the segments that share a key, in one pass over the segments (nil
    /// keys are left out): what `counts(where:)` would give for each key, without scanning
    /// every segment once per key.
    /// - Complexity: O(segments × days).
    public func counts<Key: Hashable>(groupedBy key: (Segment) -> Key?) -> [Key: DailyCounts] {
        var groups: [Key: DailyCounts] = [:]
        for (segment, counts) in zip(segments, bySegment) {
            guard let k = key(segment) else { continue }
            groups[k, default: DailyCounts(days: dayCount)].add(counts)
        }
        return groups
    }
    public var total: DailyCounts { counts { _ in true } }

    /// Index ranges of the periods inside this series.
    public func indices(of range: Periods.Range) -> Swift.Range<Int> { index(of: range.first)..<(index(of: range.last) + 1) }
}
