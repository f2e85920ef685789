import ClickstreamAnalysis
import ClickstreamEvaluation
import ClickstreamSynthetic

/// Clean generated datasets as the scorecard reads them.
package enum ScorecardFixture {
    /// Every segment with some volume is monitored, so small test datasets have several.
    package static var loose: AnalysisSettings {
        var settings = AnalysisSettings()
        settings.minViewsPerDay = 10
        settings.minValidationTransactionsPerDay = 0.5
        return settings
    }

    /// A clean generated dataset of 400,000 events over 70 days, read for the scorecard.
    package static func data(_ dir: TemporaryDirectory, seed: UInt64 = 42) throws -> (path: String, data: ScorecardData) {
        var generator = GeneratorSettings()
        generator.seed = seed
        generator.events = 400_000
        generator.days = 70
        generator.incident = nil
        let path = dir.file("clean-\(seed).csv")
        _ = try DatasetGenerator(settings: generator).write(to: path)
        return (path, try ScorecardData(path: path, seed: seed, settings: loose))
    }
}
