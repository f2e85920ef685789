import CLz4
import CSnappy
import CZlib
import CZstd
import ClickstreamCore

/// The compressions a Kafka producer may give a record batch (the batch attributes' low
/// three bits), each through Debian's library: gzip (zlib), snappy (libsnappy; the Java
/// client's xerial framing or a bare block), LZ4 (liblz4's frame format) and zstd
/// (libzstd). A batch's records may decode to at most `limit` bytes: a batch claiming more
/// is damaged or a bomb, and an error.
enum KafkaCompression: Int {
    case none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4

    static let limit = 256 << 20

    var name: String { ["none", "gzip", "snappy", "lz4", "zstd"][rawValue] }

    /// The records' bytes, or why they cannot be had.
    func decompress(_ input: UnsafeRawBufferPointer) -> Result<[UInt8], KafkaBatchProblem> {
        switch self {
        case .none: return .success(Array(input))
        case .gzip: return Self.inflate(input)
        case .snappy: return Self.snappy(input)
        case .lz4: return Self.lz4Frame(input)
        case .zstd: return Self.zstd(input)
        }
    }

    /// Grows `output` for a decoder that does not know its size, up to `limit`.
    private static func grow(_ output: inout [UInt8], used: Int) -> Bool {
        guard output.count < limit else { return false }
        output.append(contentsOf: repeatElement(0, count: min(max(output.count, 1 << 16), limit - output.count)))
        return used <= output.count
    }

    private static func inflate(_ input: UnsafeRawBufferPointer) -> Result<[UInt8], KafkaBatchProblem> {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return .failure(KafkaBatchProblem("zlib could not start"))
        }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: max(input.count * 4, 1 << 16))
        var produced = 0
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.avail_in = UInt32(clamping: input.count)
        while true {
            let status: Int32 = output.withUnsafeMutableBytes { out in
                stream.next_out = out.baseAddress!.assumingMemoryBound(to: UInt8.self) + produced
                stream.avail_out = UInt32(clamping: out.count - produced)
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                produced = out.count - Int(stream.avail_out)
                return status
            }
            if status == Z_STREAM_END { break }
            guard status == Z_OK || status == Z_BUF_ERROR else { return .failure(KafkaBatchProblem("gzip data is damaged (zlib status \(status))")) }
            if stream.avail_out == 0 {
                guard grow(&output, used: produced) else { return .failure(KafkaBatchProblem("gzip data decodes to more than \(limit >> 20) MiB")) }
            } else if stream.avail_in == 0 {
                return .failure(KafkaBatchProblem("gzip data ends early"))
            }
        }
        output.removeSubrange(produced...)
        return .success(output)
    }

    /// One snappy block, its length read from its own header and checked before anything is allocated.
    private static func snappyBlock(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) -> KafkaBatchProblem? {
        var length = 0
        guard snappy_uncompressed_length(input.baseAddress, input.count, &length) == SNAPPY_OK else {
            return KafkaBatchProblem("snappy data is damaged (no valid length)")
        }
        guard length <= limit - output.count, length <= input.count * 32 + 64 else { return KafkaBatchProblem("snappy data claims \(length) bytes") }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: length))
        var produced = length
        let status = output.withUnsafeMutableBytes { snappy_uncompress(input.baseAddress, input.count, $0.baseAddress! + start, &produced) }
        guard status == SNAPPY_OK, produced == length else { return KafkaBatchProblem("snappy data is damaged") }
        return nil
    }

    /// The xerial framing of the Java client (a magic, two version numbers, then blocks each
    /// after its big-endian length), or a bare snappy block.
    private static func snappy(_ input: UnsafeRawBufferPointer) -> Result<[UInt8], KafkaBatchProblem> {
        let magic: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00]
        var output: [UInt8] = []
        guard input.count >= 16, Array(input.prefix(8)) == magic else {
            if let problem = snappyBlock(input, into: &output) { return .failure(problem) }
            return .success(output)
        }
        var position = 16
        while position < input.count {
            guard input.count - position >= 4 else { return .failure(KafkaBatchProblem("xerial snappy block ends inside its length")) }
            let length = Int(UInt32(bigEndian: input.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            position += 4
            guard length <= input.count - position else { return .failure(KafkaBatchProblem("xerial snappy block of \(length) bytes, \(input.count - position) left")) }
            if let problem = snappyBlock(UnsafeRawBufferPointer(rebasing: input[position..<position + length]), into: &output) {
                return .failure(problem)
            }
            position += length
        }
        return .success(output)
    }

    private static func lz4Frame(_ input: UnsafeRawBufferPointer) -> Result<[UInt8], KafkaBatchProblem> {
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0, let context else {
            return .failure(KafkaBatchProblem("liblz4 could not start"))
        }
        defer { LZ4F_freeDecompressionContext(context) }
        var output = [UInt8](repeating: 0, count: max(input.count * 4, 1 << 16))
        var produced = 0, consumed = 0
        while true {
            var outSize = output.count - produced
            var inSize = input.count - consumed
            let hint = output.withUnsafeMutableBytes { out in
                LZ4F_decompress(context, out.baseAddress! + produced, &outSize, input.baseAddress.map { $0 + consumed }, &inSize, nil)
            }
            guard LZ4F_isError(hint) == 0 else { return .failure(KafkaBatchProblem("lz4 data: " + String(cString: LZ4F_getErrorName(hint)))) }
            produced += outSize
            consumed += inSize
            if hint == 0 { break }
            if produced == output.count {
                guard grow(&output, used: produced) else { return .failure(KafkaBatchProblem("lz4 data decodes to more than \(limit >> 20) MiB")) }
            } else if consumed == input.count {
                return .failure(KafkaBatchProblem("lz4 data ends early"))
            }
        }
        output.removeSubrange(produced...)
        return .success(output)
    }

    private static func zstd(_ input: UnsafeRawBufferPointer) -> Result<[UInt8], KafkaBatchProblem> {
        guard let stream = ZSTD_createDStream() else { return .failure(KafkaBatchProblem("libzstd could not start")) }
        defer { ZSTD_freeDStream(stream) }
        ZSTD_initDStream(stream)
        var output = [UInt8](repeating: 0, count: max(input.count * 4, 1 << 16))
        var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var produced = 0
        while true {
            let hint = output.withUnsafeMutableBytes { out in
                var target = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: produced)
                let hint = ZSTD_decompressStream(stream, &target, &source)
                produced = target.pos
                return hint
            }
            guard ZSTD_isError(hint) == 0 else { return .failure(KafkaBatchProblem("zstd data: " + String(cString: ZSTD_getErrorName(hint)))) }
            if hint == 0 && source.pos == source.size { break }
            if produced == output.count {
                guard grow(&output, used: produced) else { return .failure(KafkaBatchProblem("zstd data decodes to more than \(limit >> 20) MiB")) }
            } else if source.pos == source.size {
                if hint == 0 { break }
                return .failure(KafkaBatchProblem("zstd data ends early"))
            }
        }
        output.removeSubrange(produced...)
        return .success(output)
    }
}

/// Why a record batch cannot be read (it is then reported at its partition and offset).
struct KafkaBatchProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
