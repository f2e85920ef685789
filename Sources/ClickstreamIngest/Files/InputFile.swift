import ClickstreamCore
import Foundation

extension InputFile {
    /// Size and content hash of a regular file, read on its own (tests check the hash
    /// taken while ingesting against it).
    public static func describe(_ path: String) throws(ClickstreamError) -> InputFile {
        try FileByteSource(path: path).describeByRereading()
    }
}

/// A fast 64-bit content hash: four independent multiply–xor lanes over 8-byte words,
/// folded at the end. Not cryptographic; it tells inputs apart in a provenance footer.
struct ContentHash {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344,
                                                            0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89)
    private var pending: [UInt8] = []
    private(set) var count = 0

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        count += bytes.count
        var data = bytes
        if !pending.isEmpty {
            let take = min(32 - pending.count, data.count)
            pending += data.prefix(take)
            data = UnsafeRawBufferPointer(rebasing: data[take...])
            if pending.count == 32 { pending.withUnsafeBytes { mix($0) }; pending = [] }
        }
        let whole = data.count / 32 * 32
        if whole > 0 { mix(UnsafeRawBufferPointer(rebasing: data[..<whole])) }
        pending += data[whole...]
    }

    private mutating func mix(_ bytes: UnsafeRawBufferPointer) {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var (a, b, c, d) = lanes
        var i = 0
        while i < bytes.count {
            a = (a ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            b = (b ^ bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* k
            c = (c ^ bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* k
            d = (d ^ bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* k
            a ^= a >> 29; b ^= b >> 29; c ^= c >> 29; d ^= d >> 29
            i += 32
        }
        lanes = (a, b, c, d)
    }

    var hex: String {
        var h = SplitMix64.hash(lanes.0, lanes.1, lanes.2, lanes.3, UInt64(count))
        for byte in pending { h = SplitMix64.mix(h ^ UInt64(byte)) }
        let text = String(h, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
