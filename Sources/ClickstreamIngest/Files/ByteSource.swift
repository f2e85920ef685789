import ClickstreamCore
import Glibc

/// Something the CSV reader pulls bytes from: a file, or memory (tests, the fuzzer).
public protocol ByteSource {
    /// Fills the start of `buffer`; returns the number of bytes read, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(ClickstreamError) -> Int
}

/// Reads a file with plain `read(2)` calls into the reader's own block buffer, so memory
/// stays at the block size whatever the file size (a memory map would count every page
/// of the file in the process's resident size).
///
/// A file is opened once: readers of its chunks share the descriptor (`pread`), the
/// content hash is taken while it is read, and `verifyUnchanged()` compares the file with
/// what it was at the open, so a pipe, a FIFO or `<(…)` is read once and recorded as it
/// was, and a file written to during the read is an error, not a partial result.
///
/// `@unchecked Sendable`: a source is read by one thread at a time; what other threads
/// take from it (`init(sharing:range:)`) is immutable, and `pread` needs no shared position.
public final class FileByteSource: ByteSource, @unchecked Sendable {
    public let path: String
    private let file: OpenFile
    /// Size of the file when it was opened (0 for a pipe or FIFO).
    public let size: Int
    /// A regular file (it can be read in chunks, cached and checked for changes).
    public let isRegular: Bool
    /// Bytes still to read, when reading a range of the file (`pread`), else nil.
    private var range: Range<Int>?
    /// Whether sequential reads feed `hash`.
    private let hashing: Bool
    /// Hash and count of the bytes read sequentially (when `hashing`).
    private(set) var hash = ContentHash()

    var descriptor: Int32 { file.descriptor }

    /// Opens `path`; `hashing` takes the content hash while the file is read sequentially.
    public init(path: String, hashing: Bool = false) throws(ClickstreamError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw .io(path: path, message: errno == ENOENT ? "no such file" : "cannot open: \(errnoText())")
        }
        file = OpenFile(descriptor: fd)
        guard let identity = FileIdentity(descriptor: fd) else { throw .io(path: path, message: "cannot read: \(errnoText())") }
        guard !identity.isDirectory else { throw .io(path: path, message: "is a directory, expected a CSV file") }
        self.path = path
        size = identity.isRegular ? identity.size : 0
        isRegular = identity.isRegular
        opened = identity
        self.hashing = hashing
        #if os(Linux)
        if isRegular { _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) }
        #endif
    }

    /// A reader of `range` of the same open file (chunks of one file on several cores).
    init(sharing other: FileByteSource, range: Range<Int>) {
        path = other.path
        file = other.file
        size = other.size
        isRegular = other.isRegular
        opened = other.opened
        hashing = false
        self.range = range
    }

    /// What the file was when opened.
    private let opened: FileIdentity

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ClickstreamError) -> Int {
        while true {
            let n: Int
            if let range {
                n = pread(descriptor, buffer.baseAddress, min(buffer.count, range.count), off_t(range.lowerBound))
                if n > 0 { self.range = range.lowerBound + n..<range.upperBound }
            } else {
                n = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
                if n > 0 && hashing { hash.add(UnsafeRawBufferPointer(rebasing: buffer[..<n])) }
            }
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw .io(path: path, message: "read failed: \(errnoText())")
        }
    }

    /// Throws when the file changed since it was opened: another size or modification time,
    /// or, read to its end, fewer bytes than it had (truncated under us).
    public func verifyUnchanged(bytesRead: Int? = nil) throws(ClickstreamError) {
        guard isRegular else { return }
        guard let now = FileIdentity(descriptor: descriptor) else { throw .io(path: path, message: "cannot read: \(errnoText())") }
        if now.size != opened.size || now.modified != opened.modified {
            throw .io(path: path, message: "changed while being read (\(opened.size) bytes when opened, \(now.size) now"
                + (now.modified != opened.modified ? ", modified since" : "") + "); nothing was published: read it again once the writer is done")
        }
        if let bytesRead, bytesRead != opened.size {
            throw .io(path: path, message: "read \(bytesRead) of its \(opened.size) bytes: changed while being read; nothing was published")
        }
    }

    /// The file as the provenance footer lists it, from the sequential read's hash.
    var described: InputFile { InputFile(path: path, bytes: hash.count, hash: hash.hex) }

    /// Size and hash of the whole file read again through the same descriptor (a file read
    /// in chunks), without moving any reader's position.
    func describeByRereading() throws(ClickstreamError) -> InputFile {
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        defer { block.deallocate() }
        var hash = ContentHash()
        var offset = 0
        while true {
            let n = try read(at: offset, into: block)
            if n == 0 { break }
            hash.add(UnsafeRawBufferPointer(rebasing: block[..<n]))
            offset += n
        }
        return InputFile(path: path, bytes: hash.count, hash: hash.hex)
    }
}

/// An open descriptor, closed when the last reader sharing it is gone.
private final class OpenFile: @unchecked Sendable {
    let descriptor: Int32
    init(descriptor: Int32) { self.descriptor = descriptor }
    deinit { _ = close(descriptor) }
}

/// What `fstat` says of an open file: kind, size and the times a writer changes.
struct FileIdentity {
    var isRegular: Bool
    var isDirectory: Bool
    var size: Int
    var modified: Int64
    var changed: Int64
    var inode: UInt64

    init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        isRegular = (info.st_mode & S_IFMT) == S_IFREG
        isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
        size = Int(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctim.tv_nsec)
        inode = UInt64(info.st_ino)
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
