import ClickstreamIngest
import ClickstreamSynthetic

/// Generated CSV files for tests that read real-sized input.
package enum GeneratedDataset {
    /// Writes a generated dataset (SPEC section 2's generator, seed 42) to `dir/name`.
    /// - Returns: the file's path.
    package static func write(_ dir: TemporaryDirectory, _ name: String, events: Int = 50_000, days: Int = 28,
                              layout: CSVLayout = .enriched, incident: IncidentSettings? = IncidentSettings()) throws -> String {
        var settings = GeneratorSettings()
        settings.events = events
        settings.days = days
        settings.layout = layout
        settings.incident = incident
        _ = try DatasetGenerator(settings: settings).write(to: dir.file(name))
        return dir.file(name)
    }
}
