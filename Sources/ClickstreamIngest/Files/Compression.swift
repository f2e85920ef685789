import ClickstreamCore

/// The compressions recognised by their first bytes.
enum Compression {
    /// gzip: `1F 8B`.
    static func isGzip(_ bytes: some Collection<UInt8>) -> Bool { bytes.starts(with: [0x1F, 0x8B]) }

    /// zstd: `28 B5 2F FD` (a frame's magic number, little-endian).
    static func isZstd(_ bytes: some Collection<UInt8>) -> Bool { bytes.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) }

    /// Either.
    static func isCompressed(_ bytes: some Collection<UInt8>) -> Bool { isGzip(bytes) || isZstd(bytes) }

    /// Bytes `peek` looks at: the longest magic.
    static let magicBytes = 4

    /// The first bytes of `file` without consuming them when it is a regular file; from a
    /// pipe they are read, and returned for the reader to get back.
    static func peek(_ file: FileByteSource) throws(ClickstreamError) -> (bytes: [UInt8], consumed: Bool) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: magicBytes, alignment: 1)
        defer { buffer.deallocate() }
        var count = 0
        while count < magicBytes {
            let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[count...])
            let n = file.isRegular ? try file.read(at: count, into: rest) : try file.read(into: rest)
            if n == 0 { break }
            count += n
        }
        return (Array(buffer[..<count]), !file.isRegular)
    }
}
