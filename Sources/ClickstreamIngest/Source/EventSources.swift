import ClickstreamCore
import Foundation

/// Turns the inputs a user gave into sources: each input is offered to every kind in
/// `kinds`, in order, and folders are expanded to the files a kind claims (not hidden
/// ones), in name order.
package enum EventSources {
    /// Every kind of input, the kind of last resort (CSV) last.
    static var kinds: [any EventSourceKind.Type] { [ParquetFileSource.self, CSVFileSource.self] }

    package static func resolve(_ inputs: [String]) throws(ClickstreamError) -> [any EventSource] {
        guard !inputs.isEmpty else { throw ClickstreamError(stage: "ingest", message: "no input given") }
        var sources: [any EventSource] = []
        for given in inputs {
            // A database: its URL, not a path.
            if DatabaseURL.looksLikeURL(given) {
                let url = try DatabaseURL(given)
                switch url.engine {
                case .postgresql: sources.append(PostgresSource(url: url))
                case .clickhouse: sources.append(ClickHouseSource(url: url))
                }
                continue
            }
            // A Kafka topic, drained to its high-water marks.
            if KafkaURL.looksLikeURL(given) {
                sources.append(KafkaSource(url: try KafkaURL(given)))
                continue
            }
            // `-` is standard input (a pipe, read once, never cached).
            let input = given == "-" ? standardInput : given
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw .io(path: input, message: "no such file or directory")
            }
            guard isDirectory.boolValue else {
                if let source = source(for: input) { sources.append(source) }
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: input)
            } catch {
                throw .io(path: input, message: "cannot list directory (permission denied?)")
            }
            let base = input.hasSuffix("/") ? input : input + "/"
            var found = 0
            for name in names.sorted() where !name.hasPrefix(".") {
                let file = base + name
                guard isClaimed(file), let source = source(for: file) else { continue }
                sources.append(source)
                found += 1
            }
            guard found > 0 else {
                let kinds = kinds.reversed().map { $0.filesDescription }.joined(separator: " or ")
                throw .io(path: input, message: "directory holds no \(kinds)")
            }
        }
        return sources
    }

    /// Where standard input is read from.
    static let standardInput = "/dev/stdin"

    /// Whether some kind reads this file found in a folder.
    static func isClaimed(_ file: String) -> Bool {
        for kind in kinds where kind.claims(file: file) { return true }
        return false
    }

    /// The first kind's source for one input.
    static func source(for input: String) -> (any EventSource)? {
        for kind in kinds {
            if let source = kind.source(for: input) { return source }
        }
        return nil
    }
}
