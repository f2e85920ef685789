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
    /// The detector scorecard (`scorecard`), when given; setting it also runs the
    /// scorecard's most sensitive method on the detector's segment, drawn beside the
    /// method in force.
    public var scorecard: ScorecardResult? {
        didSet { challengerRun = Self.challengerRun(scorecard, results: results, data: data) }
    }
    /// The scorecard's challenger on the detector's segment, when it differs from the method in force.
    var challengerRun: DetectorRun?
    private let data: DailySeries?

    public init(results: AnalysisResults, cube: DailyCube, quality: IngestReport, inputs: [InputFile], generatedOn: String) {
        self.results = results
        self.quality = quality
        self.inputs = inputs
        self.generatedOn = generatedOn
        // Exactly the cube the analysis read.
        data = DailySeries(cube: AnalysisCube(cube, settings: results.settings).cube)
        if let data {
            dailyEvents = (data.days, data.total.events)
            validationRuns = results.validation.map { DetectorRun(segment: $0.segment, data: data, settings: results.settings) }
        } else {
            validationRuns = []
        }
    }

    static func challengerRun(_ scorecard: ScorecardResult?, results: AnalysisResults, data: DailySeries?) -> DetectorRun? {
        guard let challenger = scorecard?.challenger, challenger != results.settings.detector,
              let segment = results.detector?.segment, let data else { return nil }
        var settings = results.settings
        settings.detector = challenger
        return DetectorRun(segment: segment, data: data, settings: settings)
    }

    /// `SOURCE_DATE_EPOCH` (seconds) as a date, else the last day of the data, else "no data".
    public static func generatedOn(results: AnalysisResults, environment: [String: String]) -> String {
        if let text = environment["SOURCE_DATE_EPOCH"], let seconds = Int64(text) {
            return Day(epochMilliseconds: seconds * 1000).description
        }
        return results.dataset.lastDay?.description ?? "no data"
    }
}
