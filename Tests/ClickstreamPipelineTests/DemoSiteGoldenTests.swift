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
        // Every link of every page (the overview and each segment's page) resolves.
        #expect(SiteLinks.broken(site) == [])
    }

    /// The demo's summary dates its incident (injected from 2015-09-05) to within a day, and
    /// the interval of transactions lost holds the ones the generator removed.
    @Test func theDemoSummaryDatesAndCountsTheIncident() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("Site/results.json"))
        let results = try JSONDecoder().decode(AnalysisResults.self, from: data)
        let summary = try #require(results.summary)
        let incident = try #require(results.incident)
        let start = try #require(summary.estimatedStart)
        #expect(abs(start.distance(to: incident.firstDay)) <= 1)
        let range = try #require(summary.estimatedStartRange)
        #expect(range[0] <= start && start <= range[1])
        let lost = try #require(summary.lostTransactions)
        #expect(lost.low <= Double(incident.converted) && Double(incident.converted) <= lost.high)
        #expect(summary.ongoing == true)
        // Every monitored segment and every listed candidate has a page.
        let pages = try SiteFiles.read(Self.root.appendingPathComponent("Site/segments").path)
        #expect(pages.count == Analysis.pagePatterns(results).count)
        #expect(pages.count >= results.validation.count)
    }
}
