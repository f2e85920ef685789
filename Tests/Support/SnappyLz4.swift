import CLz4
import CSnappy

/// snappy- and LZ4-compressed bytes for tests, made by Debian's libraries.
package enum SnappyLz4 {
    /// One bare snappy block.
    package static func snappy(_ bytes: [UInt8]) -> [UInt8] {
        var length = snappy_max_compressed_length(bytes.count)
        var output = [UInt8](repeating: 0, count: length)
        _ = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { snappy_compress(input.baseAddress, input.count, $0.baseAddress, &length) }
        }
        return Array(output[..<length])
    }

    /// The Java client's xerial framing: magic, versions, then blocks of at most `block`
    /// input bytes, each after its big-endian length.
    package static func xerialSnappy(_ bytes: [UInt8], block: Int = 4096) -> [UInt8] {
        var output: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]
        var start = 0
        while start < bytes.count {
            let compressed = snappy(Array(bytes[start..<min(start + block, bytes.count)]))
            output += withUnsafeBytes(of: UInt32(compressed.count).bigEndian, Array.init) + compressed
            start += block
        }
        return output
    }

    /// An LZ4 frame.
    package static func lz4Frame(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: LZ4F_compressFrameBound(bytes.count, nil))
        let written = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { LZ4F_compressFrame($0.baseAddress, $0.count, input.baseAddress, input.count, nil) }
        }
        return Array(output[..<written])
    }
}
