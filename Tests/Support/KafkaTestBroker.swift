import ClickstreamCore
import ClickstreamIngest
import Foundation

/// A Kafka broker for the tests: `CLICKSTREAM_TEST_KAFKA` names it (`HOST:PORT`;
/// `.ci/start-kafka` starts Tansu on 127.0.0.1:19092); unset, the tests are skipped (`TestServers`). Creates and deletes topics and
/// produces messages in v2 record batches (uncompressed, or compressed by a function the
/// test gives), with the protocol's own requests, so `swift test` needs no other client.
package final class KafkaTestBroker {
    package let address: String
    private let connection: KafkaConnection

    /// The broker, or nil after saying loudly why there is none (a failure under
    /// `CLICKSTREAM_REQUIRE_SERVERS=1`).
    package static func connect() throws -> KafkaTestBroker? {
        guard let address = try TestServers.named("CLICKSTREAM_TEST_KAFKA", tests: "Kafka", start: "bash .ci/start-kafka") else { return nil }
        do {
            return try KafkaTestBroker(address)
        } catch {
            if ProcessInfo.processInfo.environment["CLICKSTREAM_REQUIRE_SERVERS"] == "1" { throw error }
            FileHandle.standardError.write(Data("SKIPPED: the Kafka tests need a broker (\(address), see .ci/start-kafka): \(error)\n".utf8))
            return nil
        }
    }

    init(_ address: String) throws(ClickstreamError) {
        self.address = address
        let parts = address.split(separator: ":")
        connection = try KafkaConnection(host: String(parts[0]), port: Int(parts.last!) ?? 19092, timeout: 10)
    }

    /// `kafka://ADDRESS/TOPIC`.
    package func url(_ topic: String) -> String { "kafka://\(address)/\(topic)" }

    /// Deletes the topic if it exists and creates it with `partitions` partitions.
    package func recreate(_ topic: String, partitions: Int32) throws {
        try delete(topic)
        var body = KafkaWriter()
        body.array([topic]) { writer, name in
            writer.string(name)
            writer.int32(partitions)
            writer.int16(1)
            writer.int32(0)  // assignments
            writer.int32(0)  // configs
        }
        body.int32(10_000)
        let answer = try connection.request(api: 19, version: 0, body: body.bytes, name: "CreateTopics")
        try answer.withBytes { (bytes) throws(ClickstreamError) in
            var reader = KafkaReader(bytes, what: "CreateTopics")
            for _ in 0..<(try reader.count()) {
                _ = try reader.string()
                let error = try reader.int16()
                guard error == 0 else { throw ClickstreamError(message: "CreateTopics \(topic): error \(error)") }
            }
        }
    }

    /// Deletes the topic (no error when it does not exist).
    package func delete(_ topic: String) throws {
        var body = KafkaWriter()
        body.array([topic]) { $0.string($1) }
        body.int32(10_000)
        _ = try connection.request(api: 20, version: 0, body: body.bytes, name: "DeleteTopics")
    }

    /// Produces `values` to `partition` as batches of at most `batch` records; `compress`
    /// (attribute bits and the compressed records) makes compressed batches.
    package func produce(_ topic: String, partition: Int32, values: [[UInt8]?], batch: Int = 500,
                         compress: (codec: Int16, apply: ([UInt8]) -> [UInt8])? = nil) throws {
        var start = 0
        while start < values.count {
            let slice = Array(values[start..<min(start + batch, values.count)])
            start += slice.count
            let records = Self.batch(slice, compress: compress)
            var body = KafkaWriter()
            body.string(nil)    // transactional id
            body.int16(1)       // acks: the leader
            body.int32(10_000)
            body.array([topic]) { writer, name in
                writer.string(name)
                writer.array([partition]) { $0.int32($1); $0.block(records) }
            }
            let answer = try connection.request(api: 0, version: 3, body: body.bytes, name: "Produce")
            try answer.withBytes { (bytes) throws(ClickstreamError) in
                var reader = KafkaReader(bytes, what: "Produce")
                for _ in 0..<(try reader.count()) {
                    _ = try reader.string()
                    for _ in 0..<(try reader.count()) {
                        _ = try reader.int32()
                        let error = try reader.int16()
                        guard error == 0 else { throw ClickstreamError(message: "Produce to \(topic) partition \(partition): error \(error)") }
                        _ = try reader.int64()
                        _ = try reader.int64()
                    }
                }
            }
        }
    }

    /// One v2 record batch of `values` (offsets 0…n-1 within it; the broker sets the base).
    package static func batch(_ values: [[UInt8]?], compress: (codec: Int16, apply: ([UInt8]) -> [UInt8])? = nil) -> [UInt8] {
        var records = KafkaWriter()
        for (index, value) in values.enumerated() {
            var record = KafkaWriter()
            record.int8(0)
            record.varint(0)             // timestamp delta
            record.varint(Int64(index))  // offset delta
            record.varint(-1)            // no key
            if let value {
                record.varint(Int64(value.count))
                record.append(value)
            } else {
                record.varint(-1)
            }
            record.varint(0)             // headers
            records.varint(Int64(record.bytes.count))
            records.append(record.bytes)
        }
        var batch = KafkaWriter()
        batch.int64(0)                   // base offset
        batch.int32(0)                   // length, patched
        batch.int32(-1)                  // leader epoch
        batch.int8(2)                    // magic
        batch.uint32(0)                  // CRC, patched
        batch.int16(compress?.codec ?? 0)
        batch.int32(Int32(max(values.count - 1, 0)))
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        batch.int64(now)
        batch.int64(now)
        batch.int64(-1)                  // producer id
        batch.int16(-1)
        batch.int32(-1)
        batch.int32(Int32(values.count))
        batch.append(compress.map { $0.apply(records.bytes) } ?? records.bytes)
        batch.patch(UInt32(batch.bytes.count - 12), at: 8)
        let crc = batch.bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[21...])) }
        batch.patch(crc, at: 17)
        return batch.bytes
    }
}
