@testable import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Testing

/// Where the segments come from is part of the result: the data's columns, a synthetic
/// draw (a file without dimension columns, with its seed), or none (all traffic as one).
struct SegmentSourceTests {
    typealias F = CSVFixtures
    static let rawRows = ["\(F.noon),1,view,5,", "\(F.noon),2,view,5,", "\(F.noon),2,transaction,5,9"]

    @Test func rawFilesAreSyntheticWithTheirSeed() throws {
        let raw = try F.ingest(([F.rawHeader] + Self.rawRows).joined(separator: "\n") + "\n", options: IngestOptions(enrichmentSeed: 7))
        #expect(raw.report.segmentSource == .synthetic && raw.report.enrichmentSeed == 7)
        let enriched = try F.ingest(F.enriched([F.row()]))
        #expect(enriched.report.segmentSource == .columns && enriched.report.enrichmentSeed == nil)
    }

    @Test func oneSegmentHoldsAllTrafficWhateverTheColumns() throws {
        var options = IngestOptions()
        options.analyseAsOneSegment()
        let raw = try F.ingest(([F.rawHeader] + Self.rawRows).joined(separator: "\n") + "\n", options: options)
        #expect(raw.report.segmentSource == .none && raw.report.enrichmentSeed == nil)
        #expect(raw.cube.segments == [Segment.allTraffic] && raw.cube.totals == EventTotals(view: 2, addtocart: 0, transaction: 1))
        // Dimension columns are not read: two segments' rows are one segment's.
        let enriched = try F.ingest(F.enriched([F.row(), F.row(os: "Android", browser: "Chrome")]), options: options)
        #expect(enriched.cube.segments == [Segment.allTraffic] && enriched.cube.totals.view == 2)
        #expect(Segment.allTraffic.description == "all traffic")
    }

    @Test func theCacheKeepsTheReadingsApart() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("e.csv", F.enriched([F.row(), F.row(os: "Android", browser: "Chrome")]))
        let cache = dir.path + "/cache"
        var options = IngestOptions(cacheDirectory: cache)
        let segmented = try Ingestor.ingest(paths: [path], options: options)
        options.analyseAsOneSegment()
        let one = try Ingestor.ingest(paths: [path], options: options)
        #expect(segmented.cube.segments.count == 2 && one.cube.segments == [Segment.allTraffic])
        #expect(one.report.segmentSource == .none && segmented.report.segmentSource == .columns)
    }
}
