import ClickstreamCore
import Foundation

/// Accumulates the daily cube while rows stream by, for every kind of source. Hot path:
/// it sits in the module of the sources, where the per-row `add` inlines into them (from
/// another module it cost 8 M more instructions per 30 MB of CSV).
///
/// Counts live in one flat buffer, three per (day, segment) slot. A dictionary maps a
/// (day, segment) key to its slot, but it is consulted only when a segment's day changes:
/// each segment remembers the last day it saw and that day's slot, which for time-ordered
/// data is right for all but one row per (day, segment). Memory is proportional to the
/// number of (day, segment) pairs, never to rows.
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
    /// The last day a segment saw (0: none yet; no valid day is 1970-01-01), and that day's slot.
    private struct Recent {
        var day: Int32
        var slot: Int32
    }

    private var slotByKey: [Int64: Int32] = [:]
    private var slotKeys: [Int64] = []
    private let recent: UnsafeMutablePointer<Recent>
    private var counts: UnsafeMutablePointer<Int>
    private var capacity = 1024

    /// Most distinct segments one cube holds; a source that meets more stops with an error.
    package static let segmentLimit = 4_000_000

    /// Bytes of the per-segment memo.
    private static let memoBytes = segmentLimit * MemoryLayout<Recent>.stride

    package init() {
        let zeroed = mmap(nil, Self.memoBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let zeroed, zeroed != MAP_FAILED else {
            fatalError("cannot reserve the per-segment memo")  // only when the address space is exhausted
        }
        recent = zeroed.bindMemory(to: Recent.self, capacity: Self.segmentLimit)
        counts = .allocate(capacity: capacity * 3)
    }

    deinit {
        munmap(recent, Self.memoBytes)
        counts.deallocate()
    }

    @inline(__always)
    package func add(day: Int32, segment: Int32, type: Int) {
        let last = recent + Int(segment)
        var slot = Int(last.pointee.slot)
        if last.pointee.day != day {
            slot = lookUp(day: day, segment: segment)
            last.pointee = Recent(day: day, slot: Int32(slot))
        }
        counts[slot &* 3 &+ type] &+= 1
    }

    private func lookUp(day: Int32, segment: Int32) -> Int {
        let key = Int64(day) << 32 | Int64(segment)
        if let slot = slotByKey[key] { return Int(slot) }
        let slot = slotKeys.count
        if slot == capacity { grow() }
        slotByKey[key] = Int32(slot)
        slotKeys.append(key)
        (counts + slot * 3).initialize(repeating: 0, count: 3)
        return slot
    }

    private func grow() {
        let larger = UnsafeMutablePointer<Int>.allocate(capacity: capacity * 6)
        larger.moveInitialize(from: counts, count: capacity * 3)
        counts.deallocate()
        counts = larger
        capacity *= 2
    }

    /// The finished cube over the interner's segments.
    package func build(segments: [Segment]) -> DailyCube {
        let cells = slotKeys.enumerated().map { slot, key in
            DailyCube.Cell(day: Day(ordinal: Int(key >> 32)), segment: Int(key & 0xFFFF_FFFF),
                           views: counts[slot * 3], addtocarts: counts[slot * 3 + 1],
                           transactions: counts[slot * 3 + 2])
        }
        return DailyCube(segments: segments, cells: cells)
    }
}
