import ClickstreamCore

/// A Kafka topic input: `kafka://HOST:PORT[,HOST:PORT…]/TOPIC` (the brokers to start
/// from; the cluster's own metadata names the partitions' leaders).
package struct KafkaURL: Equatable, Sendable {
    package var brokers: [(host: String, port: Int)]
    package var topic: String

    package static func == (a: KafkaURL, b: KafkaURL) -> Bool {
        a.topic == b.topic && a.brokers.map { "\($0.host):\($0.port)" } == b.brokers.map { "\($0.host):\($0.port)" }
    }

    package var description: String {
        "kafka://" + brokers.map { ($0.host.contains(":") ? "[\($0.host)]" : $0.host) + ":\($0.port)" }.joined(separator: ",")
            + "/" + DatabaseURL.escape(topic)
    }

    package static func looksLikeURL(_ input: String) -> Bool { input.hasPrefix("kafka://") }

    package init(_ text: String) throws(ClickstreamError) {
        func fail(_ why: String) -> ClickstreamError {
            ClickstreamError(stage: "ingest", isUsage: true, message: "\(why) in the input URL (expected kafka://HOST:PORT[,HOST:PORT…]/TOPIC)")
        }
        guard text.hasPrefix("kafka://") else { throw fail("no kafka:// scheme") }
        let rest = text.dropFirst("kafka://".count)
        guard let slash = rest.firstIndex(of: "/") else { throw fail("no /TOPIC") }
        guard !rest.contains("?") else { throw fail("parameters are not offered") }
        topic = try DatabaseURL.unescape(rest[rest.index(after: slash)...], fail)
        // Kafka's own rule for topic names: 1 to 249 of [a-zA-Z0-9._-].
        guard (1...249).contains(topic.utf8.count),
              topic.utf8.allSatisfy({ $0 == 0x2E || $0 == 0x5F || $0 == 0x2D || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
        else { throw fail("a topic name that is not 1 to 249 letters, digits, '.', '_' or '-'") }
        brokers = []
        for part in rest[..<slash].split(separator: ",", omittingEmptySubsequences: false) {
            var host: Substring, portText: Substring
            if part.hasPrefix("["), let close = part.firstIndex(of: "]") {
                host = part[part.index(after: part.startIndex)..<close]
                portText = part[part.index(after: close)...].drop { $0 == ":" }
            } else if let colon = part.lastIndex(of: ":") {
                host = part[..<colon]
                portText = part[part.index(after: colon)...]
            } else {
                host = part
                portText = "9092"
            }
            guard !host.isEmpty else { throw fail("an empty HOST") }
            guard let port = Int(portText), (1...65535).contains(port) else { throw fail("a port that is not a number in 1…65535") }
            brokers.append((String(host), port))
        }
    }
}
