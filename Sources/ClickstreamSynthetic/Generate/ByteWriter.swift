import ClickstreamCore
import Foundation
import Glibc

/// A buffered writer of bytes to a file descriptor, with allocation-free integer
/// formatting. Used where millions of rows are written (`generate`, `inject`).
final class ByteWriter {
    private let descriptor: Int32
    private let path: String
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    private var ownsDescriptor: Bool

    /// Opens (creating or truncating) `path` for writing, creating missing parent folders.
    init(path: String, capacity: Int = 1 << 20) throws(ClickstreamError) {
        var fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 && errno == ENOENT {
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
            try? FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw .io(path: path, message: "cannot create: \(errnoText())") }
        descriptor = fd
        ownsDescriptor = true
        self.path = path
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        if ownsDescriptor { _ = Glibc.close(descriptor) }
    }

    @inline(__always)
    func ensure(_ bytes: Int) throws(ClickstreamError) {
        if count + bytes > capacity { try flush() }
    }

    @inline(__always)
    func byte(_ b: UInt8) {
        buffer[count] = b
        count &+= 1
    }

    /// Appends raw bytes (any length).
    func write(_ bytes: UnsafeRawBufferPointer) throws(ClickstreamError) {
        var rest = bytes
        while !rest.isEmpty {
            if count == capacity { try flush() }
            let n = min(rest.count, capacity - count)
            UnsafeMutableRawPointer(buffer + count).copyMemory(from: rest.baseAddress!, byteCount: n)
            count += n
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
    }

    func write(_ text: String) throws(ClickstreamError) {
        try write(Array(text.utf8))
    }

    func write(_ bytes: [UInt8]) throws(ClickstreamError) {
        for byte in bytes {
            if count == capacity { try flush() }
            self.byte(byte)
        }
    }

    /// Appends a non-negative integer in decimal. Caller has ensured 20 bytes of room.
    @inline(__always)
    func decimal(_ value: Int64) {
        var v = UInt64(bitPattern: value)
        if v == 0 { byte(0x30); return }
        var digits = 0
        var probe = v
        while probe > 0 { probe /= 10; digits &+= 1 }
        var i = count &+ digits &- 1
        while v > 0 {
            buffer[i] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
            v /= 10
            i &-= 1
        }
        count &+= digits
    }

    /// Appends the UTF-8 bytes of a short ASCII word. Caller has ensured room.
    @inline(__always)
    func ascii(_ word: StaticBytes) {
        for b in word.bytes { byte(b) }
    }

    func flush() throws(ClickstreamError) {
        var offset = 0
        while offset < count {
            let n = Glibc.write(descriptor, buffer + offset, count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, message: "write failed: \(errnoText())")
            }
            offset += n
        }
        count = 0
    }

    /// Flushes and closes; errors from `close` are reported (a full disk can surface there).
    func close() throws(ClickstreamError) {
        try flush()
        ownsDescriptor = false
        if Glibc.close(descriptor) != 0 { throw .io(path: path, message: "close failed: \(errnoText())") }
    }
}

/// A short ASCII word stored as bytes once, for writing without `String` work per row.
struct StaticBytes: Sendable {
    let bytes: [UInt8]
    init(_ text: String) { bytes = Array(text.utf8) }
}
