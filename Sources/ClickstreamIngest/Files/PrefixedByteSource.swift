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

/// The compressions recognised by their first bytes.
enum Compression {
    /// gzip: `1F 8B`.
    static func isGzip(_ bytes: some Collection<UInt8>) -> Bool { bytes.starts(with: [0x1F, 0x8B]) }

    /// The first bytes of `file` without consuming them when it is a regular file; from a
    /// pipe they are read, and returned for the reader to get back.
    static func peek(_ file: FileByteSource) throws(ClickstreamError) -> (bytes: [UInt8], consumed: Bool) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 2, alignment: 1)
        defer { buffer.deallocate() }
        var count = 0
        while count < 2 {
            let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[count...])
            let n = file.isRegular ? try file.read(at: count, into: rest) : try file.read(into: rest)
            if n == 0 { break }
            count += n
        }
        return (Array(buffer[..<count]), !file.isRegular)
    }
}
