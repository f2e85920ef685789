import _Builtin_intrinsics.intel

#if arch(x86_64)
#endif

/// Sixteen bytes of the read buffer and the byte-class tests the CSV hot path runs on
/// them; `bits` gives one bit per byte (bit i for byte i). Hot path.
///
/// On x86-64 this is SSE2 (in every x86-64 CPU) with `pmovmskb` to gather the lane bits,
/// which Swift's portable SIMD types cannot express; elsewhere it is `SIMD16` and a
/// multiply that gathers them. Both give the same bits.
struct ByteBlock {
    #if arch(x86_64)
    private let vector: __m128i

    /// The 16 bytes at `pointer` (no alignment needed).
    @inline(__always)
    init(_ pointer: UnsafeRawPointer) {
        vector = _mm_loadu_si128(pointer.assumingMemoryBound(to: __m128i.self))
    }

    @inline(__always)
    private init(vector: __m128i) { self.vector = vector }

    /// Lanes equal to `byte`.
    @inline(__always)
    func equal(_ byte: UInt8) -> ByteBlock {
        ByteBlock(vector: _mm_cmpeq_epi8(vector, _mm_set1_epi8(Int8(bitPattern: byte))))
    }

    /// Lanes below `byte`, unsigned (`byte` > 0).
    @inline(__always)
    func below(_ byte: UInt8) -> ByteBlock {
        ByteBlock(vector: _mm_cmpeq_epi8(_mm_min_epu8(vector, _mm_set1_epi8(Int8(bitPattern: byte &- 1))), vector))
    }

    @inline(__always)
    static func | (a: ByteBlock, b: ByteBlock) -> ByteBlock { ByteBlock(vector: _mm_or_si128(a.vector, b.vector)) }

    /// Lanes set here and not in `other` (only meaningful on compare results).
    @inline(__always)
    func subtracting(_ other: ByteBlock) -> ByteBlock { ByteBlock(vector: _mm_andnot_si128(other.vector, vector)) }

    /// Bit i set when lane i is true (only meaningful on compare results).
    @inline(__always)
    var bits: UInt32 { UInt32(UInt16(truncatingIfNeeded: _mm_movemask_epi8(vector))) }
    #else
    private let vector: SIMD16<UInt8>

    @inline(__always)
    init(_ pointer: UnsafeRawPointer) { vector = pointer.loadUnaligned(as: SIMD16<UInt8>.self) }

    @inline(__always)
    private init(vector: SIMD16<UInt8>) { self.vector = vector }

    @inline(__always)
    private init(_ mask: SIMDMask<SIMD16<Int8>>) { vector = unsafeBitCast(mask, to: SIMD16<UInt8>.self) }

    @inline(__always)
    func equal(_ byte: UInt8) -> ByteBlock { ByteBlock(vector .== SIMD16(repeating: byte)) }

    @inline(__always)
    func below(_ byte: UInt8) -> ByteBlock { ByteBlock(vector .< SIMD16(repeating: byte)) }

    @inline(__always)
    static func | (a: ByteBlock, b: ByteBlock) -> ByteBlock { ByteBlock(vector: a.vector | b.vector) }

    @inline(__always)
    func subtracting(_ other: ByteBlock) -> ByteBlock { ByteBlock(vector: vector & ~other.vector) }

    /// Each half's 0/1 bytes are gathered into its top byte by one multiply (the partial
    /// products never overlap, so never carry).
    @inline(__always)
    var bits: UInt32 {
        let halves = unsafeBitCast(vector & SIMD16(repeating: 1), to: SIMD2<UInt64>.self)
        let low = (halves[0] &* 0x0102_0408_1020_4080) >> 56
        let high = (halves[1] &* 0x0102_0408_1020_4080) >> 56
        return UInt32(truncatingIfNeeded: low | high << 8)
    }
    #endif
}
