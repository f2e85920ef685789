import Synchronization

/// How far the read in progress has come: bytes, records and files, against the totals
/// announced when it began. Readers add to it once per block (an atomic add per MB, nothing
/// per row); a progress display samples it from another thread.
///
/// One meter serves the whole process (`shared`): a run reads one set of inputs at a time,
/// and threads that read chunks or files need no reference handed down to them.
public final class IngestMeter: Sendable {
    public static let shared = IngestMeter()

    private let bytes = Atomic<Int>(0)
    private let records = Atomic<Int>(0)
    private let files = Atomic<Int>(0)
    private let totalBytes = Atomic<Int>(0)
    private let totalFiles = Atomic<Int>(0)

    /// A consistent-enough reading of the counters.
    public struct Reading: Sendable, Equatable {
        public var bytes: Int
        public var records: Int
        public var files: Int
        public var totalBytes: Int
        public var totalFiles: Int

        public init(bytes: Int, records: Int, files: Int, totalBytes: Int, totalFiles: Int) {
            self.bytes = bytes
            self.records = records
            self.files = files
            self.totalBytes = totalBytes
            self.totalFiles = totalFiles
        }
    }

    public var reading: Reading {
        Reading(bytes: bytes.load(ordering: .relaxed), records: records.load(ordering: .relaxed),
                files: files.load(ordering: .relaxed), totalBytes: totalBytes.load(ordering: .relaxed),
                totalFiles: totalFiles.load(ordering: .relaxed))
    }

    /// A new read of `files` files holding `bytes` bytes begins.
    func begin(files count: Int, bytes size: Int) {
        bytes.store(0, ordering: .relaxed)
        records.store(0, ordering: .relaxed)
        files.store(0, ordering: .relaxed)
        totalBytes.store(size, ordering: .relaxed)
        totalFiles.store(count, ordering: .relaxed)
    }

    func add(bytes n: Int) { bytes.wrappingAdd(n, ordering: .relaxed) }
    func add(records n: Int) { records.wrappingAdd(n, ordering: .relaxed) }
    /// A file is done (read, or taken from the cache with its `size` bytes and `count` records).
    func fileDone(skippedBytes size: Int = 0, records count: Int = 0) {
        files.wrappingAdd(1, ordering: .relaxed)
        if size > 0 { bytes.wrappingAdd(size, ordering: .relaxed) }
        if count > 0 { records.wrappingAdd(count, ordering: .relaxed) }
    }
}
