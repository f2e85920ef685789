/// What the data was: sizes, range and quality (SPEC 10 `dataset`).
public struct DatasetSummary: Codable, Sendable, Equatable {
    public var files: [FileSummary]
    public var events: Int
    public var eventsByType: EventTotals
    public var firstDay: Day?
    public var lastDay: Day?
    public var days: Int
    public var rowsRead: Int
    public var rejectedRows: Int
    public var blankLines: Int
    public var daysWithoutEvents: [Day]

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(files, forKey: .files)
        try c.encode(events, forKey: .events)
        try c.encode(eventsByType, forKey: .eventsByType)
        try c.encode(firstDay, forKey: .firstDay)
        try c.encode(lastDay, forKey: .lastDay)
        try c.encode(days, forKey: .days)
        try c.encode(rowsRead, forKey: .rowsRead)
        try c.encode(rejectedRows, forKey: .rejectedRows)
        try c.encode(blankLines, forKey: .blankLines)
        try c.encode(daysWithoutEvents, forKey: .daysWithoutEvents)
    }
}

/// Every number of one analysis, as `results.json` holds it (SPEC 10): rates are fractions,
/// dates `YYYY-MM-DD`, undefined numbers `null`.
public struct AnalysisResults: Codable, Sendable, Equatable {
    public var toolVersion: String
    public var settings: AnalysisSettings
    public var dataset: DatasetSummary
    /// nil when the input held no valid rows ("no data").
    public var periods: Periods?
    public var traffic: TrafficVariance?
    /// Candidate causes, best first (the first `RootCauseRanking.reported`).
    public var rootCause: [RootCauseCandidate]
    public var drilldown: DrillDown?
    public var funnel: Funnel?
    public var detector: DetectorRun?
    public var validation: [SegmentValidation]
    public var validationSummary: ValidationSummary?
    /// The synthetic incident, when the data's sidecar says one was injected.
    public var incident: IncidentCheck?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(toolVersion, forKey: .toolVersion)
        try c.encode(settings, forKey: .settings)
        try c.encode(dataset, forKey: .dataset)
        try c.encode(periods, forKey: .periods)
        try c.encode(traffic, forKey: .traffic)
        try c.encode(rootCause, forKey: .rootCause)
        try c.encode(drilldown, forKey: .drilldown)
        try c.encode(funnel, forKey: .funnel)
        try c.encode(detector, forKey: .detector)
        try c.encode(validation, forKey: .validation)
        try c.encode(validationSummary, forKey: .validationSummary)
        try c.encode(incident, forKey: .incident)
    }
}
