import ClickstreamCore

/// A pipe's bytes after a few of them were read to look at (the magic bytes of a
/// compressed stream): those first, then the rest of the file.
final class PrefixedByteSource: ByteSource {
    private let file: FileByteSource
    private var prefix: [UInt8]

    init(_ file: FileByteSource, prefix: [UInt8]) {
        self.file = file
        self.prefix = prefix
    }

    /// Bytes handed out from the file itself (the prefix's are counted in it too).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ClickstreamError) -> Int {
        guard !prefix.isEmpty else { return try file.read(into: buffer) }
        let n = min(prefix.count, buffer.count)
        buffer.copyBytes(from: prefix[..<n])
        prefix.removeFirst(n)
        return n
    }
}
