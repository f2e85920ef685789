/// Accumulates the daily cube while rows stream by. Hot path.
///
/// Counts live in one flat array, three per (day, segment) slot. A dictionary maps a
/// (day, segment) key to its slot, but it is consulted only when a segment's day changes:
/// each segment remembers the last day it saw and that day's slot, which for time-ordered
/// data is right for all but one row per (day, segment). Memory is proportional to the
/// number of (day, segment) pairs, never to rows.
struct DailyCubeBuilder {
    private var slotByKey: [Int64: Int32] = [:]
    private var slotKeys: [Int64] = []
    private var counts: [Int] = []
    private var lastDay: [Int32]
    private var lastSlot: [Int32]

    init() {
        lastDay = Array(repeating: Int32.min, count: SegmentInterner.limit)
        lastSlot = Array(repeating: 0, count: SegmentInterner.limit)
    }

    @inline(__always)
    mutating func add(day: Int32, segment: Int32, type: Int) {
        let s = Int(segment)
        var slot: Int
        if lastDay[s] == day {
            slot = Int(lastSlot[s])
        } else {
            slot = lookUp(day: day, segment: segment)
            lastDay[s] = day
            lastSlot[s] = Int32(slot)
        }
        counts[slot &* 3 &+ type] &+= 1
    }

    private mutating func lookUp(day: Int32, segment: Int32) -> Int {
        let key = Int64(day) << 32 | Int64(segment)
        if let slot = slotByKey[key] { return Int(slot) }
        let slot = slotKeys.count
        slotByKey[key] = Int32(slot)
        slotKeys.append(key)
        counts.append(contentsOf: [0, 0, 0])
        return slot
    }

    /// The finished cube over the interner's segments.
    func build(segments: [Segment]) -> DailyCube {
        let cells = slotKeys.enumerated().map { slot, key in
            DailyCube.Cell(day: Day(ordinal: Int(key >> 32)), segment: Int(key & 0xFFFF_FFFF),
                           views: counts[slot * 3], addtocarts: counts[slot * 3 + 1],
                           transactions: counts[slot * 3 + 2])
        }
        return DailyCube(segments: segments, cells: cells)
    }
}
