import ClickstreamCore
import Foundation

/// Per-file cache of ingest results, so a refresh parses only new or changed files.
///
/// An entry holds one file's cube and data-quality report, under a key of the file's
/// absolute path, size, modification time, status-change time (ctime) and inode, a
/// fingerprint of its first and last 64 KiB, the enrichment seed and the tool's version.
/// The ctime is what a user cannot put back by hand: a file edited in the middle with its
/// size and modification time restored (`touch -d`) still gets a new ctime, so it is read
/// again. Pipes and FIFOs are never cached. A file whose key differs (changed,
/// truncated, appended to, touched) is read again; an entry that does not decode, belongs
/// to another format or another file is ignored and rewritten, never trusted.
public struct IngestCache: Sendable {
    /// Bump when the entry layout or anything that shapes a cube changes.
    static let format = 9
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// Why entries cannot be stored in `directory` (created if missing), or nil.
    var unusable: String? {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return ClickstreamError.plainWords(error)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "not a folder"
        }
        return access(directory, W_OK | X_OK) == 0 ? nil : ClickstreamError.posixWords(errno)
    }

    package struct Key: Codable, Equatable, Sendable {
        var format: Int
        var toolVersion: String
        var path: String
        var size: Int
        var modified: Int64
        var changed: Int64
        var inode: UInt64
        var fingerprint: String
        var enrichmentSeed: UInt64
        /// The names, kinds and zone the file was read with.
        var read: ReadSettings
    }

    struct Entry: Codable {
        var key: Key
        var cube: DailyCube
        var report: IngestReport
        /// Size and full-content hash, for the report's provenance footer.
        var input: InputFile
    }

    /// The key of a file as it is now; nil for a pipe or FIFO (read every time).
    func key(for path: String, options: IngestOptions) throws(ClickstreamError) -> Key? {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let source = try FileByteSource(path: absolute)
        guard source.isRegular, let identity = FileIdentity(descriptor: source.descriptor) else { return nil }
        let size = identity.size
        let window = 1 << 16
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: window, alignment: 8)
        defer { buffer.deallocate() }
        var hash = ContentHash()
        for offset in Set([0, max(0, size - window)]).sorted() {
            let n = try source.read(at: offset, into: buffer)
            hash.add(UnsafeRawBufferPointer(rebasing: buffer[..<n]))
        }
        return Key(format: Self.format, toolVersion: ToolVersion.current, path: absolute, size: size, modified: identity.modified,
                   changed: identity.changed, inode: identity.inode, fingerprint: hash.hex, enrichmentSeed: options.enrichmentSeed,
                   read: ReadSettings(options))
    }

    private func entryPath(for key: Key) -> String {
        var hash = ContentHash()
        var bytes = Array(key.path.utf8)
        bytes.withUnsafeMutableBytes { hash.add(UnsafeRawBufferPointer($0)) }
        return directory + "/" + hash.hex + ".json"
    }

    /// The cached result for this key, or nil (missing, stale, corrupt or foreign entry),
    /// with its locations naming the file as this run was given it.
    func load(_ key: Key, as path: String) -> IngestResult? {
        guard let data = FileManager.default.contents(atPath: entryPath(for: key)),
              let entry = try? JSONDecoder().decode(Entry.self, from: data), entry.key == key else { return nil }
        var report = entry.report
        report.files = report.files.map { summary in
            var summary = summary
            summary.path = path
            return summary
        }
        report.rejects = report.rejects.map { reject in
            var reject = reject
            reject.file = path
            return reject
        }
        var input = entry.input
        input.path = path
        return IngestResult(cube: entry.cube, report: report, inputs: [input])
    }

    /// Stores a file's result; a cache that cannot be written only costs speed next time.
    func store(_ result: IngestResult, input: InputFile, for key: Key) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let data = try? JSONEncoder().encode(Entry(key: key, cube: result.cube, report: result.report, input: input)) else { return }
        let path = entryPath(for: key)
        let temporary = path + ".partial-\(getpid())"
        guard (try? data.write(to: URL(fileURLWithPath: temporary))) != nil else { return }
        _ = rename(temporary, path)
    }
}
