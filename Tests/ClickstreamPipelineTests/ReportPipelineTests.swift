@testable import ClickstreamAnalysis
import ClickstreamCore
import ClickstreamIngest
import ClickstreamPipeline
import ClickstreamTestSupport
import Foundation
import Testing

/// The report's pipeline: the site is made from the analysis, and nothing is computed twice.
struct ReportPipelineTests {
    /// Every detector evaluation of a whole report (analysis, then the site with its small
    /// multiples and sensitivity table), watched through `Detector.evaluationLog`: no
    /// (series, parameters) pair is evaluated twice, and each run the site draws is one
    /// the analysis already made.
    @Test func aReportEvaluatesEachDistinctRunOnce() throws {
        let dir = TemporaryDirectory()
        let path = try GeneratedDataset.write(dir, "events.csv", events: 150_000, days: 42)
        let ingest = try Ingestor.ingest(paths: [path])
        let pipeline = ReportPipeline(settings: AnalysisSettings())
        let log = EvaluationLog()
        let (analysis, site) = try Detector.$evaluationLog.withValue(log) {
            let analysis = pipeline.analysis(of: ingest, paths: [path])
            let afterAnalysis = log.all.count
            let site = try pipeline.site(of: analysis, ingest: ingest)
            #expect(log.all.count == afterAnalysis, "building the site evaluated the detector again")
            return (analysis, site)
        }
        let entries = log.all
        #expect(Set(entries).count == entries.count, "a run was evaluated more than once")
        #expect(analysis.runs?.count == entries.count)
        // What must be among them: the detector's segment, each validated segment and the
        // sensitivity table's thresholds (1.5, 2, 2.5, 3 on each of those).
        let results = analysis.results
        let validated = results.validation.count
        #expect(validated >= 2)
        #expect(entries.count >= validated * Sensitivity.defaultThresholds.count)
        #expect(site["index.html"] != nil)
    }
}
