import ClickstreamCore

/// The sidecar `FILE.meta.json` written beside a generated or injected file, so the report
/// can say openly what the data is and what was injected into it.
public struct DatasetMetadata: Codable, Sendable, Equatable {
    /// `generate` or `inject`.
    public var producedBy: String
    public var toolVersion: String
    /// Generation parameters (for `generate`).
    public var generator: GeneratorSettings?
    /// The source file (for `inject`).
    public var source: String?
    /// Seed of the incident's row choice and, for raw input, of the enrichment.
    public var seed: UInt64
    public var incident: IncidentSettings?
    public var incidentCheck: IncidentCheck?
    /// Totals of the written file.
    public var totals: EventTotals
    public var firstDay: Day?
    public var lastDay: Day?
    /// Distinct visitors, items and sessions (for `generate`).
    public var visitors: Int?
    public var items: Int?
    public var sessions: Int?

    /// The sidecar path for a data file.
    public static func path(for dataPath: String) -> String { dataPath + ".meta.json" }
}
