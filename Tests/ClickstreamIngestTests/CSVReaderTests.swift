@testable import ClickstreamCore
@testable import ClickstreamIngest
@testable import ClickstreamReport
import ClickstreamTestSupport
import Testing

/// The bad-input matrix of CHECKS.md, case by case, with the location each reject reports.
/// Columns are 1-based bytes. In the fixture row `1431000000000,1,view,5,,Mobile,iOS,Safari`
/// the fields start at 1 (timestamp), 15 (visitorid), 17 (event), 22 (itemid),
/// 24 (transactionid), 25 (device), 32 (os) and 36 (browser); the row is 41 bytes long.
struct CSVReaderTests {
    typealias F = CSVFixtures

    func expectError(_ text: String, containing parts: [String], options: IngestOptions = IngestOptions(),
                     sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try F.ingest(text, options: options)
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch {
            for part in parts {
                #expect(error.description.contains(part), "\(error.description) lacks \(part)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func case01EmptyFileIsAnErrorNamingTheFile() {
        expectError("", containing: ["t.csv: ", "empty file"])
    }

    @Test func case02HeaderOnlyIsSuccessWithNoData() throws {
        let result = try F.ingest(F.enrichedHeader + "\n")
        #expect(result.report.rowsRead == 0)
        #expect(result.cube.isEmpty)
        #expect(IngestSummary(result).text.contains("no data"))
        #expect(try F.ingest(F.enrichedHeader).report.rowsRead == 0)  // no newline after it either
    }

    @Test func case03ByteOrderMarkIsStripped() throws {
        let result = try F.ingest("\u{FEFF}" + F.enriched([F.row()]))
        #expect(result.report.accepted == 1)
        #expect(result.cube.segments == [Segment(browser: "Safari", os: "iOS", device: "Mobile")])
    }

    @Test func case04MissingOrDuplicatedColumnsNameWhatWasFoundAndExpected() {
        expectError("timestamp,visitorid,event,transactionid\n", containing: [
            "t.csv:1:1", "missing column itemid", "\"timestamp\", \"visitorid\", \"event\", \"transactionid\"",
            "expected timestamp,visitorid,event,itemid,transactionid"])
        expectError("timestamp,visitorid,event,itemid,transactionid,timestamp\n",
                    containing: ["column timestamp appears more than once"])
        expectError("timestamp,visitorid,event,itemid,transactionid,device\n",
                    containing: ["missing column os, browser", "all three segment columns or none"])
    }

    @Test func columnsAreFoundByNameInAnyOrderAndExtraColumnsIgnored() throws {
        let text = "Browser,OS,note,event,Device,itemid,transactionid,visitorid,timestamp\n"
            + "Chrome,Android,hello,transaction,Mobile,7,99,3,\(F.noon)\n"
        let result = try F.ingest(text)
        #expect(result.report.accepted == 1)
        #expect(result.cube.segments == [Segment(browser: "Chrome", os: "Android", device: "Mobile")])
        #expect(result.cube.totals.transaction == 1)
    }

    @Test func case05LineEndingsDoNotChangeTheResult() throws {
        let rows = [F.row(), F.row(visitor: 2, event: "addtocart"), F.row(visitor: 3, event: "transaction", transaction: "4")]
        let lf = try F.ingest(F.enriched(rows))
        let crlf = try F.ingest(F.enriched(rows, ending: "\r\n"))
        let mixed = try F.ingest(F.enrichedHeader + "\r\n" + rows[0] + "\n" + rows[1] + "\r\n" + rows[2])
        #expect(lf.cube == crlf.cube && lf.cube == mixed.cube)
        #expect(lf.report.accepted == 3 && crlf.report.accepted == 3 && mixed.report.accepted == 3)
        #expect(crlf.report.rejected == 0 && mixed.report.rejected == 0)
    }

    @Test func case06BlankLinesAreSkippedAndCounted() throws {
        let text = F.enrichedHeader + "\n\n" + F.row() + "\n\r\n" + "bad\n"
        let result = try F.ingest(text)
        #expect(result.report.blankLines == 2)
        #expect(result.report.accepted == 1)
        #expect(result.report.rejects.first?.line == 5)  // header 1, blank 2, row 3, blank 4, bad 5
    }

    @Test func case07And08WrongFieldCountsAreRejectedWithTheirLine() throws {
        let text = F.enriched([F.row(), "\(F.noon),1,view,5,,Mobile,iOS", F.row() + ",extra"])
        let result = try F.ingest(text)
        #expect(result.report.accepted == 1)
        #expect(result.report.rejects.map(\.description) == [
            "t.csv:3:35: expected 8 fields, found 7",  // just past the end of the 34-byte row
            "t.csv:4:43: expected 8 fields, found 9",  // 41-byte row, comma at 42, "extra" at 43
        ])
        #expect(result.report.rejectsByReason[.fieldCount] == 2)
    }

    @Test func case09QuotedFieldsAreParsedAndLaterLinesKeepTheirNumbers() throws {
        let header = F.enrichedHeader + ",note"
        let text = header + "\n"
            + "\(F.noon),1,view,5,,Mobile,iOS,\"Fire,fox\",\"said \"\"hi\"\"\"\n"
            + "\(F.noon),2,view,5,,Mobile,iOS,Safari,\"two\nlines\nhere\"\n"
            + "\(F.noon),3,View,5,,Mobile,iOS,Safari,x\n"
        let result = try F.ingest(text)
        #expect(result.report.accepted == 2)
        #expect(result.cube.segments.map(\.browser) == ["Fire,fox", "Safari"])
        let reject = try #require(result.report.rejects.first)
        #expect(reject.line == 6)  // header 1, row 2, rows 3–5 (quoted newlines), row 6
        #expect(reject.reason == .event)
    }

    @Test func case10UnterminatedQuoteIsRejectedWhereItOpenedAndReadingResumes() throws {
        let text = F.enriched([F.row(), F.row(browser: "\"Saf"), F.row(visitor: 2), F.row(visitor: 3)])
        let result = try F.ingest(text)
        let reject = try #require(result.report.rejects.first)
        #expect(reject.line == 3)
        #expect(reject.reason == .quoting)
        #expect(reject.message.contains("unterminated quote"))
        #expect(result.report.accepted == 3)  // rows 2, 4 and 5: one stray quote costs one line
        #expect(result.report.rejected == 1)
    }

    @Test func case11TextAfterAClosingQuoteIsRejected() throws {
        let result = try F.ingest(F.enriched([F.row(browser: "\"a\"b"), F.row()]))
        let reject = try #require(result.report.rejects.first)
        #expect(reject.line == 2)
        #expect(reject.column == 39)  // browser starts at 36: `"` 36, `a` 37, `"` 38, `b` 39
        #expect(reject.reason == .quoting)
        #expect(result.report.accepted == 1)
        let stray = try F.ingest(F.enriched([F.row(browser: "Sa\"fari")]))
        #expect(stray.report.rejects.first?.message.contains("quote inside an unquoted field") == true)
    }

    @Test func case12InvalidUTF8IsRejectedWithItsByteOffset() throws {
        var bytes = Array(F.enriched([F.row(browser: "Saf")]).utf8)
        bytes.insert(0xFF, at: bytes.count - 1)  // "Saf\xFF" … the byte sits after "Saf"
        let result = try F.ingest(bytes: bytes)
        let reject = try #require(result.report.rejects.first)
        #expect(reject.reason == .invalidUTF8)
        #expect(reject.line == 2)
        #expect(reject.column == 39)  // browser starts at column 36; the bad byte is its 4th
        #expect(reject.excerpt.hasSuffix("Saf\\xFF"))
        #expect(result.cube.isEmpty)
    }

    @Test func case13ControlBytesAreRejected() throws {
        let result = try F.ingest(F.enriched([F.row(browser: "Saf\u{0}ari"), F.row(os: "i\u{7}OS"), F.row()]))
        #expect(result.report.rejectsByReason[.controlCharacter] == 2)
        #expect(result.report.rejects.map(\.column) == [39, 33])  // NUL is browser's 4th byte (36+3), BEL os's 2nd (32+1)
        #expect(result.report.rejects[0].excerpt.contains("\\x00"))
        #expect(result.report.accepted == 1)
    }

    @Test func case14OverlongLinesAreRejectedWithATruncatedEcho() throws {
        let long = String(repeating: "x", count: 2 << 20)
        let result = try F.ingest(F.enriched([F.row(), F.row(browser: long), F.row()]))
        let reject = try #require(result.report.rejects.first)
        #expect(reject.line == 3)
        #expect(reject.reason == .lineTooLong)
        #expect(reject.excerpt.count <= 81)
        #expect(result.report.accepted == 2)
        #expect(result.report.files.first?.records == 3)
    }

    @Test func case15BadTimestampsNameTheColumn() throws {
        let result = try F.ingest(F.enriched([F.row(-5), F.row(1_431_000_000), "soon,1,view,5,,Mobile,iOS,Safari",
                                              F.row(4_102_444_800_000), F.row(946_684_800_000)]))
        #expect(result.report.rejects.count == 4)
        #expect(result.report.rejects.allSatisfy { $0.reason == .timestamp && $0.column == 1 && $0.message.hasPrefix("timestamp: ") })
        #expect(result.report.rejects[1].message.contains("seconds instead of milliseconds"))
        #expect(result.report.accepted == 1)  // 2000-01-01T00:00:00Z itself is inside the range
    }

    @Test func case16IdsMustBeNonNegativeIntegersThatFitInt64() throws {
        let result = try F.ingest(F.enriched([
            "\(F.noon),abc,view,5,,Mobile,iOS,Safari",
            "\(F.noon),9223372036854775808,view,5,,Mobile,iOS,Safari",
            "\(F.noon),9223372036854775807,view,-5,,Mobile,iOS,Safari",
            "\(F.noon),9223372036854775807,view,1.5,,Mobile,iOS,Safari",
            "\(F.noon),1,transaction,5,x7,Mobile,iOS,Safari",
            "\(F.noon),9223372036854775807,view,0,,Mobile,iOS,Safari",
        ]))
        #expect(result.report.rejects.map(\.reason) == [.visitorID, .visitorID, .itemID, .itemID, .transactionID])
        // visitorid starts at 15; after a 19-digit visitorid, itemid starts at 40; in the
        // transaction row ("transaction" is 17–27, itemid 29), transactionid starts at 31.
        #expect(result.report.rejects.map(\.column) == [15, 15, 40, 40, 31])
        #expect(result.report.accepted == 1)
    }

    @Test func case17EventWordsAreCaseSensitive() throws {
        let result = try F.ingest(F.enriched([F.row(event: "View"), F.row(event: "click"), F.row(event: "views"),
                                              F.row(event: "addtocart"), F.row(event: "transaction", transaction: "1")]))
        #expect(result.report.rejectsByReason[.event] == 3)
        #expect(result.report.rejects[0].message == "event: expected view, addtocart or transaction, found \"View\"")
        #expect(result.cube.totals == EventTotals(view: 0, addtocart: 1, transaction: 1))
    }

    @Test func case18TransactionIdMismatchesAreWarningsNotRejects() throws {
        let result = try F.ingest(F.enriched([F.row(event: "view", transaction: "9"), F.row(event: "transaction"),
                                              F.row(event: "transaction", transaction: "3")]))
        #expect(result.report.accepted == 3)
        #expect(result.report.transactionIDsOnOtherEvents == 1)
        #expect(result.report.transactionsWithoutID == 1)
    }

    @Test func case19HostileNamesAreKeptAsText() throws {
        let result = try F.ingest(F.enriched([F.row(browser: "<script>alert(1)</script>"),
                                              F.row(os: "\"Fire\"\"fox & <b>\"")]))
        #expect(result.report.accepted == 2)
        #expect(Set(result.cube.segments.map(\.browser)).contains("<script>alert(1)</script>"))
        #expect(Set(result.cube.segments.map(\.os)).contains("Fire\"fox & <b>"))
    }

    @Test func case20DuplicatesAndDisorderAreAcceptedAndCounted() throws {
        let text = F.enriched([F.row(F.noon + 5), F.row(F.noon + 5), F.row(F.noon), F.row(F.noon + 5)])
        let kept = try F.ingest(text)
        #expect(kept.report.duplicateRows == nil)
        #expect(kept.report.outOfOrderRows == 1)
        #expect(kept.cube.totals.view == 4)
        let counted = try F.ingest(text, options: IngestOptions(duplicates: .count))
        #expect(counted.report.duplicateRows == 2)
        #expect(counted.cube.totals.view == 4)
        let dropped = try F.ingest(text, options: IngestOptions(duplicates: .drop))
        #expect(dropped.report.duplicateRows == 2)
        #expect(dropped.cube.totals.view == 2)
        #expect(dropped.report.accepted == 4)
    }

    @Test func case21TooManyRejectsFail() {
        let text = F.enriched([F.row(event: "x"), F.row(event: "y"), F.row(event: "z")])
        expectError(text, containing: ["t.csv:4:", "more than 2 rejected rows"], options: IngestOptions(maxErrors: 2))
    }

    @Test func case22TruncatedLastRowIsRejected() throws {
        let result = try F.ingest(F.enrichedHeader + "\n" + F.row() + "\n1431000000000,1,vi")
        #expect(result.report.rejects.map(\.description) == ["t.csv:3:19: expected 8 fields, found 3"])
        #expect(result.report.accepted == 1)
    }

    @Test func strictStopsAtTheFirstRejectWithItsLocation() {
        let text = F.enriched([F.row(), F.row(event: "View"), F.row(event: "click")])
        expectError(text, containing: ["t.csv:3:17: event: expected view, addtocart or transaction, found \"View\""],
                    options: IngestOptions(strict: true))
    }

    @Test func emptySegmentFieldsAreRejected() throws {
        let result = try F.ingest(F.enriched([F.row(device: ""), F.row(browser: "")]))
        #expect(result.report.rejects.map(\.message) == ["device is empty", "browser is empty"])
    }

    @Test func everyRecordIsAcceptedRejectedOrBlank() throws {
        let text = F.enriched([F.row(), "", F.row(event: "bad"), F.row(browser: "\"x"), F.row(), ""])
        let result = try F.ingest(text)
        let file = try #require(result.report.files.first)
        #expect(file.records == file.accepted + file.rejected + file.blankLines)
        #expect(file.records == 6)
        #expect(result.report.rowsRead == result.report.accepted + result.report.rejected)
    }
}

/// The span cache has 1,024 slots: thousands of distinct segments, interleaved, must still
/// be counted exactly (collisions fall back to the interner).
struct SegmentLookupTests {
    @Test func manyDistinctSegmentsAreCountedExactly() throws {
        var rows: [String] = []
        for round in 0..<3 {
            for b in 0..<3000 {
                rows.append(CSVFixtures.row(visitor: round, browser: "B\(b)" + String(repeating: "x", count: b % 9)))
            }
        }
        rows.append(CSVFixtures.row(device: "Desktop", os: "Windows", browser: "A-browser-name-longer-than-24-bytes"))
        let result = try CSVFixtures.ingest(CSVFixtures.enriched(rows))
        #expect(result.cube.segments.count == 3001)
        #expect(result.cube.totalsBySegment.allSatisfy { $0.view == 3 || $0.view == 1 })
        #expect(result.cube.totals.view == 9001)
    }

    /// Past the limit of distinct segments the read stops with an error naming the line;
    /// no row is ever dropped for it (here a limit of 100 stands for the real 4,000,000).
    @Test func segmentsLimitStopsTheReadAndDropsNothing() throws {
        let rows = (0..<105).map { CSVFixtures.row(browser: "B\($0)") }
        let text = CSVFixtures.enriched(rows)
        #expect(try Ingestor.ingest(bytes: Array(text.utf8), name: "t.csv", segmentLimit: 105).cube.segments.count == 105)
        var error: ClickstreamError?
        do { _ = try Ingestor.ingest(bytes: Array(text.utf8), name: "t.csv", segmentLimit: 100) } catch let e { error = e }
        #expect(error?.line == 102)  // the header is line 1: the 101st segment is on line 102
        #expect(error?.message.contains("more than 100 distinct segments") == true)
    }
}

/// One record limit, whatever the buffer held: a record of `maxRecordBytes` or more is
/// rejected whether it arrived whole in one block or not, on every block and read size.
struct RecordLimitTests {
    @Test(arguments: [256, 512, 1000, 4096])
    func longRecordsAreRejectedWhateverTheBlock(blockSize: Int) throws {
        let long = CSVFixtures.row(browser: String(repeating: "b", count: 1100))       // 1,148 bytes: over 1,024
        let quoted = CSVFixtures.row(browser: "\"" + String(repeating: "q", count: 1100) + "\"")
        let fits = CSVFixtures.row(browser: String(repeating: "c", count: 900))         // 948 bytes: under
        let text = CSVFixtures.enriched([CSVFixtures.row(), long, fits, quoted, CSVFixtures.row()])
        for chunk in [1, 7, 333, Int.max] {
            let result = try CSVFixtures.ingest(text, chunk: chunk, blockSize: blockSize, maxRecordBytes: 1024)
            #expect(result.report.accepted == 3, "block \(blockSize), chunk \(chunk)")
            #expect(result.report.rejected == 2, "block \(blockSize), chunk \(chunk)")
            // The quoted field opens near the start and closes past byte 1,024: still open there.
            #expect(result.report.rejects.map(\.reason) == [.lineTooLong, .quoting], "block \(blockSize), chunk \(chunk)")
            #expect(result.report.rejects.map(\.line) == [3, 5], "block \(blockSize), chunk \(chunk)")
        }
    }
}

/// Reading segments of a schema other than the standard one.
struct OtherDimensionsTests {
    static let schema = DimensionSchema(["country", "device", "os", "browser"])
    static var options: IngestOptions {
        var options = IngestOptions()
        options.dimensions = schema
        return options
    }

    /// Adjacent columns (the span route) and an empty value, which is rejected by name at
    /// its column: `1431000000000,4,view,5,,` is 24 bytes, so the country starts at 25.
    @Test func fourDimensionsAreReadInDrillOrder() throws {
        let n = CSVFixtures.noon
        let text = """
            timestamp,visitorid,event,itemid,transactionid,country,device,os,browser
            \(n),1,view,5,,US,Mobile,iOS,Safari
            \(n),2,view,5,,DE,Mobile,iOS,Safari
            \(n),3,transaction,5,7,US,Mobile,iOS,Safari
            \(n),4,view,5,,,Mobile,iOS,Safari

            """
        let result = try CSVFixtures.ingest(text, options: Self.options)
        #expect(result.cube.segments.map(\.values) == [["DE", "Mobile", "iOS", "Safari"], ["US", "Mobile", "iOS", "Safari"]])
        #expect(result.cube.segments.map(\.description) == ["Safari · iOS · Mobile · DE", "Safari · iOS · Mobile · US"])
        #expect(result.cube.totalsBySegment.map(\.all) == [1, 2])
        let reject = try #require(result.report.rejects.first)
        #expect(result.report.rejected == 1 && reject.line == 5 && reject.column == 25 && reject.message == "country is empty")
    }

    /// Columns out of drill order (the assembled-key route) give the same cube, and the
    /// general route (every record parsed field by field) agrees.
    @Test func columnOrderDoesNotMatter() throws {
        let n = CSVFixtures.noon
        let adjacent = "timestamp,visitorid,event,itemid,transactionid,country,device,os,browser\n"
            + "\(n),1,view,5,,US,Mobile,iOS,Safari\n\(n),2,view,5,,DE,Desktop,Windows,Edge\n"
        let shuffled = "browser,timestamp,os,visitorid,event,country,itemid,transactionid,device\n"
            + "Safari,\(n),iOS,1,view,US,5,,Mobile\nEdge,\(n),Windows,2,view,DE,5,,Desktop\n"
        let a = try CSVFixtures.ingest(adjacent, options: Self.options)
        let b = try CSVFixtures.ingest(shuffled, options: Self.options)
        #expect(a.cube == b.cube && a.cube.segments.count == 2)
        let general = try Ingestor.ingest(bytes: Array(shuffled.utf8), name: "t.csv", options: Self.options, plainRecords: false)
        #expect(general.cube == b.cube)
    }

    /// Only the standard dimensions can be enriched from the visitor id: a file without
    /// dimension columns is an error naming them.
    @Test func otherDimensionsCannotBeEnriched() {
        let raw = CSVFixtures.rawHeader + "\n\(CSVFixtures.noon),1,view,5,\n"
        #expect {
            _ = try CSVFixtures.ingest(raw, options: Self.options)
        } throws: { error in
            "\(error)".contains("missing column country, device, os, browser") && "\(error)".contains("a column for every dimension")
        }
    }
}

/// Files whose fields are separated by a semicolon, a tab or a vertical bar read exactly like
/// the comma file with the same values, on both routes; a header read with the wrong
/// delimiter says which one would split it.
struct DelimiterTests {
    /// Plain rows, a quoted field holding the delimiter (a printable one: a value never
    /// holds a control byte, a tab included), a blank line and a bad row.
    static func text(_ d: String) -> String {
        let n = CSVFixtures.noon
        let quoted = d == "\t" ? "\"Fire fox\"" : "\"Fire\(d)fox\""
        return ["timestamp", "visitorid", "event", "itemid", "transactionid", "device", "os", "browser"].joined(separator: d) + "\n"
            + ["\(n)", "1", "view", "5", "", "Mobile", "iOS", "Safari"].joined(separator: d) + "\n"
            + ["\(n)", "2", "transaction", "5", "9", "Desktop", "Windows", quoted].joined(separator: d) + "\n"
            + "\n"
            + ["\(n)", "3", "click", "5", "", "Mobile", "iOS", "Safari"].joined(separator: d) + "\n"
    }

    static func options(_ byte: UInt8) -> IngestOptions {
        var options = IngestOptions()
        options.delimiter = byte
        return options
    }

    @Test func everyDelimiterReadsLikeTheComma() throws {
        let comma = try CSVFixtures.ingest(Self.text(","))
        #expect(comma.report.accepted == 2 && comma.report.rejected == 1 && comma.report.blankLines == 1)
        #expect(comma.cube.segments.map(\.browser) == ["Fire,fox", "Safari"])
        for (text, byte) in [(";", UInt8(0x3B)), ("\t", 0x09), ("|", 0x7C)] {
            for plain in [true, false] {
                let other = try Ingestor.ingest(bytes: Array(Self.text(text).utf8), name: "t.csv", options: Self.options(byte),
                                                plainRecords: plain)
                #expect(other.report.accepted == 2 && other.report.rejected == 1, "\(byte) plain \(plain)")
                #expect(other.cube.segments.map(\.browser) == [text == "\t" ? "Fire fox" : "Fire\(text)fox", "Safari"], "\(byte)")
                #expect(other.cube.cells == comma.cube.cells && other.report.rejects.map(\.line) == [5], "\(byte)")
            }
        }
    }

    /// A control byte inside a field is still a reject in a tab file: only the tab itself
    /// separates fields.
    @Test func aTabFileStillRejectsOtherControlBytes() throws {
        let n = CSVFixtures.noon
        let text = Self.text("\t") + "\(n)\t4\tview\t5\t\tMobile\tiOS\tSaf\u{07}ari\n"
        let result = try CSVFixtures.ingest(text, options: Self.options(0x09))
        #expect(result.report.rejectsByReason[.controlCharacter] == 1 && result.report.accepted == 2)
    }

    @Test func theWrongDelimiterIsNamed() {
        #expect {
            _ = try CSVFixtures.ingest(Self.text(";"))
        } throws: { error in
            "\(error)".hasSuffix("the header splits into 8 columns with a semicolon: --delimiter ';'")
        }
        #expect(Delimiter.byte("tab") == 0x09 && Delimiter.byte("\\t") == 0x09 && Delimiter.byte(":") == nil)
    }
}
