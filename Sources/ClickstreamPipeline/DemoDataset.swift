import ClickstreamCore
import ClickstreamSynthetic
import Foundation

/// The embedded demo dataset: generated once into `data/events.csv` with the default
/// parameters (and its stated incident), reused while a file with those parameters is there.
public enum DemoDataset {
    public static let path = "data/events.csv"

    /// Generates the dataset unless a file with the default parameters is already there.
    /// - Returns: the new file's metadata; nil when the existing file was reused.
    public static func ensure(progress: ProgressMeter?) throws(ClickstreamError) -> DatasetMetadata? {
        let defaults = GeneratorSettings()
        if FileManager.default.fileExists(atPath: path), MetadataFile.read(for: path)?.generator == defaults { return nil }
        return try DatasetGenerator(settings: defaults, progress: progress).write(to: path)
    }
}
