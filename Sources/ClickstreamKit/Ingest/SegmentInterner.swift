/// Gives each distinct (device, os, browser) byte triple a small integer id, without
/// building a `String` per row.
///
/// Hot path: an open-addressing table keyed by a hash of the three fields, with the key
/// bytes compared on a hit. Bytes are validated (UTF-8, no control characters) only when a
/// new triple is inserted; identical bytes later are therefore valid too. At most
/// `limit` distinct segments are kept so a hostile file cannot grow memory without bound.
struct SegmentInterner {
    /// Most distinct segments one ingest accepts; rows beyond it are rejected.
    static let limit = 10_000

    enum Outcome {
        case id(Int32)
        /// Field 0 device, 1 os, 2 browser; byte offset inside it; what is wrong.
        case invalid(field: Int, offset: Int, reason: RejectReason, message: String)
        case full
    }

    private(set) var segments: [Segment] = []
    private var slots: [Int32] = Array(repeating: -1, count: 1 << 15)
    private var hashes: [UInt64] = []
    private var keyStarts: [Int] = []
    private var keyLengths: [(Int, Int, Int)] = []
    private var arena: [UInt8] = []
    private var byName: [Segment: Int32] = [:]

    /// The id of a segment given as strings (used for enrichment of raw files).
    mutating func intern(_ segment: Segment) -> Outcome {
        if let id = byName[segment] { return .id(id) }
        var device = Array(segment.device.utf8), os = Array(segment.os.utf8), browser = Array(segment.browser.utf8)
        let padding = [UInt8](repeating: 0, count: 8)
        device += padding
        os += padding
        browser += padding
        return device.withUnsafeBytes { d in
            os.withUnsafeBytes { o in
                browser.withUnsafeBytes { b in
                    intern(device: UnsafeRawBufferPointer(rebasing: d.prefix(d.count - 8)),
                           os: UnsafeRawBufferPointer(rebasing: o.prefix(o.count - 8)),
                           browser: UnsafeRawBufferPointer(rebasing: b.prefix(b.count - 8)))
                }
            }
        }
    }

    /// The id of the triple; each buffer must be followed by at least 8 readable bytes.
    @inline(__always)
    mutating func intern(device: UnsafeRawBufferPointer, os: UnsafeRawBufferPointer,
                         browser: UnsafeRawBufferPointer) -> Outcome {
        let hash = Self.mix(Self.hashField(device) ^ (Self.hashField(os) &* 0x9E37_79B9_7F4A_7C15)
            ^ (Self.hashField(browser) &* 0xC2B2_AE3D_27D4_EB4F))
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { break }
            if hashes[entry] == hash && matches(entry, device, os, browser) { return .id(Int32(entry)) }
            slot = (slot + 1) & mask
        }
        return insert(hash: hash, device, os, browser)
    }

    private func matches(_ entry: Int, _ d: UnsafeRawBufferPointer, _ o: UnsafeRawBufferPointer,
                         _ b: UnsafeRawBufferPointer) -> Bool {
        let (dl, ol, bl) = keyLengths[entry]
        guard dl == d.count, ol == o.count, bl == b.count else { return false }
        return arena.withUnsafeBytes { arena in
            let start = arena.baseAddress! + keyStarts[entry]
            return memcmp(start, d.baseAddress!, dl) == 0 && memcmp(start + dl, o.baseAddress!, ol) == 0
                && memcmp(start + dl + ol, b.baseAddress!, bl) == 0
        }
    }

    private mutating func insert(hash: UInt64, _ d: UnsafeRawBufferPointer, _ o: UnsafeRawBufferPointer,
                                 _ b: UnsafeRawBufferPointer) -> Outcome {
        for (index, field) in [d, o, b].enumerated() {
            if let offset = TextValidation.firstControl(field) {
                let byte = field[offset]
                return .invalid(field: index, offset: offset, reason: .controlCharacter,
                                message: "control character 0x\(byte < 16 ? "0" : "")\(String(byte, radix: 16, uppercase: true))")
            }
            if let offset = TextValidation.firstInvalidUTF8(field) {
                return .invalid(field: index, offset: offset, reason: .invalidUTF8,
                                message: "invalid UTF-8 at byte \(offset + 1) of the field")
            }
        }
        let segment = Segment(browser: String(decoding: b, as: UTF8.self), os: String(decoding: o, as: UTF8.self),
                              device: String(decoding: d, as: UTF8.self))
        if let existing = byName[segment] { return .id(existing) }
        guard segments.count < Self.limit else { return .full }
        let id = Int32(segments.count)
        segments.append(segment)
        byName[segment] = id
        hashes.append(hash)
        keyStarts.append(arena.count)
        keyLengths.append((d.count, o.count, b.count))
        arena.append(contentsOf: d)
        arena.append(contentsOf: o)
        arena.append(contentsOf: b)
        if segments.count * 2 > slots.count { rehash() } else { place(Int(id)) }
        return .id(id)
    }

    private mutating func place(_ entry: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry)
    }

    private mutating func rehash() {
        slots = Array(repeating: -1, count: slots.count * 2)
        for entry in 0..<segments.count { place(entry) }
    }

    /// Hash of one field; reads whole 8-byte words (the caller guarantees 8 bytes of slack).
    @inline(__always)
    static func hashField(_ field: UnsafeRawBufferPointer) -> UInt64 {
        let n = field.count
        guard let base = field.baseAddress else { return 0x51ED_270B }
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i + 8 <= n {
            h = mix(h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let keep = UInt64(n - i) * 8
            h = mix(h ^ (word & ((1 << keep) &- 1)))
        }
        return h
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: 0x9FB2_1C65_1E98_DF25)
        return product.high ^ product.low
    }
}

#if canImport(Glibc)
import Glibc
#endif
