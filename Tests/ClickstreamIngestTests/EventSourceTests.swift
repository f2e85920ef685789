@testable import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// The source seam: a kind of input that hands typed values (as a Parquet reader or a
/// topic consumer will) gets the same cube and counts as the CSV reader from the same
/// events, through `EventIntake` and `RowRules`.
struct EventSourceTests {
    /// Rows as typed values, split from CSV text by the test itself (no quoting needed).
    struct TypedRows: EventSource {
        let name: String
        let lines: [Substring]
        var expectedBytes: Int { 0 }

        func read(into intake: inout EventIntake) throws(ClickstreamError) {
            for (index, line) in lines.enumerated() {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                func number(_ text: String) -> Int64 { text.isEmpty ? -1 : Int64(text) ?? -1 }
                // The event and the dimension values, in one buffer.
                let texts = [fields[2]] + fields[5...]
                let bytes = Array(texts.joined().utf8)
                var bounds: [Range<Int>] = []
                var start = 0
                for text in texts {
                    bounds.append(start..<(start + text.utf8.count))
                    start += text.utf8.count
                }
                let failure = bytes.withUnsafeBytes { all -> ClickstreamError? in
                    let parts = bounds.map { UnsafeRawBufferPointer(rebasing: all[$0]) }
                    do throws(ClickstreamError) {
                        try intake.accept(timestamp: number(fields[0]), visitor: number(fields[1]), event: parts[0],
                                          item: number(fields[3]), transactionID: number(fields[4]),
                                          values: Array(parts.dropFirst()), input: name, location: index + 2)
                        return nil
                    } catch {
                        return error
                    }
                }
                if let failure { throw failure }
            }
        }
    }

    @Test func typedRowsGiveTheCSVReadersCube() throws {
        let dir = TemporaryDirectory()
        let path = try GeneratedDataset.write(dir, "events.csv", events: 60_000, days: 28)
        let lines = String(decoding: dir.read("events.csv"), as: UTF8.self).split(separator: "\n").dropFirst()
        let csv = try Ingestor.ingest(paths: [path])
        var intake = EventIntake(options: IngestOptions())
        try TypedRows(name: "typed", lines: Array(lines)).read(into: &intake)
        let typed = intake.result()
        #expect(typed.cube == csv.cube && typed.cube.totals.all == 60_000)
        #expect(typed.report.accepted == csv.report.accepted && typed.report.outOfOrderRows == csv.report.outOfOrderRows)
        #expect(typed.report.transactionsWithoutID == csv.report.transactionsWithoutID)
    }

    /// A bad row is counted and located by the source's own position, never dropped silently.
    @Test func badTypedRowsAreRejectedWithTheirLocation() throws {
        let n = CSVFixtures.noon
        let lines: [Substring] = ["\(n),1,click,5,,Mobile,iOS,Safari", "\(n),2,view,5,,Mobile,,Safari", "\(n),3,view,5,,Mobile,iOS,Safari",
                                  "5,4,view,5,,Mobile,iOS,Safari"]
        var intake = EventIntake(options: IngestOptions())
        try TypedRows(name: "topic/0", lines: lines).read(into: &intake)
        let result = intake.result()
        #expect(result.report.accepted == 1 && result.report.rejected == 3)
        #expect(result.report.rejects.map(\.description) == [
            "topic/0:2:0: event: expected view, addtocart or transaction, found \"click\"",
            "topic/0:3:0: os is empty",
            "topic/0:5:0: timestamp: 5 is outside 2000-01-01..2100-01-01 in epoch milliseconds",
        ])
    }
}
