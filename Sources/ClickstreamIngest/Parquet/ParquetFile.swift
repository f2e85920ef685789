import ClickstreamCore
import Glibc

/// An open Parquet file: its footer checked and decoded, the columns the analysis needs
/// found (`ParquetLayout`), and its row groups read on request. Every offset and length
/// read from the file is checked against the file before anything is allocated for it,
/// and a problem is an error naming the file and the byte offset.
///
/// `@unchecked Sendable`: after `init` nothing in it changes; row groups are read with
/// `pread` on the shared descriptor, with buffers local to each call.
final class ParquetFile: @unchecked Sendable {
    let path: String
    let source: FileByteSource
    let size: Int
    let metadata: ParquetMetadata
    let layout: ParquetLayout
    let options: IngestOptions
    /// Where the footer starts (the end of the column data).
    private let footerStart: Int

    /// The most rows a row group may have (some 7 GB of memory to read it; pyarrow writes
    /// 1,048,576 by default).
    static let rowGroupLimit: Int64 = 1 << 26

    static let magic: [UInt8] = Array("PAR1".utf8)
    static let encryptedMagic: [UInt8] = Array("PARE".utf8)

    /// Whether `path` is a regular file that starts with `PAR1` (or `PARE`, encrypted). A
    /// pipe or FIFO is never opened here: its first bytes would be gone, and closing it
    /// would leave its writer without a reader.
    static func hasMagic(_ path: String) -> Bool {
        guard isRegularFile(path), let file = try? FileByteSource(path: path), file.isRegular, file.size >= 4 else { return false }
        var head = [UInt8](repeating: 0, count: 4)
        guard let n = try? head.withUnsafeMutableBytes({ (buffer) throws(ClickstreamError) in try file.read(at: 0, into: buffer) }), n == 4 else {
            return false
        }
        return head == magic || head == encryptedMagic
    }

    /// Whether `path` is a regular file (looked up, never opened).
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    init(path: String, options: IngestOptions) throws(ClickstreamError) {
        self.path = path
        self.options = options
        source = try FileByteSource(path: path)
        guard source.isRegular else { throw .io(path: path, message: "parquet: needs a regular file (its footer is at the end), not a pipe") }
        size = source.size
        @Sendable func fail(_ offset: Int, _ message: String) -> ClickstreamError {
            ClickstreamError(stage: "ingest", path: path, message: "parquet: \(message) (at byte \(offset))")
        }
        guard size >= 12 else { throw fail(0, "a file of \(size) bytes is too short for a Parquet file (magic, footer length, magic)") }
        let head = try Self.bytes(source, at: 0, count: 4)
        let size = self.size
        let tail = try Self.bytes(source, at: size - 8, count: 8)
        if head == Self.encryptedMagic || Array(tail[4...]) == Self.encryptedMagic {
            throw fail(0, "the file is encrypted (PARE), which this reader does not support")
        }
        guard head == Self.magic else { throw fail(0, "expected the magic PAR1 at the start") }
        guard Array(tail[4...]) == Self.magic else { throw fail(size - 4, "expected the magic PAR1 at the end (a truncated file?)") }
        let footerLength = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard footerLength <= size - 12 else {
            throw fail(size - 8, "the footer length \(footerLength) runs past the start of the file (\(size) bytes)")
        }
        let footerStart = size - 8 - footerLength
        self.footerStart = footerStart
        let footer = try Self.bytes(source, at: footerStart, count: footerLength)
        do throws(ParquetFault) {
            metadata = try footer.withBytes { (bytes) throws(ParquetFault) in
                var reader = ThriftCompactReader(bytes, origin: footerStart)
                return try ParquetMetadata(&reader)
            }
        } catch {
            throw fail(error.offset, "the footer is damaged: \(error.message)")
        }
        layout = try ParquetLayout(schema: metadata.schema, path: path, options: options)
        try checkChunks(fail)
    }

    /// Every needed column chunk lies inside the column data and is one this reader reads.
    private func checkChunks(_ fail: (Int, String) -> ClickstreamError) throws(ClickstreamError) {
        let leafCount = metadata.schema.dropFirst().filter { $0.childCount == 0 }.count
        for (number, group) in metadata.rowGroups.enumerated() {
            // Memory follows a row group (about 110 bytes a row): a count read from the file
            // is checked before anything is allocated for it.
            guard group.rowCount <= Self.rowGroupLimit else {
                throw fail(footerStart, "row group \(number) says it has \(group.rowCount) rows, over this reader's limit of \(Self.rowGroupLimit) rows per row group")
            }
            guard group.rowCount >= 0, group.columns.count == leafCount else {
                throw fail(footerStart, "row group \(number) has \(group.columns.count) column chunks, the schema \(leafCount) columns")
            }
            // A row group without rows (pyarrow writes one for an empty table) has nothing to read.
            for leaf in layout.leaves where group.rowCount > 0 {
                let chunk = group.columns[leaf.index]
                let place = "column \(leaf.name), row group \(number)"
                if chunk.encrypted { throw fail(footerStart, "\(place) is encrypted, which this reader does not support") }
                if chunk.externalPath != nil { throw fail(footerStart, "\(place) keeps its data in another file, which this reader does not support") }
                guard chunk.hasMetadata else { throw fail(footerStart, "\(place) has no column metadata") }
                guard chunk.type == leaf.type.rawValue else {
                    throw fail(footerStart, "\(place) says type \(chunk.type), the schema \(leaf.type.name)")
                }
                guard let codec = ParquetCodec(rawValue: chunk.codec), codec.isSupported else {
                    let name = ParquetCodec(rawValue: chunk.codec)?.name ?? "codec \(chunk.codec)"
                    throw fail(footerStart, "\(place) is compressed with \(name), which this reader does not support (it reads UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW and LZ4)")
                }
                let start = chunk.firstPageOffset
                guard start >= 4, chunk.compressedSize >= 0, start <= Int64(footerStart),
                      chunk.compressedSize <= Int64(footerStart) - start else {
                    throw fail(footerStart, "\(place) claims bytes \(start)..<\(start &+ chunk.compressedSize), outside the column data (4..<\(footerStart))")
                }
                guard chunk.valueCount == group.rowCount else {
                    throw fail(footerStart, "\(place) has \(chunk.valueCount) values for \(group.rowCount) rows (a nested column?)")
                }
            }
        }
    }

    /// What one core's run of row groups gave.
    struct Piece: Sendable {
        var result: IngestResult
        var first: Int64
        var last: Int64
    }

    /// Reads the row groups `groups` into `intake`, and adds a summary of their rows to its
    /// report's files. Returns the row state (first and last accepted times).
    @discardableResult
    func read(rowGroups groups: Range<Int>, into intake: inout EventIntake) throws(ClickstreamError) -> ParquetRows {
        var rows = try ParquetRows(path: path, layout: layout, options: intake.options)
        var readers = [Int: ParquetColumnReader]()
        var firstRow = metadata.rowGroups[..<groups.lowerBound].reduce(0) { $0 + Int($1.rowCount) }
        var records = 0
        for number in groups where metadata.rowGroups[number].rowCount > 0 {
            let group = metadata.rowGroups[number]
            var columns = [Int: ParquetColumnValues]()
            for leaf in layout.leaves {
                let chunk = group.columns[leaf.index]
                let start = Int(chunk.firstPageOffset)
                let bytes = try Self.bytes(source, at: start, count: Int(chunk.compressedSize))
                // Event and dimension values repeat: stored once each, whatever the encoding.
                var reader = readers[leaf.index]
                    ?? ParquetColumnReader(deduplicatingText: leaf == layout.event || layout.dimensions.contains(leaf))
                do throws(ParquetFault) {
                    try bytes.withBytes { (buffer) throws(ParquetFault) in
                        try reader.read(buffer, origin: start, leaf: leaf, codec: ParquetCodec(rawValue: chunk.codec)!,
                                        rows: Int(group.rowCount))
                    }
                } catch {
                    throw ClickstreamError(stage: "ingest", path: path,
                                           message: "parquet: row group \(number), \(error.message) (at byte \(error.offset))")
                }
                columns[leaf.index] = reader.values
                readers[leaf.index] = reader
                intake.options.progress?.add(bytes: bytes.count)
            }
            try rows.ingest(columns, count: Int(group.rowCount), firstRow: firstRow,
                            context: &intake.context, sink: &intake.sink)
            intake.options.progress?.add(records: Int(group.rowCount))
            firstRow += Int(group.rowCount)
            records += Int(group.rowCount)
        }
        intake.context.report.decimalIDs += rows.decimalIDs
        if rows.readsWallClock && rows.accepted > 0 {
            intake.context.report.wallClockTimes = (intake.context.report.wallClockTimes ?? 0) + rows.accepted
        }
        if intake.context.report.firstDecimalID == nil { intake.context.report.firstDecimalID = rows.firstDecimalID }
        intake.context.report.files.append(FileSummary(path: path, bytes: groups.lowerBound == 0 ? size : 0,
                                                       layout: layout.columns.layout.rawValue, records: records,
                                                       accepted: rows.accepted, rejected: rows.rejected, blankLines: 0))
        return rows
    }

    /// `count` bytes at `offset` (checked to lie inside the file by the caller).
    static func bytes(_ source: FileByteSource, at offset: Int, count: Int) throws(ClickstreamError) -> [UInt8] {
        // Not zeroed first: the loop fills every byte or fails.
        var bytes = [UInt8](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        var filled = 0
        while filled < count {
            let n = try bytes.withMutableBytes { (buffer) throws(ClickstreamError) in
                try source.read(at: offset + filled, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            guard n > 0 else { throw .io(path: source.path, message: "parquet: the file ends at byte \(offset + filled), expected \(count - filled) more bytes (changed while being read?)") }
            filled += n
        }
        return bytes
    }
}
