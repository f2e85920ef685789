import ClickstreamAnalysis
import ClickstreamCore
import ClickstreamIngest
import ClickstreamPipeline
import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

/// The committed `Site/` is what this build makes of the demo dataset, byte for byte: a
/// change to any number, chart or sentence of the demo report shows up here as a failing
/// test, not only in CI's diff.
struct DemoSiteGoldenTests {
    /// The repository's root, found from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theDemoSiteIsTheCommittedOne() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("events.csv")
        _ = try DatasetGenerator(settings: GeneratorSettings()).write(to: path)
        var options = IngestOptions()
        options.describeInputs = true
        var ingest = try Ingestor.ingest(paths: [path], options: options)
        // The report names its input as given; the demo's is data/events.csv.
        let shown = "data/events.csv"
        ingest.inputs = ingest.inputs?.map { InputFile(path: shown, bytes: $0.bytes, hash: $0.hash) }
        ingest.report.files = ingest.report.files.map { var file = $0; file.path = shown; return file }

        var pipeline = ReportPipeline(settings: AnalysisSettings())
        // The measurements the demo shows: the scorecard as published, and the rank trials'
        // summary (its trials left out) as `rank-trials` measured them for this build.
        pipeline.scorecardPath = Self.root.appendingPathComponent("Site/scorecard.json").path
        pipeline.rankTrialsPath = Self.root.appendingPathComponent("Tests/ClickstreamPipelineTests/Fixtures/rank-trials-summary.json").path
        let site = try pipeline.site(of: pipeline.analysis(of: ingest, paths: [path]), ingest: ingest)

        let committed = try SiteFiles.read(Self.root.appendingPathComponent("Site").path)
        #expect(Set(site.keys) == Set(committed.keys.filter { $0 != ".clickstream-site" }))
        for (name, bytes) in site.sorted(by: { $0.key < $1.key }) {
            #expect(bytes == committed[name], "Site/\(name) differs from what this build makes")
        }
    }
}
