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

    public init(results: AnalysisResults, data: DailySeries?, runs: DetectorRuns?) {
        self.results = results
        self.data = data
        self.runs = runs
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
        guard method != results.settings.detector, let segment = results.detector?.segment, let runs else { return nil }
        var settings = results.settings
        settings.detector = method
        return DetectorRun(segment: segment, runs: runs, settings: settings)
    }
}
