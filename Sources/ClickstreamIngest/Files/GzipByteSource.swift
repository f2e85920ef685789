import ClickstreamCore
import CZlib

/// The decompressed bytes of a gzip file (or a pipe), inflated by zlib as the reader pulls
/// them: memory stays at one compressed block and zlib's window whatever the file's
/// uncompressed size. Concatenated gzip members (what `cat a.gz b.gz` makes) read as one
/// stream. A stream that ends before its last member does, or that holds bytes zlib cannot
/// inflate, is an error naming the compressed byte offset: never a partial result.
///
/// Detected by the magic bytes `1F 8B` (`EventSources`), not by the file name. The only
/// file that touches zlib; the stream is freed with the source.
final class GzipByteSource: ByteSource {
    private let file: FileByteSource
    private var stream = z_stream()
    private let input: UnsafeMutablePointer<UInt8>
    private static let inputSize = 1 << 18
    /// Compressed bytes consumed so far (the offset errors name).
    private var consumed = 0
    private var finished = false
    /// A member ended and no input followed yet: the next read decides whether another
    /// member starts or the file ends there.
    private var betweenMembers = false
    /// Bytes read from the file before this source took over (the magic bytes looked at).
    private var pending: [UInt8]

    /// Inflates `file`, whose first bytes, already read, are `prefix`.
    init(_ file: FileByteSource, prefix: [UInt8]) throws(ClickstreamError) {
        self.file = file
        pending = prefix
        input = .allocate(capacity: Self.inputSize)
        // 15 + 16: a gzip wrapper, the largest window.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            input.deallocate()
            throw .io(path: file.path, message: "cannot start decompressing (zlib)")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    /// Compressed bytes read from the file.
    var compressedBytes: Int { consumed }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ClickstreamError) -> Int {
        guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        stream.next_out = out.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
        while stream.avail_out > 0 {
            if stream.avail_in == 0 {
                let n = try refill()
                if n == 0 {
                    if betweenMembers {
                        finished = true
                        break
                    }
                    throw .io(path: file.path, message: "the gzip stream ends early at byte \(consumed) (a truncated file?); nothing was published")
                }
            }
            if betweenMembers {
                // More bytes after a complete member: the next member.
                guard inflateReset(&stream) == Z_OK else { throw .io(path: file.path, message: "cannot read the next gzip member (zlib)") }
                betweenMembers = false
            }
            let before = Int(stream.avail_in)
            let status = inflate(&stream, Z_NO_FLUSH)
            consumed += before - Int(stream.avail_in)
            switch status {
            case Z_STREAM_END:
                betweenMembers = true
                if stream.avail_in == 0 { continue }
            case Z_OK, Z_BUF_ERROR:
                continue
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "code \(status)"
                throw .io(path: file.path, message: "invalid gzip data near byte \(consumed) (\(detail)); nothing was published")
            }
        }
        return buffer.count - Int(stream.avail_out)
    }

    /// The next compressed bytes: first those already read, then the file's.
    private func refill() throws(ClickstreamError) -> Int {
        var n = 0
        if !pending.isEmpty {
            n = min(pending.count, Self.inputSize)
            for index in 0..<n { input[index] = pending[index] }
            pending.removeFirst(n)
        } else {
            n = try file.read(into: UnsafeMutableRawBufferPointer(start: input, count: Self.inputSize))
        }
        stream.next_in = input
        stream.avail_in = UInt32(n)
        return n
    }
}
