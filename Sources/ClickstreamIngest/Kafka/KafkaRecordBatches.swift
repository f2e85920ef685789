import ClickstreamCore

/// Reads the record batches of a Fetch answer (the v2 format of Kafka 0.11 on): each
/// batch's CRC-32C is checked, its records decompressed and walked, and each record's
/// offset and value handed on. A batch cut short at the end of the answer (the broker
/// fills up to the byte limit) is left for the next fetch; transaction markers (control
/// batches) hold no events and are stepped over.
enum KafkaRecordBatches {
    /// A batch's fixed header: 61 bytes, from its base offset to its record count.
    static let headerSize = 61

    /// Visits every record at `from` or later in the batches that begin before `until`
    /// (a batch is read whole: Kafka appends and replicates batches whole, so a high-water
    /// mark never falls inside one, but Tansu 0.6 reports one past the last batch's first
    /// record), and returns the offset after the last batch read (the next fetch's start),
    /// or nil when none was complete. `problem` is called for a batch that cannot be read,
    /// with its base offset.
    /// No batch is begun once `most` records were visited (a run bounded by `--max-messages`).
    static func read(_ bytes: UnsafeRawBufferPointer, from: Int64, until: Int64, most: Int = .max,
                     record: (_ offset: Int64, _ value: UnsafeRawBufferPointer?) throws(ClickstreamError) -> Void,
                     problem: (_ offset: Int64, _ message: String) throws(ClickstreamError) -> Void) throws(ClickstreamError) -> Int64? {
        var position = 0
        var next: Int64?
        var visited = 0
        while bytes.count - position >= 17, visited < most {
            let base = Int64(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: Int64.self))
            let length = Int(Int32(bigEndian: bytes.loadUnaligned(fromByteOffset: position + 8, as: Int32.self)))
            let magic = bytes[position + 16]
            guard length >= headerSize - 12 else {
                try problem(base, "a record batch of \(length) bytes, shorter than its header")
                return next
            }
            guard bytes.count - position - 12 >= length, base < until else { break }  // cut short: fetched again next time
            let batch = UnsafeRawBufferPointer(rebasing: bytes[position..<position + 12 + length])
            position += 12 + length
            guard magic == 2 else {
                try problem(base, "a message set of format v\(magic) (Kafka before 0.11), which is not read")
                continue
            }
            let lastDelta = Int64(Int32(bigEndian: batch.loadUnaligned(fromByteOffset: 23, as: Int32.self)))
            next = base + lastDelta + 1
            let stored = UInt32(bigEndian: batch.loadUnaligned(fromByteOffset: 17, as: UInt32.self))
            guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: batch[21...])) == stored else {
                try problem(base, "record batch CRC-32C mismatch (damaged in storage or on the way)")
                continue
            }
            let attributes = Int(UInt16(bigEndian: batch.loadUnaligned(fromByteOffset: 21, as: UInt16.self)))
            if attributes & 0x20 != 0 { continue }  // a transaction marker
            guard let compression = KafkaCompression(rawValue: attributes & 0x07) else {
                try problem(base, "record batch compression \(attributes & 0x07), which Kafka does not define")
                continue
            }
            let count = Int(Int32(bigEndian: batch.loadUnaligned(fromByteOffset: 57, as: Int32.self)))
            let body = UnsafeRawBufferPointer(rebasing: batch[headerSize...])
            let records: [UInt8]
            switch compression == .none ? .success([]) : compression.decompress(body) {
            case .success(let decoded): records = decoded
            case .failure(let failure):
                try problem(base, "record batch (\(compression.name)): \(failure.message)")
                continue
            }
            if compression == .none {
                visited += try walkRecords(body, count: count, base: base, from: from, record: record, problem: problem)
            } else {
                visited += try records.withBytes { (bytes) throws(ClickstreamError) in
                    try walkRecords(bytes, count: count, base: base, from: from, record: record, problem: problem)
                }
            }
        }
        return next
    }

    private static func walkRecords(_ bytes: UnsafeRawBufferPointer, count: Int, base: Int64, from: Int64,
                                    record: (Int64, UnsafeRawBufferPointer?) throws(ClickstreamError) -> Void,
                                    problem: (Int64, String) throws(ClickstreamError) -> Void) throws(ClickstreamError) -> Int {
        var reader = KafkaReader(bytes, what: "record batch")
        var visited = 0
        for _ in 0..<count {
            let offset: Int64, value: UnsafeRawBufferPointer?
            do throws(ClickstreamError) {
                let length = Int(try reader.varint())
                let end = reader.position + length
                guard length >= 0, length <= reader.remaining else { throw reader.malformed("a record of \(length) bytes") }
                _ = try reader.int8()                  // attributes
                _ = try reader.varint()                // timestamp delta
                offset = base + (try reader.varint())  // offset delta
                let keyLength = Int(try reader.varint())
                if keyLength > 0 { try reader.skip(keyLength) }
                let valueLength = Int(try reader.varint())
                value = valueLength < 0 ? nil : try reader.slice(valueLength)
                guard end >= reader.position else { throw reader.malformed("a record longer than its length") }
                try reader.skip(end - reader.position)  // headers
            } catch {
                try problem(base, "the records of the batch do not decode: \(error.message)")
                return visited
            }
            if offset >= from {
                visited += 1
                try record(offset, value)
            }
        }
        return visited
    }
}
