import ClickstreamCore
import Foundation

/// Facts about input files the reading needs before it starts.
package enum InputFiles {
    /// The size of a file in bytes (0 when it cannot be read; the read itself reports why).
    static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }
}
