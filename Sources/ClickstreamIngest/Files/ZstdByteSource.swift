import ClickstreamCore
import CZstd

/// The decompressed bytes of a zstd file (or a pipe), decompressed by libzstd as the reader
/// pulls them: memory stays at one compressed block and the frame's window (libzstd's
/// default limit, 128 MiB, refuses larger windows) whatever the uncompressed size.
/// Concatenated frames read as one stream. A stream that ends inside a frame, or holds
/// bytes libzstd cannot decode, is an error naming the compressed byte offset: never a
/// partial result.
///
/// Detected by the magic bytes `28 B5 2F FD`, not the file name. The only file that
/// touches libzstd; the context is freed with the source.
///
/// `@unchecked Sendable`: one thread reads it at a time, the reader or the read-ahead
/// thread (`ReadAheadByteSource`), which hands it back through a semaphore.
final class ZstdByteSource: ByteSource, @unchecked Sendable {
    private var input: CompressedInput
    private var file: FileByteSource { input.file }
    private let context: OpaquePointer
    private var inBuffer = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
    /// Compressed bytes consumed so far (the offset errors name).
    private var consumed = 0
    /// 0 when the last frame is complete (the file may end there).
    private var frameOpen = 0
    private var finished = false
    /// Decompresses `file`, whose first bytes, already read, are `prefix`.
    init(_ file: FileByteSource, prefix: [UInt8]) throws(ClickstreamError) {
        guard let context = ZSTD_createDCtx() else { throw .io(path: file.path, message: "cannot start decompressing (zstd)") }
        self.context = context
        input = CompressedInput(file, prefix: prefix, capacity: ZSTD_DStreamInSize())
    }

    deinit {
        ZSTD_freeDCtx(context)
        input.deallocate()
    }

    /// Compressed bytes read from the file.
    var compressedBytes: Int { consumed }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ClickstreamError) -> Int {
        guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var output = ZSTD_outBuffer(dst: out, size: buffer.count, pos: 0)
        while output.pos < output.size {
            if inBuffer.pos == inBuffer.size {
                if try refill() == 0 {
                    if frameOpen == 0 {
                        finished = true
                        break
                    }
                    throw .io(path: file.path, message: "the zstd stream ends early at byte \(consumed) (a truncated file?); nothing was published")
                }
            }
            let before = inBuffer.pos
            let hint = ZSTD_decompressStream(context, &output, &inBuffer)
            consumed += inBuffer.pos - before
            if ZSTD_isError(hint) != 0 {
                let detail = String(cString: ZSTD_getErrorName(hint))
                throw .io(path: file.path, message: "invalid zstd data near byte \(consumed) (\(detail)); nothing was published")
            }
            frameOpen = hint
            // A full output with input left: the caller reads again.
        }
        return output.pos
    }

    /// The next compressed block, handed to libzstd.
    private func refill() throws(ClickstreamError) -> Int {
        let n = try input.next()
        inBuffer = ZSTD_inBuffer(src: input.block, size: n, pos: 0)
        return n
    }
}
