/// The bit-level encodings of Parquet's encodings document: the RLE / bit-packed hybrid
/// (levels and dictionary indices) and DELTA_BINARY_PACKED (integers, and the lengths
/// inside the delta byte-array encodings). Every read is bounds-checked; a failure is a
/// message, which the column reader places at its page.
enum ParquetBitDecoding {
    /// `width` bits (at most 64) at bit `bit` of `data`, least significant bit first.
    /// The caller has checked that the bits lie inside `data`.
    @inline(__always)
    static func bits(_ data: UnsafeRawBufferPointer, at bit: Int, width: Int) -> UInt64 {
        let byte = bit >> 3, shift = bit & 7
        if width <= 56 && byte + 8 <= data.count {
            let word = UInt64(littleEndian: data.loadUnaligned(fromByteOffset: byte, as: UInt64.self)) >> UInt64(shift)
            return width == 0 ? 0 : word & (UInt64.max >> UInt64(64 - width))
        }
        return slowBits(data, at: bit, width: width)
    }

    /// `bits` near the end of the data, or wider than 56 bits: a byte at a time.
    @inline(never)
    static func slowBits(_ data: UnsafeRawBufferPointer, at bit: Int, width: Int) -> UInt64 {
        var result: UInt64 = 0, got = 0, position = bit
        while got < width {
            let offset = position & 7
            let take = min(8 - offset, width - got)
            let piece = (UInt64(data[position >> 3]) >> UInt64(offset)) & ((1 << UInt64(take)) - 1)
            result |= piece << UInt64(got)
            got += take
            position += take
        }
        return result
    }

    /// An unsigned LEB128 varint at `position`, which moves past it.
    static func varint(_ data: UnsafeRawBufferPointer, _ position: inout Int) -> UInt64? {
        var result: UInt64 = 0, shift: UInt64 = 0
        while position < data.count {
            let b = data[position]
            position += 1
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift >= 64 { return nil }
        }
        return nil
    }

    /// A zig-zag varint.
    static func zigzag(_ data: UnsafeRawBufferPointer, _ position: inout Int) -> Int64? {
        guard let raw = varint(data, &position) else { return nil }
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Decodes `count` values of the RLE / bit-packed hybrid (no length prefix) of `width`
    /// bits each into `output`; returns the bytes used.
    static func hybrid(_ data: UnsafeRawBufferPointer, width: Int, count: Int,
                       into output: UnsafeMutablePointer<UInt32>) throws(DecodingFailure) -> Int {
        guard width >= 0 && width <= 32 else { throw DecodingFailure("bit width \(width) over 32") }
        var position = 0, filled = 0
        let valueBytes = (width + 7) / 8
        while filled < count {
            guard let header = varint(data, &position) else { throw DecodingFailure("RLE data ends after \(filled) of \(count) values") }
            if header & 1 == 1 {
                // Bit-packed groups of 8 values.
                let groups = header >> 1
                guard groups > 0, groups <= UInt64(data.count) else { throw DecodingFailure("bit-packed run of \(groups) groups") }
                let values = min(Int(groups) * 8, count - filled)
                let runBytes = Int(groups) * width
                let needed = (values * width + 7) / 8
                guard needed <= data.count - position else { throw DecodingFailure("bit-packed run ends past its page") }
                let run = UnsafeRawBufferPointer(rebasing: data[position..<(position + min(runBytes, data.count - position))])
                for i in 0..<values { output[filled + i] = UInt32(truncatingIfNeeded: bits(run, at: i * width, width: width)) }
                filled += values
                position += min(runBytes, data.count - position)
            } else {
                let run = header >> 1
                guard valueBytes <= data.count - position else { throw DecodingFailure("RLE run ends past its page") }
                var value: UInt32 = 0
                for i in 0..<valueBytes { value |= UInt32(data[position + i]) << UInt32(8 * i) }
                position += valueBytes
                guard width == 32 || value >> UInt32(width) == 0 else { throw DecodingFailure("RLE value \(value) wider than \(width) bits") }
                let take = Int(min(run, UInt64(count - filled)))
                for i in 0..<take { output[filled + i] = value }
                filled += take
            }
        }
        return position
    }

    /// Decodes DELTA_BINARY_PACKED: calls `emit` with each value (wrapping 64-bit
    /// arithmetic; an INT32 column truncates, which is the same modulo 2³²), and returns
    /// the bytes used and the count of values the header announced.
    @discardableResult
    static func deltaBinaryPacked(_ data: UnsafeRawBufferPointer, limit: Int,
                                  emit: (Int64) throws(DecodingFailure) -> Void) throws(DecodingFailure) -> (used: Int, count: Int) {
        var position = 0
        guard let blockSize = varint(data, &position), let miniblocks = varint(data, &position),
              let total = varint(data, &position), var last = zigzag(data, &position) else {
            throw DecodingFailure("DELTA_BINARY_PACKED header is truncated")
        }
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20, miniblocks > 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0 else {
            throw DecodingFailure("DELTA_BINARY_PACKED block of \(blockSize) values in \(miniblocks) miniblocks")
        }
        guard total <= UInt64(limit) else { throw DecodingFailure("DELTA_BINARY_PACKED announces \(total) values, the page holds \(limit)") }
        let count = Int(total)
        let perMiniblock = Int(blockSize / miniblocks)
        guard count > 0 else { return (position, 0) }
        try emit(last)
        var produced = 1
        while produced < count {
            guard let minimum = zigzag(data, &position) else { throw DecodingFailure("DELTA_BINARY_PACKED block header is truncated") }
            guard Int(miniblocks) <= data.count - position else { throw DecodingFailure("DELTA_BINARY_PACKED bit widths are truncated") }
            let widths = position
            position += Int(miniblocks)
            for m in 0..<Int(miniblocks) where produced < count {
                let width = Int(data[widths + m])
                guard width <= 64 else { throw DecodingFailure("DELTA_BINARY_PACKED bit width \(width)") }
                let values = min(perMiniblock, count - produced)
                let full = perMiniblock * width / 8
                guard (values * width + 7) / 8 <= data.count - position else { throw DecodingFailure("DELTA_BINARY_PACKED miniblock ends past its page") }
                let block = UnsafeRawBufferPointer(rebasing: data[position..<(position + min(full, data.count - position))])
                for i in 0..<values {
                    last = last &+ minimum &+ Int64(bitPattern: bits(block, at: i * width, width: width))
                    try emit(last)
                }
                produced += values
                position += min(full, data.count - position)
            }
        }
        return (position, count)
    }
}

/// What went wrong inside an encoded stream (the column reader adds the page's place).
struct DecodingFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
