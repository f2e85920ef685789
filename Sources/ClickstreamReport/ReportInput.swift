import ClickstreamAnalysis
import ClickstreamCore
import Foundation

/// Everything a report is made from.
public struct ReportInput: Sendable {
    public var results: AnalysisResults
    public var quality: IngestReport
    public var inputs: [InputFile]
    /// The day the report says it was generated: `SOURCE_DATE_EPOCH` if set, else the data's last day.
    public var generatedOn: String
    /// All events per day over the data's range (the traffic chart).
    var dailyEvents: (days: [Day], events: [Int])?
    /// The detector's run on every validated segment (the small multiples).
    var validationRuns: [DetectorRun]
    /// Measured quality of the root-cause ranking (`rank-trials`), when given.
    public var rankQuality: [RankTrials.Summary]?
    /// The detector scorecard (`scorecard`), when given: its figures for the methods, and,
    /// when the source study's method is in force, its most sensitive method drawn beside it.
    public var scorecard: ScorecardResult? {
        didSet { challengerRun = Self.beside(analysis, scorecard: scorecard) }
    }
    /// The method drawn beside the one in force on the detector's segment: the source
    /// study's (`spec`) when another is in force, else the scorecard's most sensitive.
    var challengerRun: DetectorRun?

    private static func beside(_ analysis: Analysis, scorecard: ScorecardResult?) -> DetectorRun? {
        analysis.results.settings.detector != .spec ? analysis.specRun : scorecard?.challenger.flatMap { analysis.detectorRun(method: $0) }
    }
    private let analysis: Analysis

    public init(analysis: Analysis, quality: IngestReport, inputs: [InputFile], generatedOn: String) {
        self.analysis = analysis
        results = analysis.results
        self.quality = quality
        self.inputs = inputs
        self.generatedOn = generatedOn
        dailyEvents = analysis.data.map { ($0.days, $0.total.events) }
        validationRuns = analysis.validationRuns
        challengerRun = Self.beside(analysis, scorecard: nil)
        details = Dictionary(analysis.details.map { ($0.pattern, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A segment's funnel, detector run and estimates, for its page; nil without data.
    func detail(of pattern: SegmentPattern) -> SegmentDetail? { details[pattern] }
    private let details: [SegmentPattern: SegmentDetail]

    /// `SOURCE_DATE_EPOCH` (seconds) as a date, else the last day of the data, else "no data".
    public static func generatedOn(results: AnalysisResults, environment: [String: String]) -> String {
        if let text = environment["SOURCE_DATE_EPOCH"], let seconds = Int64(text) {
            return Day(epochMilliseconds: seconds * 1000).description
        }
        return results.dataset.lastDay?.description ?? "no data"
    }
}
