@testable import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Testing

/// Ids: an integer written as `16633.0` (pandas' `to_csv` of an integer column with gaps)
/// is that integer everywhere, counted in a warning; where the config maps the columns,
/// ids may be any text.
struct IDFieldTests {
    typealias F = CSVFixtures

    /// Reads `text` as an id field with 8 readable bytes after it, as the reader guarantees.
    static func read(_ text: String, textAllowed: Bool) -> IDField.Reading {
        let bytes = Array(text.utf8) + [UInt8](repeating: 0x0A, count: 8)
        return bytes.withUnsafeBytes { IDField.read(UnsafeRawBufferPointer(rebasing: $0[..<text.utf8.count]), textAllowed: textAllowed) }
    }

    @Test func aZeroFractionIsTheInteger() {
        #expect(Self.read("16633.0", textAllowed: false) == .decimal(16633))
        #expect(Self.read("16633.000", textAllowed: false) == .decimal(16633))
        #expect(Self.read("0.0", textAllowed: false) == .decimal(0))
        #expect(Self.read("9223372036854775807.0", textAllowed: false) == .decimal(Int64.max))
        for other in ["16633.5", "16633.", ".0", "-1.0", "1.0e3", "1.0.0", "9223372036854775808.0", "", "abc"] {
            #expect(Self.read(other, textAllowed: false) == .invalid, "\(other)")
        }
    }

    @Test func textIsItsHashWhereAllowed() {
        // Text, and decimals that are not whole, stand for themselves where ids may be text.
        guard case .text(let a) = Self.read("GA1.2.1234.5678", textAllowed: true),
              case .text(let b) = Self.read("GA1.2.1234.5679", textAllowed: true),
              case .text(let c) = Self.read("16633.5", textAllowed: true) else {
            Issue.record("not read as text")
            return
        }
        #expect(a >= 0 && b >= 0 && c >= 0 && a != b)
        #expect(Self.read("GA1.2.1234.5678", textAllowed: true) == .text(a))  // the same text, the same id
        #expect(Self.read("16633.0", textAllowed: true) == .decimal(16633))
        #expect(Self.read("", textAllowed: true) == .invalid)
        // The hash is fixed: a raw file's synthetic segments depend on it, on every machine.
        #expect(Self.read("abc", textAllowed: true) == .text(IDField.hash(UnsafeRawBufferPointer(Array("abc".utf8).withUnsafeBytes { $0 }))))
    }

    @Test func pandasDecimalIdsGiveTheIntegerCube() throws {
        let n = F.noon
        let integers = try F.ingest(F.enriched([F.row(n, visitor: 7, item: 16633), F.row(n, visitor: 7, event: "transaction", item: 16633, transaction: "42")]))
        let decimals = try F.ingest(F.enriched([
            "\(n),7.0,view,16633.0,,Mobile,iOS,Safari",
            "\(n),7,transaction,16633,42.0,Mobile,iOS,Safari",
        ]))
        #expect(decimals.cube == integers.cube)
        #expect(decimals.report.accepted == 2 && decimals.report.rejected == 0)
        #expect(decimals.report.decimalIDs == 3)
        // The visitor field of the first row (line 2) starts at column 15.
        #expect(decimals.report.firstDecimalID == RowNote(file: "t.csv", line: 2, column: 15, message: "visitorid \"7.0\" read as 7"))
        #expect(Ingestor.decimalIDs(decimals.report) == "3 ids were written as a decimal with a zero fraction (as pandas writes an integer column with gaps) and read as the integer; the first: t.csv:2:15: visitorid \"7.0\" read as 7")
        #expect(Ingestor.decimalIDs(integers.report) == nil)
        #expect(IngestSummary(decimals).text.contains("ids written as decimals (16633.0), read as integers: 3, the first at t.csv:2:15"))
        // Other decimals and text stay rejects in the Retail Rocket layout, saying how text ids are read.
        let rejected = try F.ingest(F.enriched(["\(n),7.5,view,1,,Mobile,iOS,Safari", "\(n),7,view,a1,,Mobile,iOS,Safari"]))
        #expect(rejected.report.rejects.map(\.reason) == [.visitorID, .itemID])
        #expect(rejected.report.rejects[0].message == "visitorid: expected a non-negative integer that fits Int64 (ids that are text are read when the config's input.columns names the columns), found \"7.5\"")
    }

    @Test func mappedColumnsTakeTextIds() throws {
        let n = F.noon
        let header = "event_time,user_pseudo_id,event_name,item_id,transaction_id,device_category,operating_system,browser"
        var options = InputMappingTests.mapped
        options.columns.item = "item_id"
        let text = try F.ingest([header,
            "\(n),GA1.2.33,page_view,SKU-9,,Mobile,iOS,Safari",
            "\(n),GA1.2.33,add_to_cart,,,Mobile,iOS,Safari",     // no item: accepted
            "\(n),GA1.2.34,purchase,SKU-9,T-1001,Mobile,iOS,Safari",
            "\(n),,page_view,SKU-9,,Mobile,iOS,Safari",          // no visitor: rejected
        ].joined(separator: "\n") + "\n", options: options)
        #expect(text.report.accepted == 3 && text.report.transactionsWithoutID == 0 && text.report.decimalIDs == 0)
        #expect(text.report.rejects.map(\.message) == ["user_pseudo_id: expected a visitor id, found an empty field"])
        #expect(text.cube.totals == EventTotals(view: 1, addtocart: 1, transaction: 1))
        // Without the mapping's say-so, the same ids are rejects.
        options.idsAreText = false
        let strict = try F.ingest([header, "\(n),GA1.2.33,page_view,SKU-9,,Mobile,iOS,Safari"].joined(separator: "\n") + "\n", options: options)
        #expect(strict.report.rejectsByReason[.visitorID] == 1)
    }

    @Test func chunksPlaceTheFirstDecimalIdOnItsLine() throws {
        let dir = TemporaryDirectory()
        var lines = [F.enrichedHeader]
        for i in 0..<60_000 { lines.append(F.row(F.noon, visitor: i)) }
        lines.append("\(F.noon),1,view,16633.0,,Mobile,iOS,Safari")  // line 60,002, in the last chunk
        let path = dir.write("big.csv", lines.joined(separator: "\n") + "\n")
        let whole = try Ingestor.ingest(paths: [path])
        let chunked = try #require(try ChunkedFileIngest.ingest(FileByteSource(path: path), options: IngestOptions(), chunks: 3))
        #expect(chunked.report == whole.report)
        #expect(whole.report.firstDecimalID?.line == 60_002)
        #expect(whole.report.firstDecimalID?.column == 22)
    }
}
