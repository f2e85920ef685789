import ClickstreamCore
import Foundation

/// Turns the paths a user gave into the list of CSV files to read: files as given,
/// directories expanded to their `.csv` files (not hidden ones) in name order.
public enum InputFiles {
    /// The size of a file in bytes (0 when it cannot be read; the read itself reports why).
    static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    public static func expand(_ paths: [String]) throws(ClickstreamError) -> [String] {
        guard !paths.isEmpty else { throw ClickstreamError(stage: "ingest", message: "no input given") }
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .io(path: path, message: "no such file or directory")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw .io(path: path, message: "cannot list directory (permission denied?)")
            }
            let csv = names.filter { !$0.hasPrefix(".") && $0.lowercased().hasSuffix(".csv") }.sorted()
            guard !csv.isEmpty else { throw .io(path: path, message: "directory holds no .csv files") }
            let base = path.hasSuffix("/") ? path : path + "/"
            files += csv.map { base + $0 }
        }
        return files
    }
}
