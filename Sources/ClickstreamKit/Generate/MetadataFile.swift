import Foundation

/// Reads and writes `FILE.meta.json` sidecars, with sorted keys so they are byte-stable.
public enum MetadataFile {
    public static func write(_ metadata: DatasetMetadata, for dataPath: String) throws(ClickstreamError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = DatasetMetadata.path(for: dataPath)
        do {
            var data = try encoder.encode(metadata)
            data.append(0x0A)
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, message: "cannot write metadata: \(error.localizedDescription)")
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
