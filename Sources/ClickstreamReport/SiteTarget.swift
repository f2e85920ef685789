import ClickstreamCore
import Foundation

/// Decides whether `--out` may be written, before anything is read: only a folder that does
/// not exist yet, an empty one, or one holding a site this tool wrote (`SiteManifest`).
/// Never a regular file, a folder of the user's, the root, the home or the current folder,
/// nor a folder that holds one of the inputs.
public enum SiteTarget {
    /// Throws a usage error (exit 64) saying why `path` is refused and what to do instead.
    public static func check(_ path: String, inputs: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws(ClickstreamError) {
        func refuse(_ why: String) -> ClickstreamError {
            ClickstreamError(stage: "report", path: path, isUsage: true,
                             message: "\(why); --out takes a new folder, an empty one, or a site this tool wrote earlier (it holds \(SiteManifest.fileName))")
        }
        let target = resolved(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw refuse("it is a file, not a folder: the site would replace it") }
        var protected = ["/": "the root folder", resolved(FileManager.default.currentDirectoryPath): "the current folder"]
        for home in [environment["HOME"], NSHomeDirectory()].compactMap({ $0 }) where !home.isEmpty {
            protected[resolved(home)] = "the home folder"
        }
        if let what = protected[target] { throw refuse("it is \(what)") }
        for input in inputs where input != "-" {
            let inputPath = resolved(input)
            if inputPath == target || inputPath.hasPrefix(target == "/" ? "/" : target + "/") {
                throw refuse("it holds the input \(input)")
            }
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        if entries.isEmpty { return }
        if SiteManifest.read(folder: URL(fileURLWithPath: target), fallback: [String]()) == nil {
            throw refuse("it is a folder of \(entries.count) \(entries.count == 1 ? "entry" : "entries") this tool did not write")
        }
    }

    /// The absolute path with symbolic links and `..` resolved (as far as it exists).
    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
