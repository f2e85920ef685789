import ClickstreamCore
import Foundation

/// What a drain of a topic leaves in `--cache DIR` for the next: the cube and report of
/// every message read so far and, per partition, the offset to read from next. Both
/// change in one step (the new file is written and synced under another name, then
/// renamed over the old one), so a run killed at any moment leaves the old pair or the new
/// pair, and no message is counted twice or lost. A checkpoint read with other settings
/// (`ReadSettings`, or the messages' format) cannot be extended: that is an error, never a
/// silent restart.
struct KafkaCheckpoint: Codable {
    /// Bump when the layout or anything that shapes a cube changes.
    static let format = 2

    struct Settings: Codable, Equatable {
        var format: Int
        var topic: String
        /// Messages are CSV lines, not JSON objects (`--messages csv`).
        var csvMessages: Bool
        var read: ReadSettings
    }

    var settings: Settings
    /// The next offset to read, by partition.
    var positions: [Int32: Int64]
    /// Each partition's high-water mark when it was last read: a mark lower than this now
    /// means the topic was recreated or truncated.
    var marks: [Int32: Int64] = [:]
    var cube: DailyCube
    var report: IngestReport

    static func settings(topic: String, options: IngestOptions) -> Settings {
        var read = ReadSettings(options)
        // JSON messages are turned into comma-separated records whatever --delimiter says.
        if !options.csvMessages { read.delimiter = UInt8(ascii: ",") }
        return Settings(format: format, topic: topic, csvMessages: options.csvMessages, read: read)
    }

    /// The checkpoint's file for a topic: one per topic and folder.
    static func path(directory: String, topic: String) -> String { directory + "/kafka-" + topic + ".json" }

    /// The stored checkpoint, nil when there is none; an error when it cannot be read or
    /// was made with other settings.
    static func load(directory: String, topic: String, options: IngestOptions) throws(ClickstreamError) -> KafkaCheckpoint? {
        let path = path(directory: directory, topic: topic)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw .io(path: path, message: "cannot read the checkpoint") }
        let checkpoint: KafkaCheckpoint
        do {
            checkpoint = try JSONDecoder().decode(KafkaCheckpoint.self, from: data)
        } catch {
            throw .io(path: path, message: "the checkpoint does not decode (\(ClickstreamError.plainWords(error))); it is left as it is: move it away to read the topic from its first offset")
        }
        guard checkpoint.settings == settings(topic: topic, options: options) else {
            throw .io(path: path, message: "the checkpoint was made with other settings (columns, events, dimensions, delimiter, time zone, message format or checkpoint format); give another --cache folder, or move it away to read the topic from its first offset")
        }
        return checkpoint
    }

    /// Writes the checkpoint in one step: a new file, synced, renamed over the old one.
    func store(directory: String) throws(ClickstreamError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io(path: directory, message: "cannot create the cache folder (\(ClickstreamError.plainWords(error)))")
        }
        let path = Self.path(directory: directory, topic: settings.topic)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { throw .io(path: path, message: "the checkpoint cannot be encoded") }
        // A run killed while writing leaves its partial file: ours, by its name, so it goes.
        let prefix = "kafka-" + settings.topic + ".json.partial-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(prefix) {
            unlink(directory + "/" + name)
        }
        let temporary = path + ".partial-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .io(path: temporary, message: "cannot write the checkpoint (\(errnoText()))") }
        let written = data.withUnsafeBytes { bytes -> Bool in
            var done = 0
            while done < bytes.count {
                let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
                if n <= 0 { return false }
                done += n
            }
            return true
        }
        let synced = written && fsync(fd) == 0
        close(fd)
        guard synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .io(path: path, message: "cannot write the checkpoint (\(errnoText()))")
        }
        // The rename itself is made durable by syncing the folder.
        let folder = open(directory, O_RDONLY)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// The checkpoint with a new part's cube and report added: per-partition summaries are
    /// summed by partition, so they stay one row per partition.
    func adding(_ part: IngestResult, positions: [Int32: Int64], marks: [Int32: Int64]) -> KafkaCheckpoint {
        var next = self
        next.positions = positions
        next.marks = marks
        next.cube = cube.merged(with: part.cube)
        var report = self.report
        report.absorb(part.report)
        report.files = self.report.files
        for summary in part.report.files {
            if let index = report.files.firstIndex(where: { $0.path == summary.path }) {
                report.files[index].records += summary.records
                report.files[index].accepted += summary.accepted
                report.files[index].rejected += summary.rejected
                report.files[index].bytes += summary.bytes
            } else {
                report.files.append(summary)
            }
        }
        next.report = report
        return next
    }
}
