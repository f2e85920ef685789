import ClickstreamCore

/// One analysis: the results (what results.json holds) and what was computed on the way
/// that a report draws but results.json leaves out, so nothing downstream recomputes it.
public struct Analysis: Sendable {
    public var results: AnalysisResults
    /// The daily series every stage read (after `--as-of`, the window and folding); nil
    /// when there was no data.
    public let data: DailySeries?
    /// Every detector run of the analysis, each computed once; nil when there was no data.
    public let runs: DetectorRuns?
    /// The detail of every segment with a page (`pagePatterns`), in that order.
    public let details: [SegmentDetail]
    /// The source study's method (`spec`) on the detector's segment, when another method is
    /// in force: the report draws the two side by side.
    public let specRun: DetectorRun?

    public init(results: AnalysisResults, data: DailySeries?, runs: DetectorRuns?) {
        self.results = results
        self.data = data
        self.runs = runs
        details = Self.pagePatterns(results).compactMap { Self.detail(of: $0, data: data, runs: runs, results: results) }
        specRun = Self.detectorRun(method: .spec, runs: runs, results: results)
    }

    /// The segments that get a page of their own, in the overview's order: the detector's
    /// segment, every segment the validation monitors, and every root-cause candidate a
    /// page lists (`RootCauseRanking.listed`).
    public static func pagePatterns(_ results: AnalysisResults) -> [SegmentPattern] {
        var patterns: [SegmentPattern] = []
        var seen: Set<SegmentPattern> = []
        func add(_ pattern: SegmentPattern) { if seen.insert(pattern).inserted { patterns.append(pattern) } }
        if let segment = results.detector?.segment { add(segment) }
        for row in results.validation { add(SegmentPattern(row.segment)) }
        for candidate in results.rootCause.prefix(RootCauseRanking.listed) { add(candidate.pattern) }
        return patterns
    }

    /// The detector's run on every validated segment, in the validation's order (the
    /// report's small multiples).
    public var validationRuns: [DetectorRun] {
        guard let runs else { return [] }
        return results.validation.map { DetectorRun(segment: SegmentPattern($0.segment), runs: runs, settings: results.settings) }
    }

    /// The run on the detector's segment with another method, all else as analysed (the
    /// scorecard's challenger, drawn beside the method in force); nil without data or a
    /// detector segment, or when `method` is the one in force.
    public func detectorRun(method: DetectorMethod) -> DetectorRun? {
        method == .spec ? specRun : Self.detectorRun(method: method, runs: runs, results: results)
    }

    private static func detectorRun(method: DetectorMethod, runs: DetectorRuns?, results: AnalysisResults) -> DetectorRun? {
        guard method != results.settings.detector, let segment = results.detector?.segment, let runs else { return nil }
        var settings = results.settings
        settings.detector = method
        return DetectorRun(segment: segment, runs: runs, settings: settings)
    }
}

/// What a segment's own page shows beyond results.json's rows: its funnel, its detector
/// run and its estimates, computed from the analysis's series and runs.
public struct SegmentDetail: Sendable {
    public var pattern: SegmentPattern
    public var funnel: Funnel
    public var run: DetectorRun
    public var estimate: IncidentEstimate
    /// Its row of the validation; nil when the validation does not monitor it.
    public var validation: SegmentValidation?
    /// A full segment the validation leaves out for its volume (a combination is never
    /// monitored, whatever its volume).
    public var belowMinimums: Bool { pattern.segment != nil && validation == nil }
    /// Days of the analysed window on which the segment had no views.
    public var daysWithoutViews: [Day]
    /// The segment's daily conversion (nil on a day without views), for its sparkline.
    public var dailyConversion: [Double?]
}

extension Analysis {
    /// The detail of `pattern`; nil without data.
    static func detail(of pattern: SegmentPattern, data: DailySeries?, runs: DetectorRuns?, results: AnalysisResults) -> SegmentDetail? {
        guard let data, let runs, let periods = results.periods else { return nil }
        let counts = data.counts(of: pattern)
        let days = data.days
        // The detector's segment has its funnel and estimate in the results already.
        let funnel = results.funnel.flatMap { $0.segment == pattern ? $0 : nil } ?? Funnel(segment: pattern, data: data, periods: periods)
        let estimate = results.summary.flatMap { $0.segment == pattern ? $0 : nil }
            ?? IncidentEstimate(segment: pattern, data: data, periods: periods)
        return SegmentDetail(
            pattern: pattern, funnel: funnel, run: DetectorRun(segment: pattern, runs: runs, settings: results.settings),
            estimate: estimate,
            validation: pattern.segment.flatMap { segment in results.validation.first { $0.segment == segment } },
            daysWithoutViews: days.indices.filter { counts.views[$0] == 0 }.map { days[$0] },
            dailyConversion: days.indices.map { counts.views[$0] > 0 ? Double(counts.transactions[$0]) / Double(counts.views[$0]) : nil })
    }
}
