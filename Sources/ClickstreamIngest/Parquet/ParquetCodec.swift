import CLz4
import CSnappy
import CZlib
import CZstd

/// A column chunk's compression (`CompressionCodec` in the Thrift file), decompressed with
/// Debian's libraries: libsnappy, zlib, libzstd and liblz4.
enum ParquetCodec: Int32 {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7

    var name: String { ["UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"][Int(rawValue)] }

    /// Whether this reader decompresses it.
    var isSupported: Bool { self != .lzo && self != .brotli }

    /// Why a page of `compressed` bytes cannot decode to the `size` bytes its header says,
    /// judged before anything is allocated for it: snappy and zstd carry the size in
    /// their own header; deflate and LZ4 cannot expand more than about 1032 and 255 times.
    func implausible(_ compressed: UnsafeRawBufferPointer, size: Int) -> String? {
        switch self {
        case .uncompressed, .lzo, .brotli:
            return nil
        case .snappy:
            var length = 0
            guard snappy_uncompressed_length(compressed.baseAddress, compressed.count, &length) == SNAPPY_OK else {
                return "SNAPPY data is damaged (no valid length)"
            }
            return length == size ? nil : "SNAPPY data decodes to \(length) bytes, the page header says \(size)"
        case .zstd:
            let content = ZSTD_getFrameContentSize(compressed.baseAddress, compressed.count)
            if content == ZSTD_CONTENTSIZE_ERROR { return "ZSTD data is damaged (no valid frame header)" }
            if content == ZSTD_CONTENTSIZE_UNKNOWN { return nil }
            return content <= UInt64(size) ? nil : "ZSTD data decodes to \(content) bytes, the page header says \(size)"
        case .gzip:
            return size <= compressed.count * 1032 + 1024 ? nil
                : "GZIP data of \(compressed.count) bytes cannot hold the \(size) bytes the page header says"
        case .lz4, .lz4Raw:
            return size <= compressed.count * 256 + 1024 ? nil
                : "LZ4 data of \(compressed.count) bytes cannot hold the \(size) bytes the page header says"
        }
    }

    /// Decompresses `input` into all of `output`, whose size the page header gives; a
    /// stream that decodes to any other size is an error (the header lied, or the data is
    /// damaged).
    func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> String? {
        let expected = output.count
        switch self {
        case .uncompressed:
            guard input.count == expected else { return "an uncompressed page of \(input.count) bytes says it holds \(expected)" }
            if expected > 0 { output.baseAddress!.copyMemory(from: input.baseAddress!, byteCount: expected) }
            return nil
        case .snappy:
            var length = 0
            guard snappy_uncompressed_length(input.baseAddress, input.count, &length) == SNAPPY_OK else {
                return "SNAPPY data is damaged (no valid length)"
            }
            guard length == expected else { return "SNAPPY data decodes to \(length) bytes, the page header says \(expected)" }
            var produced = expected
            guard expected == 0 || snappy_uncompress(input.baseAddress, input.count, output.baseAddress, &produced) == SNAPPY_OK,
                  produced == expected else { return "SNAPPY data is damaged" }
            return nil
        case .gzip:
            return inflate(input, into: output)
        case .zstd:
            let produced = ZSTD_decompress(output.baseAddress, expected, input.baseAddress, input.count)
            if ZSTD_isError(produced) != 0 {
                return "ZSTD data: " + String(cString: ZSTD_getErrorName(produced))
                    + (ZSTD_getFrameContentSize(input.baseAddress, input.count) > UInt64(expected)
                        ? " (it decodes to more than the \(expected) bytes the page header says)" : "")
            }
            guard produced == expected else { return "ZSTD data decodes to \(produced) bytes, the page header says \(expected)" }
            return nil
        case .lz4Raw:
            return lz4Block(input, into: output)
        case .lz4:
            // The deprecated LZ4 codec: Hadoop's framing (big-endian sizes before each
            // block) as older writers produced, else a bare block as some others did.
            if hadoopLz4(input, into: output) { return nil }
            return lz4Block(input, into: output)
        case .lzo, .brotli:
            return "\(name) compression is not supported"
        }
    }

    private func lz4Block(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> String? {
        guard input.count <= Int(Int32.max), output.count <= Int(Int32.max) else { return "an LZ4 page over 2 GiB" }
        if output.isEmpty { return input.count <= 1 ? nil : "LZ4 data for an empty page" }
        let produced = input.baseAddress.map {
            LZ4_decompress_safe($0.assumingMemoryBound(to: CChar.self), output.baseAddress!.assumingMemoryBound(to: CChar.self),
                                Int32(input.count), Int32(output.count))
        } ?? -1
        guard produced >= 0 else { return "LZ4 data is damaged" }
        guard Int(produced) == output.count else { return "LZ4 data decodes to \(produced) bytes, the page header says \(output.count)" }
        return nil
    }

    private func hadoopLz4(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Bool {
        var position = 0, written = 0
        func bigEndian(_ at: Int) -> Int {
            Int(input[at]) << 24 | Int(input[at + 1]) << 16 | Int(input[at + 2]) << 8 | Int(input[at + 3])
        }
        while position < input.count {
            guard input.count - position >= 8 else { return false }
            let decompressed = bigEndian(position), compressed = bigEndian(position + 4)
            position += 8
            guard compressed <= input.count - position, decompressed <= output.count - written else { return false }
            let block = UnsafeRawBufferPointer(rebasing: input[position..<(position + compressed)])
            let target = UnsafeMutableRawBufferPointer(rebasing: output[written..<(written + decompressed)])
            guard lz4Block(block, into: target) == nil else { return false }
            position += compressed
            written += decompressed
        }
        return written == output.count
    }

    /// A gzip (or zlib) stream with zlib, to exactly `output.count` bytes.
    private func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> String? {
        var stream = z_stream()
        // 15 + 32: a window of 32 KiB, gzip or zlib header told by the first bytes.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return "zlib could not start"
        }
        defer { inflateEnd(&stream) }
        var consumed = 0, produced = 0
        // Writers may concatenate gzip members; each is inflated in turn.
        while true {
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + consumed })
            stream.avail_in = UInt32(clamping: input.count - consumed)
            stream.next_out = output.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + produced }
            stream.avail_out = UInt32(clamping: output.count - produced)
            let status = CZlib.inflate(&stream, Z_FINISH)
            consumed = input.count - Int(stream.avail_in)
            produced = output.count - Int(stream.avail_out)
            if status == Z_STREAM_END {
                if consumed >= input.count || input[consumed] != 0x1F { break }
                inflateReset(&stream)
                continue
            }
            if status == Z_BUF_ERROR && stream.avail_out == 0 { return "GZIP data decodes to more than the \(output.count) bytes the page header says" }
            return "GZIP data is damaged (zlib status \(status))"
        }
        guard produced == output.count else { return "GZIP data decodes to \(produced) bytes, the page header says \(output.count)" }
        return nil
    }

    /// The CRC-32 (gzip's polynomial) of a page's bytes as stored, which a page header may carry.
    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return 0 }
        var crc: UInt = 0
        var offset = 0
        while offset < bytes.count {
            let n = min(bytes.count - offset, Int(UInt32.max))
            crc = CZlib.crc32(crc, base.assumingMemoryBound(to: UInt8.self) + offset, UInt32(n))
            offset += n
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
