/// The open-addressing slots under the interner's tables (`ByteKeyTable`, and the segment
/// lookup by value codes). Hot path.
///
/// Each slot holds an entry's hash in the upper 32 bits and 1 + a 32-bit payload in the
/// lower (0: empty), so a probe that meets another entry mostly rejects it on the hash
/// alone, and a hit hands the caller its payload without another load. The slots double
/// when half full.
struct TaggedSlots {
    private var slots = [UInt64](repeating: 0, count: 1 << 10)
    /// Every entry's full hash and payload, to place them again when the slots grow.
    private var hashes: [UInt64] = []
    private var payloads: [UInt32] = []

    /// How many entries.
    var count: Int { hashes.count }

    /// Payloads at or above this are not kept (`insert` declines them).
    static let payloadLimit = Int(UInt32.max) - 1

    /// The payload of the first entry with this hash that `matches` accepts.
    @inline(__always)
    func first(hash: UInt64, where matches: (Int) -> Bool) -> Int? {
        let mask = slots.count &- 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let tag = hash & 0xFFFF_FFFF_0000_0000
        while true {
            let packed = slots[slot]
            if packed == 0 { return nil }
            if packed & 0xFFFF_FFFF_0000_0000 == tag {
                let payload = Int(truncatingIfNeeded: packed & 0xFFFF_FFFF) &- 1
                if matches(payload) { return payload }
            }
            slot = (slot &+ 1) & mask
        }
    }

    /// Adds an entry that `first` did not find (a payload past `payloadLimit` is not kept).
    mutating func insert(hash: UInt64, payload: Int) {
        guard payload >= 0, payload < Self.payloadLimit else { return }
        hashes.append(hash)
        payloads.append(UInt32(payload))
        if hashes.count * 2 > slots.count {
            slots = Array(repeating: 0, count: slots.count * 2)
            for entry in hashes.indices { place(entry) }
        } else {
            place(hashes.count - 1)
        }
    }

    private mutating func place(_ entry: Int) {
        let mask = slots.count - 1
        let hash = hashes[entry]
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | (UInt64(payloads[entry]) + 1)
    }
}
