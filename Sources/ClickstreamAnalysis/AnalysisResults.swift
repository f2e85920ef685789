import ClickstreamCore

/// What the data was: sizes, range and quality (SPEC 10 `dataset`).
public struct DatasetSummary: Codable, Sendable, Equatable {
    public var files: [FileSummary]
    public var events: Int
    public var eventsByType: EventTotals
    /// The IANA zone whose calendar days the days are (`UTC` unless configured).
    public var timeZone = "UTC"
    /// What the revenue is counted in (`input.revenue_unit`); null when the config names
    /// none or reads no revenue.
    @ExplicitNull public var revenueUnit: String? = nil
    /// Where the segments come from: the data's columns, a synthetic draw, or none.
    public var enrichment = SegmentSource.columns
    /// The seed of the synthetic draw (null unless `enrichment` is synthetic).
    @ExplicitNull public var enrichmentSeed: UInt64? = nil
    @ExplicitNull public var firstDay: Day? = nil
    @ExplicitNull public var lastDay: Day? = nil
    public var days: Int
    public var rowsRead: Int
    public var rejectedRows: Int
    public var blankLines: Int
    public var daysWithoutEvents: [Day]
    /// The shop's days the read was bounded to (`--since`, `--until`); null when it was not.
    @ExplicitNull public var bounds: DayBounds? = nil
    /// Events on days outside `bounds`, left out when the data was read.
    public var eventsOutsideBounds = 0
    /// Events after `--as-of`, left out of the analysis.
    public var eventsAfterAsOf = 0
    /// Days far from the bulk of the data (`OutlyingDays`), left out of the analysis with
    /// their events; `firstDay` … `lastDay` is the window analysed.
    public var outlyingDays: [DayEvents] = []
    /// A first or last day the data covers only in part: left out of the analysis (with
    /// its events) unless `keepPartialDays`.
    public var partialDays: [PartialDay] = []
    /// Events before the analysis window (the normal period is at most `maxNormalDays`).
    public var eventsBeforeWindow = 0
    /// Dimensions whose rare values were folded into `(other)`.
    public var foldedValues: [FoldedValues] = []
}

/// A day and its number of events.
public struct DayEvents: Codable, Sendable, Equatable {
    public var date: Day
    public var events: Int
}

/// Every number of one analysis, as `results.json` holds it (SPEC 10): rates are fractions,
/// dates `YYYY-MM-DD`, undefined numbers `null`.
public struct AnalysisResults: Codable, Sendable, Equatable {
    public var toolVersion: String
    public var settings: AnalysisSettings
    public var dataset: DatasetSummary
    /// nil when the input held no valid rows ("no data").
    @ExplicitNull public var periods: Periods? = nil
    @ExplicitNull public var traffic: TrafficVariance? = nil
    /// Candidate causes, best first (the first `RootCauseRanking.reported`).
    public var rootCause: [RootCauseCandidate]
    @ExplicitNull public var drilldown: DrillDown? = nil
    @ExplicitNull public var funnel: Funnel? = nil
    /// Since when the funnel's segment is down, what it cost, whether it goes on; nil
    /// without a segment to follow.
    @ExplicitNull public var summary: IncidentEstimate? = nil
    @ExplicitNull public var detector: DetectorRun? = nil
    public var validation: [SegmentValidation]
    @ExplicitNull public var validationSummary: ValidationSummary? = nil
    /// Alerts at other thresholds and volume minimums on the same data.
    @ExplicitNull public var sensitivity: Sensitivity? = nil
    /// The synthetic incident, when the data's sidecar says one was injected.
    @ExplicitNull public var incident: IncidentCheck? = nil
    /// The verdict on the recent period, or why there is none.
    @ExplicitNull public var verdict: Verdict? = nil
}
