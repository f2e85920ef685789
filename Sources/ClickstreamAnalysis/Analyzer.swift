import ClickstreamCore
import Foundation

/// Runs every stage of SPEC sections 4–9 over an ingested cube, in order: periods, traffic
/// variance, root cause, drill-down, funnel, detector, validation, sensitivity. Stages are pure functions of the
/// cube and the settings; none knows about HTML.
public struct Analyzer: Sendable {
    public var settings: AnalysisSettings

    public init(settings: AnalysisSettings) { self.settings = settings }

    /// Every number of the analysis of `cube`, as results.json holds it.
    /// - Parameters:
    ///   - cube: what the sources read;
    ///   - quality: their data-quality counts (the `dataset` section reports them);
    ///   - incident: the synthetic incident the data's sidecar states, if any.
    public func analyze(_ cube: DailyCube, quality: IngestReport, incident: IncidentCheck? = nil) -> AnalysisResults {
        analysis(cube, quality: quality, incident: incident).results
    }

    /// The analysis of `cube` with what the report draws besides the results: the daily
    /// series the stages read and every detector run, each computed once.
    public func analysis(_ cube: DailyCube, quality: IngestReport, incident: IncidentCheck? = nil) -> Analysis {
        var settings = settings
        if settings.incidentStart == nil { settings.incidentStart = incident?.firstDay }
        let prepared = AnalysisCube(cube, settings: settings, extents: quality.dayExtents)
        let data = DailySeries(cube: prepared.cube)
        let runs = data.map { DetectorRuns(data: $0) }
        var results = AnalysisResults(toolVersion: ToolVersion.current, settings: settings,
                                      dataset: dataset(prepared, quality: quality),
                                      periods: nil, traffic: nil, rootCause: [], drilldown: nil, funnel: nil, detector: nil,
                                      validation: [], validationSummary: nil, incident: incident)
        if let data, let runs { stages(data, runs: runs, settings: settings, into: &results) }
        var verdict = Verdict(results: results)
        if let runs, let cause = Verdict.silentCause(results, runs: runs) { verdict.note(cause) }
        if let reason = partialDaysDecide(verdict, prepared.partial, cube, quality: quality, incident: incident) {
            verdict.withhold(reason)
        }
        results.verdict = verdict
        return Analysis(results: results, data: data, runs: runs)
    }

    /// Why there is no verdict when leaving out partial days alone makes it milder: counted,
    /// the day would give a louder verdict (an export cut and an outage look alike: both
    /// end the data early). nil when nothing was left out or the verdicts agree.
    private func partialDaysDecide(_ verdict: Verdict, _ partial: PartialDays, _ cube: DailyCube, quality: IngestReport,
                                   incident: IncidentCheck?) -> Verdict.Reason? {
        guard !settings.keepPartialDays, !partial.days.isEmpty, verdict.hasVerdict else { return nil }
        var counting = self
        counting.settings.keepPartialDays = true
        guard let kept = counting.analysis(cube, quality: quality, incident: incident).results.verdict, kept.hasVerdict,
              kept.status.severity > verdict.status.severity else { return nil }
        let days = partial.days.map(\.description).joined(separator: " and ")
        return Verdict.Reason(.partialDays, "left out as partial, \(days) would turn \(verdict.status.rawValue) into "
            + "\(kept.status.rawValue) if counted: an export cut short and an outage that stopped events look alike; "
            + "--keep-partial-days counts the day")
    }

    /// What the data was, after the window and the folding of rare values.
    private func dataset(_ prepared: AnalysisCube, quality: IngestReport) -> DatasetSummary {
        let cube = prepared.cube
        var dataset = DatasetSummary(
            files: quality.files, events: cube.totals.all, eventsByType: cube.totals, firstDay: cube.firstDay,
            lastDay: cube.lastDay,
            days: cube.firstDay.flatMap { first in cube.lastDay.map { first.distance(to: $0) + 1 } } ?? 0,
            rowsRead: quality.rowsRead, rejectedRows: quality.rejected, blankLines: quality.blankLines,
            daysWithoutEvents: cube.emptyDays)
        dataset.timeZone = quality.timeZone
        dataset.revenueUnit = quality.revenueUnit
        dataset.enrichment = quality.segmentSource
        dataset.enrichmentSeed = quality.enrichmentSeed
        dataset.bounds = quality.dayBounds
        dataset.eventsOutsideBounds = quality.eventsOutsideBounds ?? 0
        dataset.eventsAfterAsOf = prepared.eventsAfterAsOf
        dataset.partialDays = prepared.partial.days
        dataset.outlyingDays = prepared.outlying.days.sorted { $0.key < $1.key }.map { DayEvents(date: $0.key, events: $0.value) }
        dataset.eventsBeforeWindow = prepared.eventsBeforeWindow
        dataset.foldedValues = prepared.folded
        return dataset
    }

    /// Every stage but the verdict, which reads them all.
    private func stages(_ data: DailySeries, runs: DetectorRuns, settings: AnalysisSettings, into results: inout AnalysisResults) {
        let periods = Periods(first: data.firstDay, last: data.lastDay, recentDays: settings.recentDays)
        results.periods = periods
        results.traffic = TrafficVariance(data: data, periods: periods)
        // Without segments (all traffic as one) there is nothing to rank or compare.
        let segmented = results.dataset.enrichment != .none
        if segmented {
            results.rootCause = Array(RootCauseRanking(data: data, periods: periods, settings: settings, runs: runs).candidates
                .prefix(RootCauseRanking.reported))
        }
        let drilldown = DrillDown(data: data, periods: periods, settings: settings)
        results.drilldown = drilldown
        if let segment = settings.detectorSegment ?? drilldown.segment {
            results.funnel = Funnel(segment: segment, data: data, periods: periods)
            results.summary = IncidentEstimate(segment: segment, data: data, periods: periods)
            results.detector = DetectorRun(segment: segment, runs: runs, settings: settings)
        }
        if segmented {
            let validation = Validation(data: data, periods: periods, detectorRun: results.detector, settings: settings, runs: runs)
            results.validation = validation.segments
            results.validationSummary = validation.summary
        }
        results.sensitivity = Sensitivity(data: data, periods: periods, settings: settings, runs: runs)
    }

    /// `results.json` text: pretty, keys sorted, so the same input gives the same bytes.
    public static func json(_ results: AnalysisResults) throws(ClickstreamError) -> Data {
        try StableJSON.data(results)
    }
}
