@testable import ClickstreamIngest
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Testing

/// Reading a file in chunks on several cores must give exactly the sequential result, or
/// decline (and the caller then reads sequentially).
struct ChunkedFileIngestTests {
    typealias F = CSVFixtures

    /// A generated file with bad rows, blank lines and quoted fields sprinkled in.
    static func messyFile(_ dir: TemporaryDirectory) throws -> String {
        _ = try GeneratedDataset.write(dir, "clean.csv", events: 30_000, days: 21)
        var lines = String(decoding: dir.read("clean.csv"), as: UTF8.self).split(separator: "\n").map(String.init)
        for index in stride(from: 7, to: lines.count, by: 997) { lines[index] = lines[index].replacingOccurrences(of: "view", with: "View") }
        for index in stride(from: 11, to: lines.count, by: 1499) { lines[index] += ",extra" }
        for index in stride(from: 13, to: lines.count, by: 2003) { lines[index] = "" }
        for index in stride(from: 17, to: lines.count, by: 401) {
            lines[index] = lines[index].replacingOccurrences(of: ",Safari", with: ",\"Safari\"")
        }
        lines.insert(lines[500], at: 5_000)  // out of order and a duplicate
        return dir.write("messy.csv", lines.joined(separator: "\r\n"))
    }

    @Test(arguments: [2, 3, 7, 16])
    func chunksGiveTheSequentialResult(chunks: Int) throws {
        let dir = TemporaryDirectory()
        let path = try Self.messyFile(dir)
        let sequential = try Ingestor.ingest(paths: [path])  // under 8 MiB: read sequentially
        #expect(sequential.report.rejected > 20)
        let chunked = try #require(try ChunkedFileIngest.ingest(FileByteSource(path: path), options: IngestOptions(), chunks: chunks))
        #expect(chunked.cube == sequential.cube)
        #expect(chunked.report == sequential.report)
    }

    /// When a cut falls inside a quoted field that spans lines, the chunked read declines
    /// rather than guess.
    @Test func aCutInsideAQuotedFieldDeclines() throws {
        let dir = TemporaryDirectory()
        let note = "\"" + String(repeating: "line\n", count: 40) + "\""
        let rows = (0..<200).map { F.row(F.noon + Int64($0), visitor: $0) + "," + note }
        let path = dir.write("quoted.csv", ([F.enrichedHeader + ",note"] + rows).joined(separator: "\n") + "\n")
        let sequential = try Ingestor.ingest(paths: [path])
        #expect(sequential.report.accepted == 200)
        var declined = 0
        for chunks in 2...9 {
            if let chunked = try ChunkedFileIngest.ingest(FileByteSource(path: path), options: IngestOptions(), chunks: chunks) {
                #expect(chunked.cube == sequential.cube)
                #expect(chunked.report == sequential.report)
            } else {
                declined += 1
            }
        }
        #expect(declined > 0)
    }

    @Test func onlyLargeFilesWithoutGlobalChecksAreSplit() {
        let big = ChunkedFileIngest.minimumBytes
        #expect(ChunkedFileIngest.applies(to: big, options: IngestOptions(), cores: 2))
        #expect(!ChunkedFileIngest.applies(to: big - 1, options: IngestOptions(), cores: 2))
        #expect(!ChunkedFileIngest.applies(to: big, options: IngestOptions(), cores: 1))
        #expect(!ChunkedFileIngest.applies(to: big, options: IngestOptions(strict: true), cores: 2))
        #expect(!ChunkedFileIngest.applies(to: big, options: IngestOptions(maxErrors: 5), cores: 2))
        #expect(!ChunkedFileIngest.applies(to: big, options: IngestOptions(duplicates: .count), cores: 2))
    }
}
