@testable import ClickstreamCore
@testable import ClickstreamIngest
@testable import ClickstreamReport
import ClickstreamTestSupport
import Testing

/// Stage one of the fast route: offsets worked out by counting bytes in the literals.
struct StructuralScanTests {
    /// The text followed by 128 bytes of slack (the scan reads whole 64-byte blocks).
    func scan(_ text: String, limit: Int? = nil) -> (offsets: [Int], special: Int?) {
        var bytes = Array(text.utf8)
        let count = bytes.count
        bytes += [UInt8](repeating: 0x2C, count: 128)  // commas past the limit must not count
        let offsets = UnsafeMutablePointer<Int>.allocate(capacity: count + 64 + StructuralScan.unconditionalWrites)
        defer { offsets.deallocate() }
        let outcome = bytes.withUnsafeBufferPointer {
            StructuralScan.scan($0.baseAddress!, from: 0, to: limit ?? count, into: offsets)
        }
        return ((0..<outcome.count).map { offsets[$0] }, outcome.special)
    }

    @Test func commasAndNewlinesAreFoundInOrder() {
        // "1,22,333\n4,5\n": commas at 1, 4 and 10, newlines at 8 and 12.
        let result = scan("1,22,333\n4,5\n")
        #expect(result.offsets == [1, 4, 8, 10, 12])
        #expect(result.special == nil)
    }

    @Test func theScanStopsAtTheFirstBlockWithAQuoteOrAControlByte() {
        // The quote is byte 70, in the second block: the first block's offsets stay.
        let plain = String(repeating: "a,", count: 32)  // 64 bytes: commas at 1, 3, …, 63
        let quoted = scan(plain + "abcdef\"x\"\n")
        #expect(quoted.offsets == Array(stride(from: 1, through: 63, by: 2)))
        #expect(quoted.special == 70)
        #expect(scan("1,2\t3\n").special == 3)
        #expect(scan("1,2\u{7F}\n").special == 3)
        #expect(scan("1,\u{00}\n").special == 2)
    }

    @Test func aCarriageReturnIsPlainOnlyRightBeforeANewline() {
        #expect(scan("1,2\r\n3,4\r\n") == ([1, 4, 6, 9], nil))
        #expect(scan("1,2\r3\n").special == 3)
        // A CR ending a block cannot see the newline after it: the general route judges it.
        let crAtEnd = String(repeating: "x", count: 63) + "\r\n"
        #expect(scan(crAtEnd).special == 63)
    }

    @Test func blocksWithMoreThanTheUnconditionalWritesKeepEveryOffset() {
        // 64 commas in one block, then a newline at 64.
        let result = scan(String(repeating: ",", count: 64) + "\n")
        #expect(result.offsets == Array(0...64))
    }

    @Test func nothingPastTheLimitIsReported() {
        // The limit cuts "1,2,3\n" after "1,2": only the comma at 1 is inside.
        #expect(scan("1,2,3\n", limit: 3) == ([1], nil))
        #expect(scan("1,2\"3\n", limit: 3) == ([1], nil))
    }

    @Test func byteBlockBitsMarkEachMatchingByte() {
        let text = Array("a,b\n\"\u{7F}\r,0123456789".utf8)  // 16 bytes
        let block = text.withUnsafeBytes { ByteBlock($0.baseAddress!) }
        #expect(block.equal(0x2C).bits == 0b0000_0000_1000_0010)   // commas at 1 and 7
        #expect(block.below(0x20).bits == 0b0000_0000_0100_1000)   // \n at 3, \r at 6
        #expect((block.equal(0x22) | block.equal(0x7F)).bits == 0b0000_0000_0011_0000)
        #expect(block.below(0x20).subtracting(block.equal(0x0A)).bits == 0b0000_0000_0100_0000)
    }
}

/// The fast route must give exactly what the general route gives, for every kind of record
/// and wherever the buffer boundaries fall.
struct PlainRouteTests {
    typealias F = CSVFixtures

    /// One record of a randomly chosen kind (plain ones most often, as in real files).
    func record(_ random: inout SplitMix64, index: Int) -> String {
        let plain = F.row(F.noon + Int64(index) * 1_000, visitor: index % 97, event: ["view", "addtocart", "transaction"][index % 3],
                          item: index % 13, transaction: index % 3 == 2 ? "\(index)" : "",
                          device: ["Mobile", "Desktop"][index % 2], os: ["iOS", "Android", "Windows"][index % 3],
                          browser: ["Safari", "Chrome"][index % 2])
        switch random.next() % 16 {
        case 0: return ""                                       // blank line
        case 1: return plain + "\r"                             // CRLF ending
        case 2: return plain.replacingOccurrences(of: "Safari", with: "\"Saf,ari\"")  // quoted comma
        case 3: return plain.replacingOccurrences(of: "iOS", with: "i\rOS")          // lone CR
        case 4: return plain.replacingOccurrences(of: "view", with: "vi\tew")        // control byte
        case 5: return plain + ",extra"                         // nine fields
        case 6: return String(plain.dropLast(7))                // seven fields
        case 7: return "x" + plain                              // bad timestamp
        case 8: return String(repeating: ",", count: 70)        // many commas, one block
        case 9: return plain.replacingOccurrences(of: "Mobile", with: String(repeating: "M", count: 90))  // long
        case 10: return "\"" + plain                            // unterminated quote
        default: return plain
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func fastAndGeneralRoutesAgree(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let rows = (0..<600).map { record(&random, index: $0) }
        var text = F.enriched(rows)
        if seed % 2 == 0 { text.removeLast() }                  // last record without a newline
        for (blockSize, chunk) in [(1 << 20, Int.max), (256, 7), (100, 64), (4096, 1)] {
            let fast = try F.ingest(text, chunk: chunk, blockSize: blockSize, maxRecordBytes: 200)
            let general = try Ingestor.ingest(bytes: Array(text.utf8), name: "t.csv", chunk: chunk, blockSize: blockSize,
                                              maxRecordBytes: 200, plainRecords: false)
            #expect(fast == general, "block \(blockSize), chunk \(chunk)")
            #expect(fast.report.accepted > 300 && fast.report.rejected > 100)
        }
    }

    /// Records longer than the fast route's window, next to short ones, in a file with an
    /// extra column: the long ones go by the general route, the others by the fast one.
    @Test func recordsLongerThanTheWindowAgree() throws {
        let header = F.enrichedHeader + ",note"
        let rows = (0..<200).map { index in
            F.row(F.noon + Int64(index), visitor: index) + "," + String(repeating: "n", count: index % 5 == 0 ? 5_000 : index % 7)
        }
        let text = ([header] + rows).joined(separator: "\r\n") + "\r\n"
        for blockSize in [1 << 20, 8_192] {
            let fast = try F.ingest(text, blockSize: blockSize)
            let general = try Ingestor.ingest(bytes: Array(text.utf8), name: "t.csv", blockSize: blockSize, plainRecords: false)
            #expect(fast == general)
            #expect(fast.report.accepted == 200)
        }
    }
}
