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
        let (first, ends) = try offsets(of: partitions, in: &cluster)
        let directory = options.streamStateDirectory
        let previous = try directory.flatMap { (directory) throws(ClickstreamError) in
            try KafkaCheckpoint.load(directory: directory, topic: url.topic, options: options)
        }
        let starts = try startingOffsets(partitions, first: first, ends: ends, checkpoint: previous, directory: directory ?? "")
        // With a checkpoint, the new messages are read apart and added to it; without, into the intake.
        var part = EventIntake(options: options)
        var reader = try KafkaMessageReader(topic: url.topic, name: name, options: options)
        var summaries = partitions.map { reader.summary(of: $0.id) }
        var positions = starts
        // Partitions in turn, a fetch each, so a bounded run (--max-messages, --time-limit)
        // reads every partition a little rather than the first one only.
        let began = ContinuousClock.now
        var pending = partitions.indices.filter { positions[partitions[$0].id]! < ends[partitions[$0].id]! }
        while !pending.isEmpty {
            if let seconds = options.timeLimit, ContinuousClock.now - began >= .seconds(seconds) { break }
            var left = options.maxMessages.map { $0 - summaries.reduce(0) { $0 + $1.records } } ?? .max
            if left <= 0 { break }
            for index in pending where left > 0 {
                let partition = partitions[index]
                let connection = try cluster.connection(to: partition.leader)
                // The messages still allowed, shared fairly among the partitions left.
                let share = left == .max ? .max : max(1, left / pending.count)
                let before = summaries[index].records
                positions[partition.id] = directory == nil
                    ? try reader.fetch(partition: partition.id, at: positions[partition.id]!, until: ends[partition.id]!, most: share,
                                       connection: connection, intake: &intake, summary: &summaries[index])
                    : try reader.fetch(partition: partition.id, at: positions[partition.id]!, until: ends[partition.id]!, most: share,
                                       connection: connection, intake: &part, summary: &summaries[index])
                if left != .max { left -= summaries[index].records - before }
            }
            pending.removeAll { positions[partitions[$0].id]! >= ends[partitions[$0].id]! }
        }
        if let directory {
            part.context.report.files = summaries
            let base = previous ?? KafkaCheckpoint(settings: KafkaCheckpoint.settings(topic: url.topic, options: options), positions: [:],
                                                   cube: DailyCube(), report: IngestReport())
            let next = base.adding(part.result(), positions: positions, marks: ends)
            try next.store(directory: directory)
            intake.separateCubes.append(next.cube)
            intake.context.report.absorb(next.report)
        } else {
            intake.context.report.files += summaries
        }
        // What is left for the next run: messages that arrived meanwhile, or past a bound.
        let latest = try offsets(of: partitions, in: &cluster).ends
        let lag = partitions.map { (id: $0.id, messages: Int(max(0, latest[$0.id]! - positions[$0.id]!))) }
        let behind = lag.filter { $0.messages > 0 }
        if !behind.isEmpty {
            intake.warnings.append("\(name): \(Format.thousands(behind.reduce(0) { $0 + $1.messages })) message(s) are left for the next run ("
                + behind.map { "partition \($0.id): \(Format.thousands($0.messages))" }.joined(separator: ", ") + ")")
        }
        if options.describeInputs {
            let ranges = partitions.map { p in
                "partition \(p.id): offsets \(starts[p.id]!) to \(positions[p.id]!), lag \(max(0, latest[p.id]! - positions[p.id]!))"
            }
            intake.inputs.append(InputFile(path: name, bytes: reader.valueBytes, hash: "", server: "Kafka broker \(cluster.bootstrap)",
                                           query: "topic \(url.topic), read to the high-water marks at the start"
                                               + (previous == nil ? "" : ", from the checkpoint in \(directory!)") + ": " + ranges.joined(separator: "; "),
                                           resultRows: summaries.reduce(0) { $0 + $1.records }))
        }
        options.progress?.fileDone()
    }

    /// Each partition's first offset still held and its high-water mark, asked of its leader.
    private func offsets(of partitions: [KafkaProtocol.Partition], in cluster: inout KafkaCluster) throws(ClickstreamError)
        -> (first: [Int32: Int64], ends: [Int32: Int64]) {
        var first: [Int32: Int64] = [:], ends: [Int32: Int64] = [:]
        for (leader, members) in Dictionary(grouping: partitions, by: \.leader).sorted(by: { $0.key < $1.key }) {
            let connection = try cluster.connection(to: leader)
            let ids = members.map(\.id)
            first.merge(try KafkaProtocol.offsets(connection, topic: url.topic, partitions: ids, at: KafkaProtocol.earliest)) { $1 }
            ends.merge(try KafkaProtocol.offsets(connection, topic: url.topic, partitions: ids, at: KafkaProtocol.latest)) { $1 }
        }
        for partition in partitions where first[partition.id] == nil || ends[partition.id] == nil {
            throw ClickstreamError(stage: "ingest", path: name, message: "partition \(partition.id): the broker gave no offsets for it")
        }
        return (first, ends)
    }

    /// Where each partition is read from: the checkpoint's position, else its first offset.
    /// A checkpoint that does not fit the topic as it is now is an error, never a silent
    /// restart (which would count its messages twice) or skip.
    private func startingOffsets(_ partitions: [KafkaProtocol.Partition], first: [Int32: Int64], ends: [Int32: Int64],
                                 checkpoint: KafkaCheckpoint?, directory: String) throws(ClickstreamError) -> [Int32: Int64] {
        let file = KafkaCheckpoint.path(directory: directory, topic: url.topic)
        let move = "; move \(file) away to read the topic again from its first offsets"
        var starts: [Int32: Int64] = [:]
        for partition in partitions { starts[partition.id] = first[partition.id]! }
        guard let checkpoint else { return starts }
        let known = Set(partitions.map(\.id))
        if let gone = checkpoint.positions.keys.sorted().first(where: { !known.contains($0) }) {
            throw ClickstreamError(stage: "ingest", path: name, message: "partition \(gone) of the checkpoint is gone from the topic (recreated with fewer partitions?)" + move)
        }
        for (id, position) in checkpoint.positions {
            // The high-water mark never goes down in a topic that was not recreated or
            // truncated. (A position may pass the mark by the rest of a batch Tansu's mark
            // falls inside: see KafkaRecordBatches.read.)
            let mark = checkpoint.marks[id] ?? position
            guard ends[id]! >= mark else {
                throw ClickstreamError(stage: "ingest", path: name, message: "the checkpoint read partition \(id) to its high-water mark \(mark), and the mark is \(ends[id]!) now: the topic was recreated or truncated" + move)
            }
            guard position >= first[id]! else {
                throw ClickstreamError(stage: "ingest", path: name, message: "partition \(id) no longer holds offsets \(position) to \(first[id]! - 1), which were never read (deleted by the topic's retention): they would be missing from the counts" + move)
            }
            starts[id] = position
        }
        return starts
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
