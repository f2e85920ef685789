import ClickstreamCore
import Foundation

/// A Kafka topic as an event source, drained the way a batch job should: every partition
/// is read from its first offset to the high-water mark it had when the run began (so the
/// run ends however fast producers write), each message a JSON object with one event.
/// The client is our own (the Kafka protocol over a socket: Metadata, ListOffsets, Fetch
/// with v2 record batches), as Debian's librdkafka 2.0.2 fails the handshake of the
/// brokers we test with. Messages are turned into CSV records of the mapped keys and
/// judged by the CSV reader's rules; a bad message or row is counted and located by
/// partition and offset (`TOPIC#PARTITION:OFFSET`).
package struct KafkaSource: EventSource {
    package let url: KafkaURL

    package var name: String { url.description }
    package var expectedBytes: Int { 0 }

    package init(url: KafkaURL) {
        self.url = url
    }

    /// Bytes asked for per partition and fetch.
    static let fetchBytes: Int32 = 4 << 20

    package func read(into intake: inout EventIntake) throws(ClickstreamError) {
        let options = intake.options
        var cluster = try KafkaCluster(url, timeout: options.databaseTimeout)
        let partitions = try cluster.partitions()
        var ends: [Int32: Int64] = [:], starts: [Int32: Int64] = [:]
        for (leader, ids) in Dictionary(grouping: partitions, by: \.leader) {
            let connection = try cluster.connection(to: leader)
            let names = ids.map(\.id)
            for (id, offset) in try KafkaProtocol.offsets(connection, topic: url.topic, partitions: names, at: KafkaProtocol.earliest) { starts[id] = offset }
            for (id, offset) in try KafkaProtocol.offsets(connection, topic: url.topic, partitions: names, at: KafkaProtocol.latest) { ends[id] = offset }
        }
        var reader = KafkaMessageReader(topic: url.topic, name: name, options: options)
        try reader.prepare()
        var summaries: [FileSummary] = []
        var messages = 0
        for partition in partitions {
            let connection = try cluster.connection(to: partition.leader)
            let (summary, position) = try reader.drain(partition: partition.id, from: starts[partition.id] ?? 0, to: ends[partition.id] ?? 0,
                                                       connection: connection, intake: &intake)
            ends[partition.id] = position
            messages += summary.records
            summaries.append(summary)
        }
        intake.context.report.files += summaries
        if options.describeInputs {
            let ranges = partitions.map { "partition \($0.id): offsets \(starts[$0.id] ?? 0) to \(ends[$0.id] ?? 0)" }.joined(separator: "; ")
            intake.inputs.append(InputFile(path: name, bytes: reader.valueBytes, hash: "", server: "Kafka broker \(cluster.bootstrap)",
                                           query: "topic \(url.topic), read to the high-water marks at the start: \(ranges)", resultRows: messages))
        }
        options.progress?.fileDone()
    }
}

/// The brokers of one run: the first of the URL's that answers, the topic's partitions and
/// their leaders from its metadata, and one connection per leader.
struct KafkaCluster {
    let url: KafkaURL
    let timeout: Int
    private(set) var bootstrap: String
    private var metadata: KafkaProtocol.Metadata
    private var connections: [Int32: KafkaConnection] = [:]
    private let first: KafkaConnection

    init(_ url: KafkaURL, timeout: Int) throws(ClickstreamError) {
        self.url = url
        self.timeout = timeout
        var failures: [String] = []
        var found: KafkaConnection?
        for broker in url.brokers {
            do {
                found = try KafkaConnection(host: broker.host, port: broker.port, timeout: timeout)
                break
            } catch {
                failures.append(error.description)
            }
        }
        guard let found else {
            throw ClickstreamError(stage: "ingest", path: url.description, message: "no broker answers: " + failures.joined(separator: "; "))
        }
        first = found
        bootstrap = found.place
        metadata = try KafkaProtocol.metadata(found, topic: url.topic)
    }

    /// The topic's partitions in order; an error when the cluster does not know the topic.
    func partitions() throws(ClickstreamError) -> [KafkaProtocol.Partition] {
        guard let partitions = metadata.partitions, !partitions.isEmpty else {
            throw ClickstreamError(stage: "ingest", path: url.description, message: "no topic \(url.topic) on the cluster (kafka://\(bootstrap) does not know it)")
        }
        if let bad = partitions.first(where: { $0.error != 0 && $0.error != 9 }) {
            throw ClickstreamError(stage: "ingest", path: url.description, message: "partition \(bad.id): \(KafkaProtocol.errorName(bad.error))")
        }
        return partitions
    }

    /// A connection to the broker `id` (the one the URL reached, when it is that broker).
    mutating func connection(to id: Int32) throws(ClickstreamError) -> KafkaConnection {
        if let known = connections[id] { return known }
        guard let broker = metadata.brokers.first(where: { $0.id == id }) else {
            throw ClickstreamError(stage: "ingest", path: url.description, message: "the leader of a partition, broker \(id), is not in the cluster's metadata")
        }
        let place = "\(broker.host.contains(":") ? "[\(broker.host)]" : broker.host):\(broker.port)"
        let connection = place == first.place ? first : try KafkaConnection(host: broker.host, port: broker.port, timeout: timeout)
        connections[id] = connection
        return connection
    }
}
