import ClickstreamCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Publishes a site atomically: every file goes into a fresh sibling folder, which is
/// swapped with the old site in one step (`FolderExchange`) only once it is complete. A
/// failure or a kill at any point leaves the previous site or the new one in place, whole;
/// the entries a user added to the site (`SiteManifest`) are carried over; the next run
/// finishes what a killed one left (restores user entries, removes its folders).
public enum SiteWriter {
    /// The points between the steps of a publication, where a test stops it as a kill would.
    public enum Step: String, CaseIterable, Sendable {
        /// Part of the files are written into the build folder.
        case someFilesWritten
        /// The build folder is complete, manifest included.
        case staged
        /// The new site is in place; the old one is in the build folder.
        case exchanged
        /// The user's entries are back in the new site.
        case userEntriesMoved
    }

    /// Thrown at `stopAfter`: nothing is cleaned up, as after a kill.
    public struct SimulatedStop: Error {}

    /// Writes `files` (relative path → bytes) as the folder `target` and returns warnings
    /// for the terminal (entries left aside rather than deleted). `failAfterFiles` simulates
    /// a failure after that many files; `stopAfter` a kill after that step (tests).
    @discardableResult
    public static func write(_ files: [String: Data], to target: String, failAfterFiles: Int? = nil,
                             stopAfter: Step? = nil) throws -> [String] {
        let target = URL(fileURLWithPath: target).standardizedFileURL
        let manifest = SiteManifest(files: files.keys)
        var warnings = recoverStaleFolders(of: target, owned: manifest)
        let staging = buildFolder(of: target, pid: getpid())
        do {
            try? FileManager.default.removeItem(at: staging)
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
            // The manifest first: a build folder a kill leaves behind then always says that
            // every entry in it is the tool's.
            try Data(manifest.text.utf8).write(to: staging.appendingPathComponent(SiteManifest.fileName))
            for (count, path) in files.keys.sorted().enumerated() {
                if let limit = failAfterFiles, count >= limit {
                    throw ClickstreamError(stage: "report", path: path, message: "simulated failure while writing the site")
                }
                if stopAfter == .someFilesWritten, count == files.count / 2 { throw SimulatedStop() }
                let file = staging.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try files[path]!.write(to: file)
            }
            if stopAfter == .staged { throw SimulatedStop() }
            guard FileManager.default.fileExists(atPath: target.path) else {
                try FileManager.default.moveItem(at: staging, to: target)
                return warnings
            }
            let entries = try FileManager.default.contentsOfDirectory(atPath: target.path)
            guard entries.isEmpty || SiteManifest.read(folder: target, fallback: manifest.entries) != nil else {
                throw ClickstreamError(stage: "report", path: target.path, isUsage: true, message: "not a site this tool wrote; nothing was replaced")
            }
            try FolderExchange.exchange(staging, target)
        } catch let stop as SimulatedStop {
            throw stop
        } catch let error as ClickstreamError {
            try? FileManager.default.removeItem(at: staging)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw ClickstreamError(stage: "report", path: target.path, message: "cannot write the site: \(ClickstreamError.plainWords(error))")
        }
        if stopAfter == .exchanged { throw SimulatedStop() }
        // The old site now sits in the build folder: hand the user's entries back, then
        // remove what the tool wrote there.
        warnings += finish(retired: staging, target: target, owned: manifest, stopAfterMove: stopAfter == .userEntriesMoved)
        if stopAfter == .userEntriesMoved { throw SimulatedStop() }
        return warnings
    }

    static func buildFolder(of target: URL, pid: Int32) -> URL {
        target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).building-\(pid)")
    }

    /// Moves the user's entries of a retired site (or of a build folder a killed run left)
    /// into `target`, then deletes the entries the tool owns there and the folder itself.
    /// Whatever it cannot place is left where it is, with a warning.
    static func finish(retired: URL, target: URL, owned fallback: SiteManifest, stopAfterMove: Bool = false) -> [String] {
        let manager = FileManager.default
        let owned = Set((SiteManifest.read(folder: retired, fallback: fallback.entries) ?? SiteManifest(entries: [String]())).entries)
            .union([SiteManifest.fileName])
        let entries = (try? manager.contentsOfDirectory(atPath: retired.path)) ?? []
        var kept: [String] = []
        for entry in entries.sorted() where !owned.contains(entry) {
            let destination = target.appendingPathComponent(entry)
            if manager.fileExists(atPath: destination.path) || (try? manager.moveItem(at: retired.appendingPathComponent(entry), to: destination)) == nil {
                kept.append(entry)
            }
        }
        if stopAfterMove { return [] }
        for entry in entries where owned.contains(entry) {
            try? manager.removeItem(at: retired.appendingPathComponent(entry))
        }
        if kept.isEmpty {
            try? manager.removeItem(at: retired)  // empty by now
            return []
        }
        return ["kept \(retired.path): it holds \(kept.joined(separator: ", ")), which this tool did not write and could not put back into \(target.lastPathComponent)/"]
    }

    /// Finishes the publications of runs that were killed: their build folders (`.NAME.building-PID`
    /// of a process that is gone) hold either a half-built site or, after the exchange, the
    /// previous site with the user's entries.
    static func recoverStaleFolders(of target: URL, owned: SiteManifest) -> [String] {
        let parent = target.deletingLastPathComponent()
        let prefix = ".\(target.lastPathComponent).building-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        var warnings: [String] = []
        for name in names.sorted() where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), !isRunning(pid) else { continue }
            warnings += finish(retired: parent.appendingPathComponent(name), target: target, owned: owned)
        }
        // Two renames instead of an exchange (`FolderExchange`): killed between them, the
        // old site waits beside the target under `.NAME.exchange-PID`.
        let aside = ".\(target.lastPathComponent).exchange-"
        for name in names.sorted() where name.hasPrefix(aside) {
            guard let pid = Int32(name.dropFirst(aside.count)), !isRunning(pid) else { continue }
            let folder = parent.appendingPathComponent(name)
            if !FileManager.default.fileExists(atPath: target.path), (try? FileManager.default.moveItem(at: folder, to: target)) != nil { continue }
            warnings += finish(retired: folder, target: target, owned: owned)
        }
        return warnings
    }

    static func isRunning(_ pid: Int32) -> Bool {
        pid == getpid() ? false : (kill(pid, 0) == 0 || errno == EPERM)
    }
}
