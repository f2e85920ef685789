import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// Writes Thrift's compact protocol, to build Parquet files byte by byte in tests: fields
/// carry their id as a delta from the previous one, integers are zig-zag varints.
struct ThriftWriter {
    private(set) var bytes: [UInt8] = []
    private var lastIDs: [Int16] = [0]

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    mutating func zigzag(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    mutating func header(_ id: Int16, _ type: UInt8) {
        let delta = id - lastIDs[lastIDs.count - 1]
        precondition(delta > 0 && delta <= 15)
        bytes.append(UInt8(delta) << 4 | type)
        lastIDs[lastIDs.count - 1] = id
    }

    mutating func i32(_ id: Int16, _ value: Int32) { header(id, 5); zigzag(Int64(value)) }
    mutating func i64(_ id: Int16, _ value: Int64) { header(id, 6); zigzag(value) }
    mutating func string(_ id: Int16, _ value: String) { header(id, 8); varint(UInt64(value.utf8.count)); bytes += value.utf8 }

    mutating func structure(_ id: Int16, _ body: (inout ThriftWriter) -> Void) {
        header(id, 12)
        lastIDs.append(0)
        body(&self)
        bytes.append(0)
        lastIDs.removeLast()
    }

    /// A list of structs (element type 12) or of i32 (5) or strings (8), written by `element`.
    mutating func list(_ id: Int16, type: UInt8, count: Int, _ element: (inout ThriftWriter, Int) -> Void) {
        header(id, 9)
        if count < 15 { bytes.append(UInt8(count) << 4 | type) } else { bytes.append(0xF0 | type); varint(UInt64(count)) }
        for index in 0..<count {
            if type == 12 {
                lastIDs.append(0)
                element(&self, index)
                bytes.append(0)
                lastIDs.removeLast()
            } else {
                element(&self, index)
            }
        }
    }

    mutating func stop() { bytes.append(0) }
}

/// A Parquet file built by hand: five required columns of the raw layout, one row group,
/// one data page each (PLAIN, uncompressed), the event column dictionary-encoded; every
/// page's header can be made to lie.
struct HandBuiltParquet {
    /// Rows: time (ms), visitor, event (index into `dictionary`), item, transaction.
    var rows: [(Int64, Int64, UInt32, Int64, Int64)] = [
        (1_441_065_600_000, 7, 0, 100, 0), (1_441_065_660_000, 7, 1, 100, 0), (1_441_065_720_000, 8, 2, 101, 55),
    ]
    var dictionary = ["view", "addtocart", "transaction"]
    /// Added to the header's uncompressed size of the visitor column's data page.
    var visitorSizeLie: Int32 = 0
    /// Added to the header's value count of the item column's data page.
    var itemCountLie: Int32 = 0
    /// The item page's values compressed with zstd (the chunk's codec says ZSTD).
    var zstdItems = false
    /// The page header's uncompressed size for the zstd item page, when set.
    var zstdSizeClaim: Int32?
    /// The rows the footer claims for the row group (and each chunk's values), when set.
    var claimedRows: Int64?

    func plainInt64(_ values: [Int64]) -> [UInt8] {
        values.flatMap { v in (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    }

    func pageHeader(type: Int32, uncompressed: Int32, compressed: Int32, values: Int32, encoding: Int32) -> [UInt8] {
        var w = ThriftWriter()
        w.i32(1, type)
        w.i32(2, uncompressed)
        w.i32(3, compressed)
        if type == 2 {
            w.structure(7) { $0.i32(1, values); $0.i32(2, encoding) }
        } else {
            w.structure(5) { $0.i32(1, values); $0.i32(2, encoding); $0.i32(3, 3); $0.i32(4, 3) }
        }
        w.stop()
        return w.bytes
    }

    var bytes: [UInt8] {
        var file = Array("PAR1".utf8)
        let n = Int32(rows.count)
        // Per column: (name, physical type, codec, pages' bytes, dictionary page offset).
        var chunks: [(name: String, type: Int32, codec: Int32, start: Int, size: Int, dictionary: Int?)] = []
        func add(_ name: String, _ type: Int32, codec: Int32 = 0, dictionaryPage: [UInt8]? = nil, dataPage: [UInt8]) {
            let start = file.count
            if let dictionaryPage { file += dictionaryPage }
            let dataStart = file.count
            file += dataPage
            chunks.append((name, type, codec, dataStart, file.count - start, dictionaryPage == nil ? nil : start))
        }
        func plainPage(_ values: [Int64], sizeLie: Int32 = 0, countLie: Int32 = 0) -> [UInt8] {
            let data = plainInt64(values)
            return pageHeader(type: 0, uncompressed: Int32(data.count) + sizeLie, compressed: Int32(data.count),
                              values: n + countLie, encoding: 0) + data
        }
        add("timestamp", 2, dataPage: plainPage(rows.map(\.0)))
        add("visitorid", 2, dataPage: plainPage(rows.map(\.1), sizeLie: visitorSizeLie))
        // The dictionary (PLAIN byte arrays), then the indices: bit width 8, one RLE run per row.
        let dictionaryData: [UInt8] = dictionary.flatMap { (word: String) -> [UInt8] in [UInt8(word.utf8.count), 0, 0, 0] + Array(word.utf8) }
        let dictionaryPage = pageHeader(type: 2, uncompressed: Int32(dictionaryData.count), compressed: Int32(dictionaryData.count),
                                        values: Int32(dictionary.count), encoding: 0) + dictionaryData
        let indices: [UInt8] = [8] + rows.flatMap { [UInt8(2), UInt8(truncatingIfNeeded: $0.2)] }
        add("event", 6, dictionaryPage: dictionaryPage,
            dataPage: pageHeader(type: 0, uncompressed: Int32(indices.count), compressed: Int32(indices.count), values: n, encoding: 8) + indices)
        if zstdItems {
            let data = plainInt64(rows.map(\.3))
            let compressed = Zstd.compress(data)
            add("itemid", 2, codec: 6, dataPage: pageHeader(type: 0, uncompressed: zstdSizeClaim ?? Int32(data.count),
                                                            compressed: Int32(compressed.count), values: n, encoding: 0) + compressed)
        } else {
            add("itemid", 2, dataPage: plainPage(rows.map(\.3), countLie: itemCountLie))
        }
        add("transactionid", 2, dataPage: plainPage(rows.map(\.4)))

        var w = ThriftWriter()
        w.i32(1, 1)
        w.list(2, type: 12, count: chunks.count + 1) { w, index in
            if index == 0 {
                w.string(4, "schema")
                w.i32(5, Int32(chunks.count))
            } else {
                let chunk = chunks[index - 1]
                w.i32(1, chunk.type)
                w.i32(3, 0)
                w.string(4, chunk.name)
                if chunk.type == 6 { w.i32(6, 0) }
            }
        }
        w.i64(3, Int64(n))
        w.list(4, type: 12, count: 1) { w, _ in
            w.list(1, type: 12, count: chunks.count) { w, index in
                let chunk = chunks[index]
                w.i64(2, 0)
                w.structure(3) { m in
                    m.i32(1, chunk.type)
                    m.list(2, type: 5, count: 1) { m, _ in m.zigzag(0) }
                    m.list(3, type: 8, count: 1) { m, _ in m.varint(UInt64(chunk.name.utf8.count)); m.bytes_append(chunk.name) }
                    m.i32(4, chunk.codec)
                    m.i64(5, claimedRows ?? Int64(n))
                    m.i64(6, Int64(chunk.size))
                    m.i64(7, Int64(chunk.size))
                    m.i64(9, Int64(chunk.start))
                    if let dictionary = chunk.dictionary { m.i64(11, Int64(dictionary)) }
                }
            }
            w.i64(2, 0)
            w.i64(3, claimedRows ?? Int64(n))
        }
        w.stop()
        let footer = w.bytes
        file += footer
        let length = UInt32(footer.count)
        file += (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        file += Array("PAR1".utf8)
        return file
    }
}

extension ThriftWriter {
    mutating func bytes_append(_ text: String) { bytes += text.utf8 }
}

/// Damage a reader must name precisely, on files built byte by byte.
@Suite struct ParquetHandBuiltTests {
    static func read(_ file: HandBuiltParquet) throws -> IngestResult {
        let directory = TemporaryDirectory()
        return try Ingestor.ingest(paths: [directory.write("hand.parquet", file.bytes)])
    }

    static func message(_ file: HandBuiltParquet) -> String {
        do {
            _ = try read(file)
            return "no error"
        } catch {
            return (error as? ClickstreamError)?.description ?? "\(error)"
        }
    }

    @Test func aValidFileReadsAsWritten() throws {
        // 2015-09-01: a view and an add-to-cart by visitor 7, a purchase (id 55) by visitor 8,
        // in the raw layout, so each visitor's segment is the enrichment's.
        let result = try Self.read(HandBuiltParquet())
        #expect(result.report.accepted == 3 && result.report.rejected == 0)
        #expect(result.cube.totals == EventTotals(view: 1, addtocart: 1, transaction: 1))
        #expect(result.report.files.first?.layout == "raw")
        var zstd = HandBuiltParquet()
        zstd.zstdItems = true
        let compressed = try Self.read(zstd)
        #expect(compressed.cube == result.cube && compressed.report.accepted == 3)
    }

    @Test func aDictionaryIndexOutsideTheDictionary() {
        var file = HandBuiltParquet()
        file.rows[1].2 = 5
        #expect(Self.message(file).contains("column event: dictionary index 5 out of range (the dictionary has 3 entries)"))
    }

    @Test func sizesThatLie() {
        var larger = HandBuiltParquet()
        larger.visitorSizeLie = 8
        #expect(Self.message(larger).contains("column visitorid: an uncompressed page of 24 bytes says it holds 32"))
        var zstd = HandBuiltParquet()
        zstd.zstdItems = true
        zstd.zstdSizeClaim = 16
        #expect(Self.message(zstd).contains("column itemid: ZSTD data decodes to 24 bytes, the page header says 16"))
        zstd.zstdSizeClaim = 40
        #expect(Self.message(zstd).contains("column itemid: ZSTD data decodes to 24 bytes, the page header says 40"))
        var counts = HandBuiltParquet()
        counts.itemCountLie = 1
        #expect(Self.message(counts).contains("column itemid: a page of 4 values, more than the 3 its row group has left"))
        counts.itemCountLie = -1
        #expect(Self.message(counts).contains("column itemid: its pages end after 2 of 3 values"))
    }

    @Test func aRowCountIsCheckedBeforeAnythingIsAllocatedForIt() {
        var file = HandBuiltParquet()
        file.claimedRows = 1 << 40
        #expect(Self.message(file).contains("row group 0 says it has 1099511627776 rows, over this reader's limit of 67108864 rows per row group"))
        // Under the limit but more than the pages hold: the pages run out, an error.
        file.claimedRows = 1 << 20
        #expect(Self.message(file).contains("column timestamp: its pages end after 3 of 1048576 values"))
    }

    @Test func theErrorNamesTheByteOffsetOfThePage() {
        // The file: "PAR1" (4 bytes), then the timestamp column's page: its header and
        // 24 bytes of values; the visitor page starts right after.
        var file = HandBuiltParquet()
        file.visitorSizeLie = 8
        let header = file.pageHeader(type: 0, uncompressed: 24, compressed: 24, values: 3, encoding: 0)
        #expect(Self.message(file).hasSuffix("(at byte \(4 + header.count + 24))"))
    }
}
