import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// The Kafka route against a real broker (`CLICKSTREAM_TEST_KAFKA`, Tansu from
/// `.ci/start-kafka`); without one the tests say so on stderr and pass, unless
/// `CLICKSTREAM_REQUIRE_SERVERS=1` (CI).
@Suite(.serialized) struct KafkaSourceTests {
    /// A CSV file's rows as JSON messages (numbers as numbers, empty fields as null),
    /// spread over `partitions` by visitor.
    static func messages(_ csv: String, partitions: Int) throws -> [[[UInt8]?]] {
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        let names = lines[0].split(separator: ",").map(String.init)
        var spread = [[[UInt8]?]](repeating: [], count: partitions)
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            var object: [String] = []
            for (name, field) in zip(names, fields) {
                let value = field.isEmpty ? "null" : field.allSatisfy(\.isNumber) ? String(field) : "\"\(field)\""
                object.append("\"\(name)\": \(value)")
            }
            spread[Int(fields[1])! % partitions].append(Array(("{" + object.joined(separator: ", ") + "}").utf8))
        }
        return spread
    }

    static func comparable(_ result: IngestResult) -> IngestResult { PostgresSourceTests.comparable(result) }

    /// Every codec a producer uses, one per partition and batch size.
    static var codecs: [(codec: Int16, apply: ([UInt8]) -> [UInt8])?] {
        [nil, (1, { Gzip.compress($0) }), (2, { SnappyLz4.xerialSnappy($0) }), (3, { SnappyLz4.lz4Frame($0) }), (4, { Zstd.compress($0) })]
    }

    @Test func aTopicGivesTheCSVsCubeAndCounts() throws {
        guard let broker = try KafkaTestBroker.connect() else { return }
        let directory = TemporaryDirectory()
        let csv = try GeneratedDataset.write(directory, "events.csv", events: 30_000, days: 30)
        try broker.recreate("events-equal", partitions: 5)
        for (partition, values) in try Self.messages(csv, partitions: 5).enumerated() {
            try broker.produce("events-equal", partition: Int32(partition), values: values, batch: [1, 7, 500, 64, 1000][partition],
                               compress: Self.codecs[partition])
        }
        let stream = try Ingestor.ingest(paths: [broker.url("events-equal")])
        let file = try Ingestor.ingest(paths: [csv])
        #expect(stream.report.accepted == 30_000 && stream.report.files.count == 5)
        #expect(Self.comparable(stream) == Self.comparable(file))
        #expect(stream.report.files.map(\.path) == (0..<5).map { broker.url("events-equal") + "#\($0)" })
    }

    /// `--messages csv`: each message one CSV line in the header's order.
    @Test func csvLinesAsMessagesGiveTheCSVsCube() throws {
        guard let broker = try KafkaTestBroker.connect() else { return }
        let directory = TemporaryDirectory()
        let csv = try GeneratedDataset.write(directory, "events.csv", events: 8_000, days: 14)
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
        try broker.recreate("events-csv", partitions: 2)
        for partition in 0..<2 {
            let values: [[UInt8]?] = lines.enumerated().filter { $0.offset % 2 == partition }.map { Array($0.element.utf8) }
            try broker.produce("events-csv", partition: Int32(partition), values: values, batch: 300, compress: Self.codecs[partition * 4])
        }
        var options = IngestOptions()
        options.csvMessages = true
        let stream = try Ingestor.ingest(paths: [broker.url("events-csv")], options: options)
        #expect(stream.report.accepted == 8_000)
        #expect(Self.comparable(stream) == Self.comparable(try Ingestor.ingest(paths: [csv])))
    }

    @Test func badMessagesAreCountedAtTheirPartitionAndOffset() throws {
        guard let broker = try KafkaTestBroker.connect() else { return }
        try broker.recreate("events-bad", partitions: 2)
        let good = #"{"timestamp": 1431000000000, "visitorid": 1, "event": "view", "itemid": 5, "transactionid": null, "device": "Mobile", "os": "iOS", "browser": "Safari"}"#
        let values: [[UInt8]?] = [
            Array(good.utf8),
            Array("not json".utf8),                                    // offset 1
            nil,                                                       // offset 2: a tombstone
            Array(good.replacingOccurrences(of: "\"visitorid\": 1", with: "\"visitorid\": -4").utf8),  // offset 3
            Array(#"{"Timestamp": "2015-05-07T12:00:00Z", "VisitorID": 2, "event": "addtocart", "itemid": 5, "device": "Mobile", "os": "iOS", "browser": "Saf\u00e1ri, \"x\""}"#.utf8),
        ]
        try broker.produce("events-bad", partition: 1, values: values, batch: 2)
        let result = try Ingestor.ingest(paths: [broker.url("events-bad")])
        #expect(result.report.accepted == 2 && result.report.rejected == 3)
        #expect(result.report.rejectsByReason == [.badMessage: 2, .visitorID: 1])
        let places = result.report.rejects.map { "\($0.file):\($0.line)" }
        let partition = broker.url("events-bad") + "#1"
        #expect(places == ["\(partition):1", "\(partition):2", "\(partition):3"])
        #expect(result.report.rejects[0].message == "expected a JSON object ({) at byte 1")
        // Keys match ignoring case; escapes are decoded; a comma and a quote survive.
        #expect(result.cube.segments.map { $0.values[2] }.contains("Saf\u{e1}ri, \"x\""))
        // --strict stops at the first, named by partition and offset.
        var strict = IngestOptions()
        strict.strict = true
        #expect(PostgresSourceTests.message(broker.url("events-bad"), options: strict).hasPrefix("\(partition):1"))
    }

    @Test func faultsAreErrorsThatNameTheBroker() throws {
        guard let broker = try KafkaTestBroker.connect() else { return }
        #expect(PostgresSourceTests.message("kafka://127.0.0.1:1/events").contains("no broker answers: kafka://127.0.0.1:1: cannot connect"))
        try broker.delete("no-such-topic")
        #expect(PostgresSourceTests.message(broker.url("no-such-topic")).contains("no topic no-such-topic"))
        #expect(PostgresSourceTests.message("kafka://h:1/bad topic").contains("topic name"))
        // A second broker address is tried when the first is down.
        try broker.recreate("events-one", partitions: 1)
        try broker.produce("events-one", partition: 0, values: [Array(#"{"timestamp": 1431000000000, "visitorid": 1, "event": "view", "itemid": 5, "device": "Mobile", "os": "iOS", "browser": "Safari"}"#.utf8)])
        let both = try Ingestor.ingest(paths: ["kafka://127.0.0.1:1,\(broker.address)/events-one"])
        #expect(both.report.accepted == 1)
    }
}

/// `--cache`: the checkpoint of a topic (the cube so far and the offsets to read next).
extension KafkaSourceTests {
    @Test func aSecondRunReadsOnlyNewMessagesAndEqualsTheCSVOfAll() throws {
        guard let broker = try KafkaTestBroker.connect() else { return }
        let directory = TemporaryDirectory()
        let csv = try GeneratedDataset.write(directory, "events.csv", events: 12_000, days: 20)
        try broker.recreate("events-twice", partitions: 3)
        let spread = try Self.messages(csv, partitions: 3)
        var options = IngestOptions()
        options.streamStateDirectory = directory.file("cache")
        options.describeInputs = true
        // The first half of every partition, a run, the rest, another run.
        for (partition, values) in spread.enumerated() {
            try broker.produce("events-twice", partition: Int32(partition), values: Array(values[..<(values.count / 2)]), batch: 100)
        }
        let first = try Ingestor.ingest(paths: [broker.url("events-twice")], options: options)
        for (partition, values) in spread.enumerated() {
            try broker.produce("events-twice", partition: Int32(partition), values: Array(values[(values.count / 2)...]), batch: 100,
                               compress: Self.codecs[partition + 1])
        }
        let second = try Ingestor.ingest(paths: [broker.url("events-twice")], options: options)
        let file = try Ingestor.ingest(paths: [csv])
        #expect(first.report.accepted == spread.reduce(0) { $0 + $1.count / 2 })
        #expect(second.inputs?.first?.resultRows == 12_000 - first.report.accepted)
        #expect(Self.comparable(second) == Self.comparable(file))
        #expect(second.report.files.map(\.records).reduce(0, +) == 12_000)
        // Nothing new: the same result again, from the checkpoint alone.
        let third = try Ingestor.ingest(paths: [broker.url("events-twice")], options: options)
        #expect(third.inputs?.first?.resultRows == 0 && Self.comparable(third) == Self.comparable(file))
    }

    /// --max-messages: each run stops at a batch's end past the bound, in every partition a
    /// little; runs with a checkpoint go on until nothing is left, and add up to one read.
    @Test func boundedRunsAddUpToOneRead() throws {
        guard let broker = try KafkaTestBroker.connect() else { return }
        let directory = TemporaryDirectory()
        let csv = try GeneratedDataset.write(directory, "events.csv", events: 6_000, days: 14)
        try broker.recreate("events-bounded", partitions: 3)
        for (partition, values) in try Self.messages(csv, partitions: 3).enumerated() {
            try broker.produce("events-bounded", partition: Int32(partition), values: values, batch: 50)
        }
        var options = IngestOptions()
        options.streamStateDirectory = directory.file("cache")
        options.maxMessages = 700
        options.describeInputs = true
        var runs = 0, read: [Int] = []
        while runs < 20 {
            runs += 1
            let result = try Ingestor.ingest(paths: [broker.url("events-bounded")], options: options)
            let rows = result.inputs?.first?.resultRows ?? -1
            read.append(rows)
            let left = result.warnings.contains { $0.contains("left for the next run") }
            if rows == 0 {
                #expect(Self.comparable(result) == Self.comparable(try Ingestor.ingest(paths: [csv])))
                #expect(!left)
                break
            }
            // The run says what it left (nothing once the last messages are read).
            #expect(left == (result.report.accepted < 6_000), "\(result.warnings)")
            // Stopped at a batch's end (50 messages) past the bound, or at the topic's end.
            #expect((rows >= 700 && rows < 700 + 3 * 50) || result.report.accepted == 6_000, "\(read)")
        }
        #expect(read.reduce(0, +) == 6_000 && read.count == 10, "\(read)")
    }

    @Test func aCheckpointThatNoLongerFitsTheTopicIsAnError() throws {
        guard let broker = try KafkaTestBroker.connect() else { return }
        let directory = TemporaryDirectory()
        let message = Array(#"{"timestamp": 1431000000000, "visitorid": 1, "event": "view", "itemid": 5, "device": "Mobile", "os": "iOS", "browser": "Safari"}"#.utf8)
        try broker.recreate("events-gone", partitions: 2)
        for partition in 0..<2 { try broker.produce("events-gone", partition: Int32(partition), values: Array(repeating: message, count: 5)) }
        var options = IngestOptions()
        options.streamStateDirectory = directory.file("cache")
        #expect(try Ingestor.ingest(paths: [broker.url("events-gone")], options: options).report.accepted == 10)
        // Recreated with fewer messages: the marks went down.
        try broker.recreate("events-gone", partitions: 2)
        try broker.produce("events-gone", partition: 0, values: [message])
        #expect(PostgresSourceTests.message(broker.url("events-gone"), options: options).contains("the topic was recreated or truncated"))
        // Recreated with fewer partitions.
        try broker.recreate("events-gone", partitions: 1)
        for _ in 0..<3 { try broker.produce("events-gone", partition: 0, values: Array(repeating: message, count: 5)) }
        #expect(PostgresSourceTests.message(broker.url("events-gone"), options: options).contains("partition 1 of the checkpoint is gone"))
        // Other settings: not extended.
        var other = options
        other.timeZone = try TimeZoneRules(named: "Europe/Berlin")
        #expect(PostgresSourceTests.message(broker.url("events-gone"), options: other).contains("made with other settings"))
    }
}

/// The pieces that need no broker.
struct KafkaFormatTests {
    func record(_ json: String, keys: [String] = ["timestamp", "visitorid", "event", "device"]) -> String? {
        var fields = JSONMessageFields(keys: keys)
        var line: [UInt8] = []
        let problem = Array(json.utf8).withUnsafeBytes { fields.append($0, to: &line) }
        return problem == nil ? String(decoding: line, as: UTF8.self) : nil
    }

    @Test func jsonObjectsBecomeCSVRecords() {
        #expect(record(#"{"timestamp": 1431000000000, "visitorid": 7, "event": "view", "device": "Mobile"}"#) == "1431000000000,7,view,Mobile\n")
        // Order, case, other keys, null and missing keys, a repeated key (the first counts).
        #expect(record(#" { "DEVICE":"A,B", "extra": {"x": [1, "}"]}, "event": null, "visitorid": -1.5e3, "visitorid": 9 } "#) == ",-1.5e3,,\"A,B\"\n")
        // Escapes: quote, backslash, \u with a surrogate pair; a line feed is quoted.
        #expect(record(#"{"device": "a\"b\\c\u00e9\ud83d\ude00\nz"}"#) == ",,,\"a\"\"b\\cé😀\nz\"\n")
        // A nested value is its text, which no rule accepts.
        #expect(record(#"{"visitorid": [1, 2]}"#) == ",\"[1, 2]\",,\n")
        #expect(record(#"{"timestamp": true}"#) == "true,,,\n")
    }

    @Test func notObjectsAreProblems() {
        for bad in ["", "[]", "{", #"{"a" 1}"#, #"{"a": 1,}"#, #"{"a": tru}"#, #"{"a": "x}"#, #"{"a": 1} x"#, #"{"a": 01x}"#, #"{"a": "\q"}"#] {
            #expect(record(bad) == nil, "\(bad)")
        }
        #expect(record("{}") == ",,,\n")
    }

    @Test func everyCodecAndTheChecksumAreChecked() throws {
        let values: [[UInt8]?] = (0..<300).map { Array("{\"n\": \($0), \"text\": \"\(String(repeating: "x", count: $0 % 50))\"}".utf8) } + [nil]
        for compress in KafkaSourceTests.codecs {
            let batch = KafkaTestBroker.batch(values, compress: compress)
            var seen: [Int64] = []
            var problems: [String] = []
            let next = try batch.withBytes { (bytes) throws(ClickstreamError) in
                try KafkaRecordBatches.read(bytes, from: 0, until: .max, record: { offset, value in
                    seen.append(offset)
                    if offset < 300 { #expect(value.map(Array.init) == values[Int(offset)]) } else { #expect(value == nil) }
                }, problem: { _, message in problems.append(message) })
            }
            #expect(seen == Array(0...300) && next == 301 && problems.isEmpty, "codec \(compress?.codec ?? 0)")
            // One flipped bit in the records: the CRC-32C says so.
            var damaged = batch
            damaged[damaged.count - 3] ^= 0x10
            var damage: [String] = []
            _ = try damaged.withBytes { (bytes) throws(ClickstreamError) in
                try KafkaRecordBatches.read(bytes, from: 0, until: .max, record: { _, _ in }, problem: { _, message in damage.append(message) })
            }
            #expect(damage.first?.contains("CRC-32C") == true)
            // Cut short: left for the next fetch, not an error.
            let cut = Array(batch.dropLast(5))
            let none = try cut.withBytes { (bytes) throws(ClickstreamError) in
                try KafkaRecordBatches.read(bytes, from: 0, until: .max, record: { _, _ in Issue.record("a record of a cut batch") }, problem: { _, _ in })
            }
            #expect(none == nil)
        }
    }

    /// The fuzz target's seeds, written by another implementation of the batch format
    /// (bench/kafka_fuzz_seeds.py, its own CRC-32C): read as a broker's answer would be.
    @Test func theFuzzSeedsReadAsWritten() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/KafkaSeeds")
        // name: accepted, rejected (the odd message has no item id: rejected as in a CSV file).
        let expected: [String: (Int, Int)] = ["plain": (1, 1), "gzip": (3, 1), "bad": (0, 4), "marker": (1, 0), "two": (2, 1)]
        for (name, counts) in expected {
            let bytes = [UInt8](try Data(contentsOf: seeds.appendingPathComponent(name)))
            let result = try Ingestor.ingest(recordBatches: bytes)
            #expect(result.report.accepted == counts.0 && result.report.rejected == counts.1, "\(name)")
        }
        let bad = try Ingestor.ingest(recordBatches: [UInt8](try Data(contentsOf: seeds.appendingPathComponent("bad"))))
        #expect(bad.report.rejectsByReason == [.badMessage: 2, .timestamp: 1, .visitorID: 1])
        #expect(bad.report.rejects.map(\.line) == [5, 6, 7, 8])
    }

    @Test func crc32cMatchesItsCheckValue() {
        // The CRC-32C check value: "123456789" → 0xE3069283.
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.checksum($0) } == 0xE306_9283)
    }

    @Test func urlsAreParsed() throws {
        let url = try KafkaURL("kafka://a:9092,[::1]:19092,b/events.v1")
        #expect(url.topic == "events.v1" && url.brokers.map(\.port) == [9092, 19092, 9092] && url.brokers[1].host == "::1")
        #expect(url.description == "kafka://a:9092,[::1]:19092,b:9092/events.v1")
        #expect(throws: ClickstreamError.self) { try KafkaURL("kafka://a:9092/") }
        #expect(throws: ClickstreamError.self) { try KafkaURL("kafka://a:0/t") }
        #expect(throws: ClickstreamError.self) { try KafkaURL("kafka://a/t?x=1") }
    }
}
