import ClickstreamAnalysis
import ClickstreamCore
import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// `docs/results.schema.json` documents results.json: the committed demo's results follow
/// it, and so do the results of data without rows, of another detector, of a read bounded
/// by --since, and of four dimensions; a document with a key missing or one the schema
/// does not know fails.
struct ResultsSchemaTests {
    static let schema = Result { JSONSchemaCheck(root: try JSONValue.parse(try Data(contentsOf: DemoSiteGoldenTests.root.appendingPathComponent("docs/results.schema.json")))) }

    @Test func theCommittedResultsFollowTheSchema() throws {
        let results = try JSONValue.parse(try Data(contentsOf: DemoSiteGoldenTests.root.appendingPathComponent("Site/results.json")))
        #expect(try Self.schema.get().violations(of: results) == [])
    }

    @Test func otherRunsFollowItToo() throws {
        let empty = try CSVFixtures.ingest(CSVFixtures.enrichedHeader + "\n")
        var pooled = AnalysisSettings()
        pooled.detector = .pooledRun
        pooled.sigmaFloor = .none
        let dir = TemporaryDirectory()
        let path = try GeneratedDataset.write(dir, "events.csv", events: 100_000, days: 42)
        let data = try Ingestor.ingest(paths: [path])
        var bounded = IngestOptions()
        bounded.days = DayBounds(since: Day(iso: "2015-05-10"), until: nil)
        let since = try Ingestor.ingest(paths: [path], options: bounded)
        let sinceResults = Analyzer(settings: AnalysisSettings()).analyze(since.cube, quality: since.report)
        #expect(sinceResults.dataset.bounds == bounded.days && sinceResults.dataset.eventsOutsideBounds > 10_000)
        for results in [Analyzer(settings: AnalysisSettings()).analyze(empty.cube, quality: empty.report),
                        Analyzer(settings: pooled).analyze(data.cube, quality: data.report), sinceResults] {
            #expect(try Self.schema.get().violations(of: JSONValue.parse(Analyzer.json(results))) == [])
        }
    }

    @Test func aBrokenDocumentFails() throws {
        let results = try JSONValue.parse(try Data(contentsOf: DemoSiteGoldenTests.root.appendingPathComponent("Site/results.json")))
        guard case .object(var object) = results, case .object(var verdict)? = object["verdict"] else {
            Issue.record("results.json is not an object with a verdict")
            return
        }
        verdict["status"] = .string("FINE")
        object["verdict"] = .object(verdict)
        object["traffic"] = nil
        object["surprise"] = .number(1)
        let problems = try Self.schema.get().violations(of: .object(object))
        #expect(problems.contains("$: missing traffic") && problems.contains("$: unexpected key surprise"))
        #expect(problems.contains { $0.hasPrefix("$.verdict.status:") })
    }
}
