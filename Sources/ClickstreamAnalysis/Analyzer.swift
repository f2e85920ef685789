import ClickstreamCore
import Foundation

/// Runs every stage of SPEC sections 4–9 over an ingested cube, in order: periods, traffic
/// variance, root cause, drill-down, funnel, detector, validation, sensitivity. Stages are pure functions of the
/// cube and the settings; none knows about HTML.
public struct Analyzer: Sendable {
    public var settings: AnalysisSettings

    public init(settings: AnalysisSettings) { self.settings = settings }

    /// - Parameters:
    ///   - cube: what the sources read;
    ///   - quality: their data-quality counts (the `dataset` section reports them);
    ///   - incident: the synthetic incident the data's sidecar states, if any.
    public func analyze(_ cube: DailyCube, quality: IngestReport, incident: IncidentCheck? = nil) -> AnalysisResults {
        var results = stages(cube, quality: quality, incident: incident)
        results.verdict = Verdict(results: results)
        return results
    }

    /// Every stage but the verdict, which reads them all.
    private func stages(_ cube: DailyCube, quality: IngestReport, incident: IncidentCheck?) -> AnalysisResults {
        var settings = settings
        if settings.incidentStart == nil { settings.incidentStart = incident?.firstDay }
        let prepared = AnalysisCube(cube, settings: settings)
        let cube = prepared.cube
        var dataset = DatasetSummary(
            files: quality.files, events: cube.totals.all, eventsByType: cube.totals, firstDay: cube.firstDay,
            lastDay: cube.lastDay,
            days: cube.firstDay.flatMap { first in cube.lastDay.map { first.distance(to: $0) + 1 } } ?? 0,
            rowsRead: quality.rowsRead, rejectedRows: quality.rejected, blankLines: quality.blankLines,
            daysWithoutEvents: cube.emptyDays)
        dataset.eventsAfterAsOf = prepared.eventsAfterAsOf
        dataset.outlyingDays = prepared.outlying.days.sorted { $0.key < $1.key }.map { DayEvents(date: $0.key, events: $0.value) }
        dataset.eventsBeforeWindow = prepared.eventsBeforeWindow
        dataset.foldedValues = prepared.folded
        var results = AnalysisResults(toolVersion: ToolVersion.current, settings: settings, dataset: dataset,
                                      periods: nil, traffic: nil, rootCause: [], drilldown: nil, funnel: nil, detector: nil,
                                      validation: [], validationSummary: nil, incident: incident)
        guard let data = DailySeries(cube: cube) else { return results }
        let periods = Periods(first: data.firstDay, last: data.lastDay, recentDays: settings.recentDays)
        results.periods = periods
        results.traffic = TrafficVariance(data: data, periods: periods)
        results.rootCause = Array(RootCauseRanking(data: data, periods: periods, settings: settings).candidates
            .prefix(RootCauseRanking.reported))
        let drilldown = DrillDown(data: data, periods: periods, settings: settings)
        results.drilldown = drilldown
        let segment = settings.detectorSegment ?? drilldown.segment
        if let segment {
            results.funnel = Funnel(segment: segment, data: data, periods: periods)
            results.detector = DetectorRun(segment: segment, data: data, settings: settings)
        }
        let validation = Validation(data: data, periods: periods, detectorRun: results.detector, settings: settings)
        results.validation = validation.segments
        results.validationSummary = validation.summary
        results.sensitivity = Sensitivity(data: data, periods: periods, settings: settings)
        return results
    }

    /// `results.json` text: pretty, keys sorted, so the same input gives the same bytes.
    public static func json(_ results: AnalysisResults) throws(ClickstreamError) -> Data {
        try StableJSON.data(results)
    }
}
