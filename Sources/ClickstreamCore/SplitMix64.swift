/// SplitMix64: a tiny seeded generator, and its finaliser used as a 64-bit mixing hash.
///
/// Every random choice the tool makes is a pure function of a seed through this type or
/// `Xoshiro256StarStar`, never `SystemRandomNumberGenerator` or `Hasher`, so the same
/// arguments give the same bytes on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective avalanche of 64 bits.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Hashes several 64-bit words into one, order-sensitively.
    @inlinable
    public static func hash(_ words: UInt64...) -> UInt64 {
        var h: UInt64 = 0x6A09_E667_F3BC_C908
        for word in words { h = mix(h ^ mix(word &+ 0x9E37_79B9_7F4A_7C15)) }
        return h
    }
}
