import Foundation

/// The marker a published site carries (`.clickstream-site`): it says the folder was written
/// by this tool and lists the top-level entries the tool owns there. Everything else in the
/// folder (a `.git`, a `CNAME`, a `README`) belongs to the user and is carried over to every
/// new site, never deleted.
public struct SiteManifest: Equatable, Sendable {
    /// The marker's file name.
    public static let fileName = ".clickstream-site"
    static let heading = "clickstream site: this folder is replaced as a whole on each run; entries not listed here are yours and are kept."

    /// Top-level names the tool wrote, sorted.
    public var entries: [String]

    public init(entries: some Sequence<String>) { self.entries = Array(Set(entries)).sorted() }

    /// The manifest of a site made of `files` (relative paths).
    public init(files: some Sequence<String>) {
        self.init(entries: files.compactMap { $0.split(separator: "/").first.map(String.init) })
    }

    public var text: String { ([Self.heading] + entries).joined(separator: "\n") + "\n" }

    /// The manifest of `folder`, or nil when the folder is not a site this tool wrote. A site
    /// written before the marker existed is recognised by its `index.html` beside a
    /// `results.json` that names the tool's version; it owns the names `fallback` lists.
    static func read(folder: URL, fallback: some Sequence<String>) -> SiteManifest? {
        let marker = folder.appendingPathComponent(fileName)
        if let data = FileManager.default.contents(atPath: marker.path) {
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            guard lines.first == heading else { return nil }
            return SiteManifest(entries: lines.dropFirst().filter { !$0.isEmpty && !$0.contains("/") && $0 != ".." && $0 != "." })
        }
        let results = folder.appendingPathComponent("results.json")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path),
              let data = FileManager.default.contents(atPath: results.path),
              String(decoding: data, as: UTF8.self).contains("\"toolVersion\"")
        else { return nil }
        return SiteManifest(entries: fallback)
    }
}
