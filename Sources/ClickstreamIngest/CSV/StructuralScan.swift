/// Stage one of the reader's fast path for plain records: the offsets of every comma and
/// newline in a stretch of the read buffer, found 64 bytes at a time. Hot path.
///
/// The scan stops at the first 64-byte block that holds a byte only the general path may
/// judge: a quote, DEL, or a control byte other than a newline or a carriage return right
/// before one. So every record whose bytes all lie before `Outcome.covered` is unquoted
/// and free of control bytes, and its fields are exactly the stretches between the offsets. Finding
/// them in a separate pass, with a fixed number of writes per block, keeps the branches
/// that depend on where the commas fall out of the per-record loop.
enum StructuralScan {
    /// Offsets written per block before any branch; a block has more only when its
    /// records are shorter than about 48 bytes.
    static let unconditionalWrites = 12

    struct Outcome {
        /// Offsets written.
        var count: Int
        /// The offsets are those of every comma and newline in `start..<covered`.
        var covered: Int
        /// Offset of the first byte the general path must judge, if the scan stopped at one.
        var special: Int?
    }

    /// Writes the offsets of the commas and newlines in `bytes[start..<limit]`, in order, to
    /// `offsets`, which must have room for `limit - start + 64 + unconditionalWrites`
    /// entries; 64 readable bytes must follow `limit`.
    @inline(__always)
    static func scan(_ bytes: UnsafePointer<UInt8>, from start: Int, to limit: Int,
                     into offsets: UnsafeMutablePointer<Int>, delimiter: UInt8 = 0x2C) -> Outcome {
        var count = 0
        var offset = start
        while offset < limit {
            var (structural, special) = masks(UnsafeRawPointer(bytes + offset), delimiter: delimiter)
            if limit &- offset < 64 {
                let keep: UInt64 = (1 &<< UInt64(limit &- offset)) &- 1
                structural &= keep
                special &= keep
            }
            if special != 0 {
                return Outcome(count: count, covered: offset, special: offset &+ special.trailingZeroBitCount)
            }
            let total = structural.nonzeroBitCount
            let out = offsets + count
            var remaining = structural
            for index in 0..<unconditionalWrites {
                out[index] = offset &+ remaining.trailingZeroBitCount
                remaining &= remaining &- 1
            }
            var index = unconditionalWrites
            while remaining != 0 {
                out[index] = offset &+ remaining.trailingZeroBitCount
                remaining &= remaining &- 1
                index &+= 1
            }
            count &+= total
            offset &+= 64
        }
        return Outcome(count: count, covered: limit, special: nil)
    }

    /// Bits of the 64 bytes at `pointer`: commas and newlines; bytes the general path must
    /// judge. A carriage return is one of the latter unless a newline follows it in the block.
    /// The four parts' special lanes are or-ed before their bits are gathered: they are
    /// almost always none, and only then are they gathered one by one.
    @inline(__always)
    static func masks(_ pointer: UnsafeRawPointer, delimiter: UInt8 = 0x2C) -> (structural: UInt64, special: UInt64) {
        @inline(__always) func part(_ index: Int) -> (structural: UInt64, special: ByteBlock) {
            let block = ByteBlock(pointer + index &* 16)
            let newline = block.equal(0x0A), separator = block.equal(delimiter)
            // A tab delimiter is a control byte that ends fields, not one the general path judges.
            return (UInt64((separator | newline).bits) &<< UInt64(index &* 16),
                    block.below(0x20).subtracting(newline | separator) | block.equal(0x22) | block.equal(0x7F))
        }
        let p0 = part(0), p1 = part(1), p2 = part(2), p3 = part(3)
        let structural = p0.structural | p1.structural | p2.structural | p3.structural
        guard (p0.special | p1.special | p2.special | p3.special).bits != 0 else { return (structural, 0) }
        var special = UInt64(p0.special.bits) | UInt64(p1.special.bits) &<< 16 | UInt64(p2.special.bits) &<< 32
            | UInt64(p3.special.bits) &<< 48
        special &= ~carriageReturnsBeforeNewlines(pointer)
        return (structural, special)
    }

    /// Bits of the carriage returns directly followed by a newline in the 64 bytes at
    /// `pointer` (the line ends of a CRLF file; the only control byte a plain record may hold).
    @inline(never)
    static func carriageReturnsBeforeNewlines(_ pointer: UnsafeRawPointer) -> UInt64 {
        var newlines: UInt64 = 0, returns: UInt64 = 0
        for part in 0..<4 {
            let block = ByteBlock(pointer + part &* 16)
            newlines |= UInt64(block.equal(0x0A).bits) &<< UInt64(part &* 16)
            returns |= UInt64(block.equal(0x0D).bits) &<< UInt64(part &* 16)
        }
        return returns & (newlines &>> 1)
    }
}
