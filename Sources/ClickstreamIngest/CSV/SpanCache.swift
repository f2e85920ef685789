/// A direct-mapped cache from a `device,os,browser` span of up to 24 bytes to its segment
/// id, in front of `SegmentInterner`. Hot path.
///
/// One packed entry per slot (the span as three words, see `key`, its length and id), so
/// a hit costs one load of 32 bytes and three compares, no probing and no bounds checks. A
/// miss (first sight, a collision, a longer span) goes to the interner, and the answer
/// replaces the slot. Owned by one reader; the pointer is a `let`, so no exclusivity
/// checks are paid either.
final class SpanCache {
    struct Entry {
        var w0: UInt64
        var w1: UInt64
        var w2: UInt64
        var length: Int32
        var id: Int32
    }

    static let slots = 1024
    private let entries: UnsafeMutablePointer<Entry>

    init() {
        entries = .allocate(capacity: Self.slots)
        entries.initialize(repeating: Entry(w0: 0, w1: 0, w2: 0, length: -1, id: -1), count: Self.slots)
    }

    deinit { entries.deallocate() }

    /// Forgets every entry (ids belong to one interner; a reused cache must start empty).
    func clear() {
        entries.update(repeating: Entry(w0: 0, w1: 0, w2: 0, length: -1, id: -1), count: Self.slots)
    }

    /// The span's three words and slot; `nil` when it is longer than 24 bytes. With its
    /// length, the words determine the span: from 8 bytes on they are its first eight, the
    /// eight from byte 8 (or its last eight, when shorter than 16) and its last eight, which
    /// overlap and need no masking; a shorter span is one masked word, so 8 bytes from its
    /// start must be readable.
    @inline(__always)
    static func key(_ span: UnsafeRawBufferPointer) -> (w0: UInt64, w1: UInt64, w2: UInt64, slot: Int)? {
        let n = span.count
        guard n <= 24, let base = span.baseAddress else { return nil }
        let w0, w1, w2: UInt64
        if n >= 8 {
            w0 = base.loadUnaligned(as: UInt64.self)
            w1 = base.loadUnaligned(fromByteOffset: min(8, n &- 8), as: UInt64.self)
            w2 = base.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
        } else {
            w0 = n == 0 ? 0 : base.loadUnaligned(as: UInt64.self) & (UInt64.max &>> UInt64((8 &- n) &* 8))
            w1 = 0
            w2 = 0
        }
        var h = w0 ^ (w1 &<< 5 | w1 &>> 59) ^ (w2 &<< 11 | w2 &>> 53) ^ UInt64(n)
        h ^= h &>> 31
        h ^= h &>> 17
        return (w0, w1, w2, Int(truncatingIfNeeded: h) & (slots - 1))
    }

    /// The cached id of the span, or -1.
    @inline(__always)
    func id(for key: (w0: UInt64, w1: UInt64, w2: UInt64, slot: Int), length: Int) -> Int32 {
        let entry = entries[key.slot]
        return entry.length == Int32(truncatingIfNeeded: length) && entry.w0 == key.w0 && entry.w1 == key.w1
            && entry.w2 == key.w2 ? entry.id : -1
    }

    func store(_ id: Int32, for key: (w0: UInt64, w1: UInt64, w2: UInt64, slot: Int), length: Int) {
        entries[key.slot] = Entry(w0: key.w0, w1: key.w1, w2: key.w2, length: Int32(truncatingIfNeeded: length), id: id)
    }
}
