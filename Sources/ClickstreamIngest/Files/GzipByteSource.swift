import ClickstreamCore
import CIsal

/// The decompressed bytes of a gzip file (or a pipe), inflated by ISA-L as the reader
/// pulls them: memory stays at one compressed block and the inflate state (about 40 kB)
/// whatever the file's uncompressed size. ISA-L parses each member's header and checks its
/// CRC-32 and length. Concatenated gzip members (what `cat a.gz b.gz` makes) read as one
/// stream. A stream that ends before its last member does, or that holds bytes ISA-L
/// cannot inflate or whose checksum fails, is an error naming the compressed byte offset:
/// never a partial result.
///
/// Detected by the magic bytes `1F 8B` (`EventSources`), not by the file name. The only
/// file that touches ISA-L (chosen over zlib by measurement: bench/compressed.py). The
/// state lives in a heap block of its own, freed with the source.
///
/// `@unchecked Sendable`: one thread reads it at a time, the reader or the read-ahead
/// thread (`ReadAheadByteSource`), which hands it back through a semaphore.
final class GzipByteSource: ByteSource, @unchecked Sendable {
    private var input: CompressedInput
    private var file: FileByteSource { input.file }
    private let state: UnsafeMutablePointer<inflate_state>
    /// Compressed bytes consumed so far (the offset errors name).
    private var consumed = 0
    private var finished = false
    /// A member ended and no input followed yet: the next read decides whether another
    /// member starts or the file ends there.
    private var betweenMembers = false
    /// Inflates `file`, whose first bytes, already read, are `prefix`.
    init(_ file: FileByteSource, prefix: [UInt8]) throws(ClickstreamError) {
        input = CompressedInput(file, prefix: prefix, capacity: 1 << 18)
        state = .allocate(capacity: 1)
        state.initialize(to: inflate_state())
        Self.start(state)
    }

    deinit {
        state.deallocate()
        input.deallocate()
    }

    /// Readies `state` for a gzip member: its header parsed, its CRC-32 and size checked.
    private static func start(_ state: UnsafeMutablePointer<inflate_state>) {
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
    }

    /// Compressed bytes read from the file.
    var compressedBytes: Int { consumed }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ClickstreamError) -> Int {
        guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        state.pointee.next_out = out.assumingMemoryBound(to: UInt8.self)
        state.pointee.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
        while state.pointee.avail_out > 0 {
            if state.pointee.avail_in == 0 {
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
                // More bytes after a complete member: the next member, into the same buffers.
                let (nextIn, availableIn) = (state.pointee.next_in, state.pointee.avail_in)
                let (nextOut, availableOut) = (state.pointee.next_out, state.pointee.avail_out)
                Self.start(state)
                (state.pointee.next_in, state.pointee.avail_in) = (nextIn, availableIn)
                (state.pointee.next_out, state.pointee.avail_out) = (nextOut, availableOut)
                betweenMembers = false
            }
            let before = Int(state.pointee.avail_in)
            let status = isal_inflate(state)
            consumed += before - Int(state.pointee.avail_in)
            guard status == ISAL_DECOMP_OK else {
                throw .io(path: file.path, message: "invalid gzip data near byte \(consumed) (\(Self.words(status))); nothing was published")
            }
            if state.pointee.block_state == ISAL_BLOCK_FINISH { betweenMembers = true }
        }
        return buffer.count - Int(state.pointee.avail_out)
    }

    /// What an ISA-L status means.
    private static func words(_ status: Int32) -> String {
        switch status {
        case ISAL_INVALID_BLOCK: "an invalid deflate block"
        case ISAL_INVALID_SYMBOL: "an invalid deflate symbol"
        case ISAL_INVALID_LOOKBACK: "a distance before the start of the data"
        case ISAL_INVALID_WRAPPER: "an invalid gzip header"
        case ISAL_UNSUPPORTED_METHOD: "a compression method other than deflate"
        case ISAL_INCORRECT_CHECKSUM: "the CRC-32 or size in the member's trailer does not match"
        default: "ISA-L status \(status)"
        }
    }

    /// The next compressed block, handed to ISA-L.
    private func refill() throws(ClickstreamError) -> Int {
        let n = try input.next()
        state.pointee.next_in = input.block
        state.pointee.avail_in = UInt32(n)
        return n
    }
}
