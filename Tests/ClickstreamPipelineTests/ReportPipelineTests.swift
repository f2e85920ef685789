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

/// A whole report over four dimensions: the drill path runs through all of them and the
/// site draws one chart per level.
struct FourDimensionReportTests {
    @Test func aCountryColumnAddsALevelToEveryStage() throws {
        let dir = TemporaryDirectory()
        let standard = try GeneratedDataset.write(dir, "events.csv", events: 150_000, days: 42)
        // Every row gets a country from its visitor (visitor mod 3), so the Safari · iOS ·
        // Mobile incident is in all three countries alike.
        let lines = String(decoding: dir.read("events.csv"), as: UTF8.self).split(separator: "\n")
        let countries = ["DE", "FR", "US"]
        let text = ([lines[0] + ",country"] + lines.dropFirst().map { line in
            let visitor = Int(line.split(separator: ",")[1]) ?? 0
            return line + "," + countries[visitor % 3]
        }).joined(separator: "\n") + "\n"
        let path = dir.write("countries.csv", text)
        var options = IngestOptions()
        options.dimensions = DimensionSchema(["country", "device", "os", "browser"])
        let ingest = try Ingestor.ingest(paths: [path], options: options)
        let plain = try Ingestor.ingest(paths: [standard])
        #expect(ingest.report.rejected == 0 && ingest.cube.totals == plain.cube.totals)

        let pipeline = ReportPipeline(settings: AnalysisSettings())
        let analysis = pipeline.analysis(of: ingest, paths: [path])
        let drill = try #require(analysis.results.drilldown)
        #expect(drill.path.map(\.dimension) == ["country", "device", "os", "browser"])
        #expect(drill.path.dropFirst().map(\.value) == ["Mobile", "iOS", "Safari"])
        #expect(analysis.results.rootCause.first?.pattern.description.hasPrefix("Safari · iOS · Mobile") == true)

        let site = try pipeline.site(of: analysis, ingest: ingest)
        for name in ["country", "device", "os", "browser"] {
            #expect(site["charts/drill-\(name).svg"] != nil, "drill chart for \(name)")
        }
        let json = try #require(site["results.json"])
        #expect(try ResultsSchemaTests.schema.get().violations(of: JSONValue.parse(json)) == [])
        let results = try JSONSerialization.jsonObject(with: json) as? [String: Any]
        let dimensions = (results?["drilldown"] as? [String: Any])?["dimensions"] as? [String: Any]
        #expect(dimensions.map { Set($0.keys) } == ["country", "device", "os", "browser"])
    }
}
