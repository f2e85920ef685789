import ClickstreamCore
import Foundation

/// Accumulates the daily cube while rows stream by, for every kind of source. Hot path:
/// it sits in the module of the sources, where the per-row `add` inlines into them (from
/// another module it cost 8 M more instructions per 30 MB of CSV).
///
/// Counts live in one flat buffer, four per (day, segment) slot (the funnel's three steps
/// and the transactions' revenue). Each segment remembers
/// the last day it saw with that day's slot, which for time-ordered data is right for all
/// but one row per (day, segment), and the latest day it saw: a day after that one is a
/// new slot for certain. Only a row that goes back in time consults an open-addressing
/// table from (day, segment) to slot, built on the first such row, so time-ordered input
/// (a million segments or not) never hashes. Memory is proportional to the number of
/// (day, segment) pairs, never to rows.
///
/// A class over raw buffers rather than a struct of arrays: the per-row update then pays
/// for no uniqueness check and no bounds check. Segment ids are below
/// `segmentLimit` (every source's contract), and slots below `slotCount`. The
/// per-segment memo is an anonymous `mmap`, zero pages from the kernel, so only the pages
/// of segments that occur are ever touched: room for the interner's limit costs nothing
/// until it is used. (Not `calloc`: once glibc has freed one such block it serves the next
/// from its heap and zero-fills all 32 MB, which cost 1 ms and 32 MB per file of a batch
/// folder.)
package final class DailyCubeBuilder {
    /// The last day a segment saw (0: none yet; no valid day is 1970-01-01), that day's
    /// slot, and the latest day it saw (0: none).
    private struct Recent {
        var day: Int32
        var slot: Int32
        var latest: Int32
    }

    /// (day, segment) key → slot, by open addressing; `empty` marks a free place. Empty
    /// until a row goes back in time.
    private var places: [Place] = []
    private struct Place {
        var key: Int64
        var slot: Int32
    }
    private static let empty = Int64.min
    private var slotKeys: [Int64] = []
    private let recent: UnsafeMutablePointer<Recent>
    private var counts: UnsafeMutablePointer<Int>
    private var capacity = 1024

    /// The local days of the input's zone (`CubeSink` asks for days only in a zone other
    /// than UTC; the day extents are always on its clock).
    var clock = DayClock(.utc)

    /// The calendar day of an instant in `clock`'s zone.
    @inline(never)
    func localDay(ofMilliseconds instant: Int64) -> Int32 { clock.day(ofMilliseconds: instant) }

    /// Most distinct segments one cube holds; a source that meets more stops with an error.
    package static let segmentLimit = 4_000_000

    /// Bytes of the per-segment memo.
    private static let memoBytes = segmentLimit * MemoryLayout<Recent>.stride

    /// Each day's latest instant, and `Int64.max` minus its earliest (so that 0, a page
    /// the kernel zeroed, means "none" for both and each is kept by `max`), by day from
    /// `firstExtentDay`: every local day of an accepted time (2000–2100, ± a day of offset).
    private let latest: UnsafeMutablePointer<Int64>
    private let earliestInverted: UnsafeMutablePointer<Int64>
    /// Literals, not computed: a computed static costs a lazy-initialisation check per row.
    /// 10,955 is 1999-12-30 (2000-01-01 is day 10,957); 36,529 days reach 2100-01-02.
    private static let firstExtentDay = 10_955
    private static let extentDays = 36_529
    private static let extentBytes = extentDays * MemoryLayout<Int64>.stride * 2

    package init() {
        let zeroed = mmap(nil, Self.memoBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let zeroed, zeroed != MAP_FAILED else {
            fatalError("cannot reserve the per-segment memo")  // only when the address space is exhausted
        }
        recent = zeroed.bindMemory(to: Recent.self, capacity: Self.segmentLimit)
        counts = .allocate(capacity: capacity * 4)
        let extents = mmap(nil, Self.extentBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let extents, extents != MAP_FAILED else { fatalError("cannot reserve the day extents") }
        latest = extents.bindMemory(to: Int64.self, capacity: Self.extentDays * 2)
        earliestInverted = latest + Self.extentDays
    }

    deinit {
        munmap(latest, Self.extentBytes)
        munmap(recent, Self.memoBytes)
        counts.deallocate()
    }

    /// Counts one event of `segment` on `day` at `instant` (epoch milliseconds), with its
    /// revenue in minor units (0 but for a transaction with a revenue column; below
    /// `RevenueAmount.limit`). The revenue costs a branch that is never taken without one.
    @inline(__always)
    package func add(day: Int32, segment: Int32, type: Int, instant: Int64, revenue: Int64 = 0) {
        // Time-ordered rows only move the current day's last instant on.
        if _fastPath(day == extentDay && instant >= extentLast) {
            extentLast = instant
        } else {
            startExtent(day: day, instant: instant)
        }
        let last = recent + Int(segment)
        var slot = Int(last.pointee.slot)
        if last.pointee.day != day {
            if day > last.pointee.latest {
                slot = newSlot(day: day, segment: segment)
                last.pointee = Recent(day: day, slot: Int32(slot), latest: day)
            } else {
                slot = lookUp(day: day, segment: segment)
                last.pointee.day = day
                last.pointee.slot = Int32(slot)
            }
        }
        counts[slot &* 4 &+ type] &+= 1
        if _slowPath(revenue != 0) { counts[slot &* 4 &+ 3] &+= Int(revenue) }
    }

    /// The slot of a (day, segment) seen before, or a new one.
    private func lookUp(day: Int32, segment: Int32) -> Int {
        if places.isEmpty { index() }
        let key = Int64(day) << 32 | Int64(segment)
        let mask = places.count &- 1
        var place = Self.place(of: key) & mask
        while true {
            let found = places[place]
            if found.key == key { return Int(found.slot) }
            if found.key == Self.empty { break }
            place = (place &+ 1) & mask
        }
        return newSlot(day: day, segment: segment)
    }

    /// A slot for a (day, segment) never seen before.
    private func newSlot(day: Int32, segment: Int32) -> Int {
        let key = Int64(day) << 32 | Int64(segment)
        let slot = slotKeys.count
        if slot == capacity { grow() }
        slotKeys.append(key)
        (counts + slot * 4).initialize(repeating: 0, count: 4)
        if places.isEmpty { return slot }
        if slotKeys.count * 2 > places.count {
            index()
        } else {
            settle(key, slot: slot)
        }
        return slot
    }

    /// (Re)builds the table from every slot, with room to spare.
    private func index() {
        var size = 1 << 12
        while size < slotKeys.count * 4 { size *= 2 }
        places = Array(repeating: Place(key: Self.empty, slot: 0), count: size)
        for (slot, key) in slotKeys.enumerated() { settle(key, slot: slot) }
    }

    private func settle(_ key: Int64, slot: Int) {
        let mask = places.count - 1
        var place = Self.place(of: key) & mask
        while places[place].key != Self.empty { place = (place + 1) & mask }
        places[place] = Place(key: key, slot: Int32(slot))
    }

    @inline(__always)
    private static func place(of key: Int64) -> Int {
        let product = UInt64(bitPattern: key).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return Int(truncatingIfNeeded: product.high ^ product.low)
    }

    private func grow() {
        let larger = UnsafeMutablePointer<Int>.allocate(capacity: capacity * 8)
        larger.moveInitialize(from: counts, count: capacity * 4)
        counts.deallocate()
        counts = larger
        capacity *= 2
    }

    /// The finished cube over the interner's segments (`cell.segment` is the interner's id).
    package func build(codes: SegmentCodes) -> DailyCube {
        DailyCube(codes: codes, cells: cells())
    }

    /// The finished cube over segments listed by id.
    package func build(segments: [Segment]) -> DailyCube {
        DailyCube(segments: segments, cells: cells())
    }

    /// The day of the last row and the first and last instants of the run of rows on it.
    private var extentDay: Int32 = 0
    private var extentFirst: Int64 = 0
    private var extentLast: Int64 = 0

    /// Keeps the current run's extent and starts one at `instant` (a new day, or a row
    /// back in time).
    @inline(never)
    private func startExtent(day: Int32, instant: Int64) {
        keepExtent()
        extentDay = day
        extentFirst = instant
        extentLast = instant
    }

    /// Folds the current run into the day's earliest and latest instants.
    private func keepExtent() {
        let index = Int(extentDay) - Self.firstExtentDay
        guard extentDay != 0, (0..<Self.extentDays).contains(index) else { return }
        latest[index] = max(latest[index], extentLast)
        earliestInverted[index] = max(earliestInverted[index], Int64.max - extentFirst)
    }

    /// When each day's first and last events happened on the clocks of `clock`'s zone (the
    /// one the days are counted in), in day order.
    package func extents() -> [DayExtent] {
        let zone = clock.zone
        keepExtent()
        return (0..<Self.extentDays).compactMap { index -> DayExtent? in
            guard latest[index] != 0 else { return nil }
            return DayExtent(day: Day(ordinal: index + Self.firstExtentDay), earliest: Int64.max - earliestInverted[index],
                             latest: latest[index], zone: zone)
        }
    }

    /// The cells counted so far, unsorted (`cell.segment` is the interner's id).
    package func cells() -> [DailyCube.Cell] {
        slotKeys.enumerated().map { slot, key in
            DailyCube.Cell(day: Day(ordinal: Int(key >> 32)), segment: Int(key & 0xFFFF_FFFF),
                           views: counts[slot * 4], addtocarts: counts[slot * 4 + 1],
                           transactions: counts[slot * 4 + 2], revenue: counts[slot * 4 + 3])
        }
    }
}
