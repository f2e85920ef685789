import Synchronization

/// How far the long work in progress (a read, a generation) has come: bytes, records and
/// files, against the totals announced when it began. Readers add to it once per block (an
/// atomic add per MB, nothing per row), the generator once per day; a progress display
/// samples it from another thread.
///
/// The command that shows progress makes one and hands it to the work
/// (`IngestOptions.progress`, `DatasetGenerator.progress`); work without one counts nothing.
public final class ProgressMeter: Sendable, Equatable {
    public init() {}

    /// Two meters are equal when they are the same meter.
    public static func == (a: ProgressMeter, b: ProgressMeter) -> Bool { a === b }

    private let bytes = Atomic<Int>(0)
    private let records = Atomic<Int>(0)
    private let files = Atomic<Int>(0)
    private let totalBytes = Atomic<Int>(0)
    private let totalFiles = Atomic<Int>(0)
    private let totalRecords = Atomic<Int>(0)

    /// A consistent-enough reading of the counters.
    public struct Reading: Sendable, Equatable {
        public var bytes: Int
        public var records: Int
        public var files: Int
        public var totalBytes: Int
        public var totalFiles: Int
        /// 0 when unknown (a read knows its bytes, a generation its events).
        public var totalRecords: Int

        public init(bytes: Int, records: Int, files: Int, totalBytes: Int, totalFiles: Int, totalRecords: Int = 0) {
            self.bytes = bytes
            self.records = records
            self.files = files
            self.totalBytes = totalBytes
            self.totalFiles = totalFiles
            self.totalRecords = totalRecords
        }
    }

    public var reading: Reading {
        Reading(bytes: bytes.load(ordering: .relaxed), records: records.load(ordering: .relaxed),
                files: files.load(ordering: .relaxed), totalBytes: totalBytes.load(ordering: .relaxed),
                totalFiles: totalFiles.load(ordering: .relaxed), totalRecords: totalRecords.load(ordering: .relaxed))
    }

    /// New work begins: a read of `files` files holding `bytes` bytes, or the making of
    /// `records` records.
    package func begin(files count: Int = 0, bytes size: Int = 0, records expected: Int = 0) {
        bytes.store(0, ordering: .relaxed)
        records.store(0, ordering: .relaxed)
        files.store(0, ordering: .relaxed)
        totalBytes.store(size, ordering: .relaxed)
        totalFiles.store(count, ordering: .relaxed)
        totalRecords.store(expected, ordering: .relaxed)
    }

    package func add(bytes n: Int) { bytes.wrappingAdd(n, ordering: .relaxed) }
    package func add(records n: Int) { records.wrappingAdd(n, ordering: .relaxed) }
    /// A file is done (read, or taken from the cache with its `size` bytes and `count` records).
    package func fileDone(skippedBytes size: Int = 0, records count: Int = 0) {
        files.wrappingAdd(1, ordering: .relaxed)
        if size > 0 { bytes.wrappingAdd(size, ordering: .relaxed) }
        if count > 0 { records.wrappingAdd(count, ordering: .relaxed) }
    }
}
