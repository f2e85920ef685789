import ClickstreamAnalysis
import ClickstreamCore
import ClickstreamIngest
import ClickstreamReport
import ClickstreamSynthetic
import Foundation

/// The report from what was read to the published site: analysis, then the pages, then
/// one atomic swap. The `report` command and the tests call the same steps.
public struct ReportPipeline: Sendable {
    public var settings: AnalysisSettings
    public var templates: TemplateSet = .defaults
    /// JSON written by `rank-trials`, shown as the ranking's measured quality.
    public var rankTrialsPath: String?
    /// JSON written by `scorecard`, shown as the detector scorecard.
    public var scorecardPath: String?
    /// Where `SOURCE_DATE_EPOCH` is read (the "generated" date).
    public var environment: [String: String] = [:]

    public init(settings: AnalysisSettings) { self.settings = settings }

    /// The analysis of what was read from `paths`; a single file's sidecar may state the
    /// synthetic incident it holds, which the analysis then checks.
    public func analysis(of ingest: IngestResult, paths: [String]) -> Analysis {
        let incident = paths.count == 1 ? MetadataFile.read(for: paths[0])?.incidentCheck : nil
        return Analyzer(settings: settings).analysis(ingest.cube, quality: ingest.report, incident: incident)
    }

    /// The site's files (path → bytes), made from the analysis alone.
    public func site(of analysis: Analysis, ingest: IngestResult) throws(ClickstreamError) -> [String: Data] {
        var input = ReportInput(analysis: analysis, quality: ingest.report, inputs: ingest.inputs ?? [],
                                generatedOn: ReportInput.generatedOn(results: analysis.results, environment: environment))
        if let rankTrialsPath { input.rankQuality = try MeasurementFiles.rankTrials(rankTrialsPath).summary }
        if let scorecardPath { input.scorecard = try MeasurementFiles.scorecard(scorecardPath).summary }
        return try ReportSite.build(input, templates: templates)
    }

    /// Analyses, builds the site and swaps it in at `out` (`SiteWriter`: a failed run
    /// leaves the previous site as it was).
    /// - Returns: the analysis and what the user should know but that did not stop the run.
    public func publish(_ ingest: IngestResult, paths: [String], to out: String) throws -> (analysis: Analysis, warnings: [String]) {
        let analysis = analysis(of: ingest, paths: paths)
        let warnings = try SiteWriter.write(try site(of: analysis, ingest: ingest), to: out)
        return (analysis, warnings)
    }
}
