import ClickstreamCore

/// The three requests a drain needs, in versions every broker since Kafka 0.11 answers
/// (and Tansu): Metadata v4 (the topic's partitions and their leaders, without creating a
/// topic that does not exist), ListOffsets v1
/// (a partition's first offset and its high-water mark) and Fetch v4 (record batches in the
/// v2 format, read uncommitted).
enum KafkaProtocol {
    /// A broker of the cluster as Metadata names it.
    struct Broker: Equatable {
        var id: Int32
        var host: String
        var port: Int
    }

    /// A partition of the topic and the broker that leads it.
    struct Partition: Equatable {
        var id: Int32
        var leader: Int32
        var error: Int16
    }

    struct Metadata {
        var brokers: [Broker]
        /// nil when the cluster does not know the topic.
        var partitions: [Partition]?
    }

    static func metadata(_ connection: KafkaConnection, topic: String) throws(ClickstreamError) -> Metadata {
        var body = KafkaWriter()
        body.array([topic]) { $0.string($1) }
        body.int8(0)  // never create the topic by asking
        let answer = try connection.request(api: 3, version: 4, body: body.bytes, name: "Metadata")
        return try answer.withBytes { (bytes) throws(ClickstreamError) -> Metadata in
            var reader = KafkaReader(bytes, what: "kafka://\(connection.place) Metadata")
            _ = try reader.int32()  // throttle
            var brokers: [Broker] = []
            for _ in 0..<(try reader.count(least: 10)) {
                let id = try reader.int32()
                let host = try reader.string() ?? ""
                let port = Int(try reader.int32())
                _ = try reader.string()  // rack
                brokers.append(Broker(id: id, host: host, port: port))
            }
            _ = try reader.string()  // cluster id
            _ = try reader.int32()   // controller
            var partitions: [Partition]?
            for _ in 0..<(try reader.count(least: 7)) {
                let error = try reader.int16()
                let name = try reader.string()
                _ = try reader.int8()  // internal
                var found: [Partition] = []
                for _ in 0..<(try reader.count(least: 18)) {
                    let partitionError = try reader.int16()
                    let id = try reader.int32()
                    let leader = try reader.int32()
                    for _ in 0..<(try reader.count(least: 4)) { _ = try reader.int32() }
                    for _ in 0..<(try reader.count(least: 4)) { _ = try reader.int32() }
                    found.append(Partition(id: id, leader: leader, error: partitionError))
                }
                if name == topic && error == 0 { partitions = found.sorted { $0.id < $1.id } }
            }
            return Metadata(brokers: brokers, partitions: partitions)
        }
    }

    /// ListOffsets' special times: the first offset still held, and the end.
    static let earliest: Int64 = -2
    static let latest: Int64 = -1

    /// Each partition's offset at `time` (`earliest` or `latest`), by partition.
    static func offsets(_ connection: KafkaConnection, topic: String, partitions: [Int32], at time: Int64) throws(ClickstreamError) -> [Int32: Int64] {
        var body = KafkaWriter()
        body.int32(-1)
        body.array([topic]) { writer, name in
            writer.string(name)
            writer.array(partitions) { $0.int32($1); $0.int64(time) }
        }
        let answer = try connection.request(api: 2, version: 1, body: body.bytes, name: "ListOffsets")
        return try answer.withBytes { (bytes) throws(ClickstreamError) -> [Int32: Int64] in
            var reader = KafkaReader(bytes, what: "kafka://\(connection.place) ListOffsets")
            var offsets: [Int32: Int64] = [:]
            for _ in 0..<(try reader.count(least: 6)) {
                _ = try reader.string()
                for _ in 0..<(try reader.count(least: 22)) {
                    let id = try reader.int32()
                    let error = try reader.int16()
                    _ = try reader.int64()  // timestamp
                    let offset = try reader.int64()
                    guard error == 0 else {
                        throw connection.failure("ListOffsets of \(TerminalText.safe(topic)) partition \(id): \(errorName(error))")
                    }
                    offsets[id] = offset
                }
            }
            return offsets
        }
    }

    /// What Fetch returned for one partition: its error, high-water mark and record bytes.
    struct Fetched {
        var partition: Int32
        var error: Int16
        var highWatermark: Int64
        var records: [UInt8]
    }

    static func fetch(_ connection: KafkaConnection, topic: String, from offsets: [(partition: Int32, offset: Int64)],
                      maxBytes: Int32, wait: Int32) throws(ClickstreamError) -> [Fetched] {
        var body = KafkaWriter()
        body.int32(-1)      // replica: a consumer
        body.int32(wait)    // max wait, ms
        body.int32(1)       // min bytes
        body.int32(maxBytes * Int32(max(offsets.count, 1)))
        body.int8(0)        // read uncommitted
        body.array([topic]) { writer, name in
            writer.string(name)
            writer.array(offsets) { $0.int32($1.partition); $0.int64($1.offset); $0.int32(maxBytes) }
        }
        let answer = try connection.request(api: 1, version: 4, body: body.bytes, name: "Fetch")
        return try answer.withBytes { (bytes) throws(ClickstreamError) -> [Fetched] in
            var reader = KafkaReader(bytes, what: "kafka://\(connection.place) Fetch")
            _ = try reader.int32()  // throttle
            var fetched: [Fetched] = []
            for _ in 0..<(try reader.count(least: 6)) {
                _ = try reader.string()
                for _ in 0..<(try reader.count(least: 30)) {
                    let partition = try reader.int32()
                    let error = try reader.int16()
                    let highWatermark = try reader.int64()
                    _ = try reader.int64()  // last stable offset
                    for _ in 0..<(try reader.count(least: 16)) { try reader.skip(16) }
                    let records = try reader.block().map { Array($0) } ?? []
                    fetched.append(Fetched(partition: partition, error: error, highWatermark: highWatermark, records: records))
                }
            }
            return fetched
        }
    }

    /// The protocol's name for an error code (the ones a drain meets), with its number.
    static func errorName(_ code: Int16) -> String {
        let names: [Int16: String] = [
            1: "OFFSET_OUT_OF_RANGE", 2: "CORRUPT_MESSAGE", 3: "UNKNOWN_TOPIC_OR_PARTITION", 5: "LEADER_NOT_AVAILABLE",
            6: "NOT_LEADER_OR_FOLLOWER", 7: "REQUEST_TIMED_OUT", 29: "TOPIC_AUTHORIZATION_FAILED", 35: "UNSUPPORTED_VERSION",
            58: "SASL_AUTHENTICATION_FAILED",
        ]
        return "\(names[code] ?? "error") (\(code))"
    }
}
