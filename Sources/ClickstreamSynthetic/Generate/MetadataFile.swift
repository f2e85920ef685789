import ClickstreamCore
import Foundation

/// Reads and writes `FILE.meta.json` sidecars, with sorted keys so they are byte-stable.
public enum MetadataFile {
    public static func write(_ metadata: DatasetMetadata, for dataPath: String) throws(ClickstreamError) {
        let path = DatasetMetadata.path(for: dataPath)
        let data = try StableJSON.data(metadata)
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, message: "cannot write metadata: \(ClickstreamError.plainWords(error))")
        }
    }

    /// The sidecar of `dataPath`, or `nil` when there is none or it is not ours.
    public static func read(for dataPath: String) -> DatasetMetadata? {
        guard let data = FileManager.default.contents(atPath: DatasetMetadata.path(for: dataPath)) else {
            return nil
        }
        return try? JSONDecoder().decode(DatasetMetadata.self, from: data)
    }
}
