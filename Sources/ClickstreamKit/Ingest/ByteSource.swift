import Glibc

/// Something the CSV reader pulls bytes from: a file, or memory (tests, the fuzzer).
public protocol ByteSource {
    /// Fills the start of `buffer`; returns the number of bytes read, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ClickstreamError) -> Int
}

/// Reads a file with plain `read(2)` calls into the reader's own block buffer, so memory
/// stays at the block size whatever the file size (a memory map would count every page
/// of the file in the process's resident size).
public final class FileByteSource: ByteSource {
    public let path: String
    fileprivate let descriptor: Int32
    /// Size of the file when it was opened.
    public let size: Int

    /// Bytes still to read, when reading a range of the file (`pread`), else nil.
    private var range: Range<Int>?

    /// Opens `path` to read the bytes in `range` (the whole file when nil).
    public convenience init(path: String, range: Range<Int>) throws(ClickstreamError) {
        try self.init(path: path)
        self.range = range
    }

    public init(path: String) throws(ClickstreamError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .io(path: path, message: errno == ENOENT ? "no such file" : "cannot read: \(errnoText())")
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw .io(path: path, message: "is a directory, expected a CSV file") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, message: "cannot open: \(errnoText())") }
        descriptor = fd
        self.path = path
        size = Int(info.st_size)
        #if os(Linux)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
    }

    deinit { _ = close(descriptor) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ClickstreamError) -> Int {
        while true {
            let n: Int
            if let range {
                n = pread(descriptor, buffer.baseAddress, min(buffer.count, range.count), off_t(range.lowerBound))
                if n > 0 { self.range = range.lowerBound + n..<range.upperBound }
            } else {
                n = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            }
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw .io(path: path, message: "read failed: \(errnoText())")
        }
    }
}

/// Bytes already in memory, handed out in pieces of at most `chunk` bytes (tests use small
/// pieces to exercise every buffer boundary).
extension FileByteSource {
    /// Reads at an absolute offset without moving the read position.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(ClickstreamError) -> Int {
        while true {
            let n = pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw .io(path: path, message: "read failed: \(errnoText())")
        }
    }
}

public struct MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    private let chunk: Int

    public init(_ bytes: [UInt8], chunk: Int = .max) {
        self.bytes = bytes
        self.chunk = max(1, chunk)
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ClickstreamError) -> Int {
        let n = min(buffer.count, bytes.count - offset, chunk)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}
