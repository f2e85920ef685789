import Foundation

/// Writes a site atomically: every file goes into a fresh sibling folder, which replaces
/// the old site by two renames only once it is complete. A failure at any point leaves
/// the previous site byte for byte as it was.
public enum SiteWriter {
    /// Writes `files` (relative path → bytes) as the folder `target`. `failAfterFiles`
    /// simulates a crash after that many files (tests).
    public static func write(_ files: [String: Data], to target: String, failAfterFiles: Int? = nil) throws(ClickstreamError) {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: target).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        let staging = parent.appendingPathComponent(".\(name).building-\(getpid())")
        let retired = parent.appendingPathComponent(".\(name).previous-\(getpid())")
        do {
            try? manager.removeItem(at: staging)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for (count, path) in files.keys.sorted().enumerated() {
                if let limit = failAfterFiles, count >= limit {
                    throw ClickstreamError(stage: "report", path: path, message: "simulated failure while writing the site")
                }
                let file = staging.appendingPathComponent(path)
                try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try files[path]!.write(to: file)
            }
            if manager.fileExists(atPath: target.path) {
                try manager.moveItem(at: target, to: retired)
            }
            do {
                try manager.moveItem(at: staging, to: target)
            } catch {
                try? manager.moveItem(at: retired, to: target)
                throw error
            }
            try? manager.removeItem(at: retired)
        } catch let error as ClickstreamError {
            try? manager.removeItem(at: staging)
            throw error
        } catch {
            try? manager.removeItem(at: staging)
            throw ClickstreamError(stage: "report", path: target.path, message: "cannot write the site: \(error.localizedDescription)")
        }
    }
}
