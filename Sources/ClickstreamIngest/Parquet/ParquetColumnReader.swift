/// A top-level, non-repeated column of a Parquet file: what its pages need to be decoded.
struct ParquetLeaf: Equatable {
    var name: String
    /// Position among the file's leaf columns (its column chunk in every row group).
    var index: Int
    var type: ParquetPhysicalType
    /// FIXED_LEN_BYTE_ARRAY's width.
    var typeLength: Int
    /// 1 for an optional column (nulls), 0 for a required one.
    var maxDefinition: Int
    var logical: ParquetLogicalType?
    var convertedType: Int32?

    /// A DECIMAL column's places (by its logical type or its older annotation); nil for
    /// any other column.
    var decimalScale: Int? {
        if case .decimal(let scale)? = logical { return scale }
        return convertedType == 5 ? Int(scale ?? 0) : nil
    }
    /// The schema element's scale (see `decimalScale`).
    var scale: Int32?
}

/// Decodes one column chunk's pages (dictionary page, data pages v1 and v2) into
/// `ParquetColumnValues`: decompression, CRC when present, definition levels and every
/// value encoding real writers use. Buffers are kept from one chunk to the next.
struct ParquetColumnReader {
    /// The largest page this reader decompresses: a length read from the file never
    /// allocates more (pyarrow's pages are about 1 MiB).
    static let pageLimit = 256 << 20

    private(set) var values = ParquetColumnValues()
    private let page = PageBuffer()
    private var levels: [UInt32] = []
    private var indices: [UInt32] = []
    /// Entries of `values` that are the chunk's dictionary (-1: none yet).
    private var dictionaryCount = -1
    /// Text values of plain and delta pages are stored once each (`ByteArrayTable`'s
    /// unique appends) and rows point at them, as for a dictionary: set for the event and
    /// dimension columns, whose values repeat.
    private var deduplicating = false

    init(deduplicatingText: Bool = false) {
        deduplicating = deduplicatingText
    }

    /// Appends a text value of a data page; returns its index (an equal earlier value's
    /// when deduplicating, which also records it in `indices`).
    @discardableResult
    private mutating func appendText(_ value: UnsafeRawBufferPointer) -> Int {
        guard deduplicating else {
            values.text.append(value)
            return values.text.count - 1
        }
        let index = values.text.appendUnique(value)
        indices.append(UInt32(index))
        return index
    }

    /// Completes the value just appended to the table (see `appendText`).
    private mutating func finishText() -> Int {
        guard deduplicating else { return values.text.count - 1 }
        let index = values.text.keepLastUnique()
        indices.append(UInt32(index))
        return index
    }

    /// Reads the chunk `bytes`, which starts at byte `origin` of the file and holds `rows` values.
    mutating func read(_ bytes: UnsafeRawBufferPointer, origin: Int, leaf: ParquetLeaf, codec: ParquetCodec,
                       rows: Int) throws(ParquetFault) {
        values.removeAll()
        values.rows.reserveCapacity(min(rows, 1 << 20))
        dictionaryCount = -1
        var position = 0
        while values.rows.count < rows {
            guard position < bytes.count else {
                throw ParquetFault(offset: origin + position, message: "column \(leaf.name): its pages end after \(values.rows.count) of \(rows) values")
            }
            var thrift = ThriftCompactReader(UnsafeRawBufferPointer(rebasing: bytes[position...]), origin: origin + position)
            let header = try ParquetPageHeader(&thrift)
            let start = position + thrift.position
            let pageOrigin = origin + position
            guard Int(header.compressedSize) <= bytes.count - start else {
                throw ParquetFault(offset: pageOrigin, message: "column \(leaf.name): a page of \(header.compressedSize) bytes runs past the end of its column chunk")
            }
            let stored = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + Int(header.compressedSize))])
            position = start + Int(header.compressedSize)
            if let crc = header.crc, ParquetCodec.crc32(stored) != UInt32(bitPattern: crc) {
                throw ParquetFault(offset: pageOrigin, message: "column \(leaf.name): page CRC mismatch (the page is damaged)")
            }
            do throws(DecodingFailure) {
                switch header.type {
                case 2: try readDictionary(stored, header: header, leaf: leaf, codec: codec)
                case 0, 3:
                    guard Int(header.valueCount) <= rows - values.rows.count else {
                        throw DecodingFailure("a page of \(header.valueCount) values, more than the \(rows - values.rows.count) its row group has left")
                    }
                    try readData(stored, header: header, leaf: leaf, codec: codec)
                case 1: continue  // an index page: nothing to read
                default: throw DecodingFailure("unknown page type \(header.type)")
                }
            } catch {
                throw ParquetFault(offset: pageOrigin, message: "column \(leaf.name): \(error.message)")
            }
        }
    }

    /// The page's bytes: `stored` itself when it is not compressed, else `stored`
    /// decompressed (`size` bytes) into the reader's page buffer, valid until the next page.
    private func decompress(_ stored: UnsafeRawBufferPointer, size: Int, codec: ParquetCodec) throws(DecodingFailure) -> UnsafeRawBufferPointer {
        if codec == .uncompressed {
            guard stored.count == size else { throw DecodingFailure("an uncompressed page of \(stored.count) bytes says it holds \(size)") }
            return stored
        }
        guard size <= Self.pageLimit else { throw DecodingFailure("a page says it holds \(size) bytes, over this reader's limit of \(Self.pageLimit)") }
        if let problem = codec.implausible(stored, size: size) { throw DecodingFailure(problem) }
        let target = page.reserve(size)
        if let problem = codec.decompress(stored, into: target) { throw DecodingFailure(problem) }
        return UnsafeRawBufferPointer(target)
    }

    private mutating func readDictionary(_ stored: UnsafeRawBufferPointer, header: ParquetPageHeader, leaf: ParquetLeaf,
                                         codec: ParquetCodec) throws(DecodingFailure) {
        guard dictionaryCount < 0, values.rows.isEmpty else { throw DecodingFailure("a second dictionary page, or one after data pages") }
        guard header.encoding == 0 || header.encoding == 2 else { throw DecodingFailure("dictionary page in encoding \(header.encoding), expected PLAIN") }
        let data = try decompress(stored, size: Int(header.uncompressedSize), codec: codec)
        // A dictionary's entries keep their positions: the indices point at them.
        let deduplicatingData = deduplicating
        deduplicating = false
        defer { deduplicating = deduplicatingData }
        _ = try plain(data, count: Int(header.valueCount), leaf: leaf)
        dictionaryCount = leaf.type == .byteArray || leaf.type == .fixedLenByteArray ? values.text.count : values.numbers.count
    }

    private mutating func readData(_ stored: UnsafeRawBufferPointer, header: ParquetPageHeader, leaf: ParquetLeaf,
                                   codec: ParquetCodec) throws(DecodingFailure) {
        let count = Int(header.valueCount)
        var levelBytes = UnsafeRawBufferPointer(start: nil, count: 0)
        var v2Levels = 0
        let data: UnsafeRawBufferPointer
        if header.type == 3 {
            // v2: levels first, never compressed, then the values, compressed or not.
            v2Levels = Int(header.repetitionLength) + Int(header.definitionLength)
            guard header.repetitionLength >= 0, header.definitionLength >= 0, v2Levels <= stored.count,
                  v2Levels <= Int(header.uncompressedSize) else {
                throw DecodingFailure("level lengths \(header.repetitionLength) + \(header.definitionLength) exceed the page")
            }
            guard header.repetitionLength == 0 else { throw DecodingFailure("repetition levels (a nested column) are not supported") }
            levelBytes = UnsafeRawBufferPointer(rebasing: stored[..<v2Levels])
            let rest = UnsafeRawBufferPointer(rebasing: stored[v2Levels...])
            data = try decompress(rest, size: Int(header.uncompressedSize) - v2Levels, codec: header.valuesCompressed ? codec : .uncompressed)
        } else {
            data = try decompress(stored, size: Int(header.uncompressedSize), codec: codec)
        }
        do {
            var valueBytes = data
            // Definition levels: 1 is a value, 0 a null (top-level columns only).
            var defined = count
            if leaf.maxDefinition > 0 {
                if levels.count < count { levels = [UInt32](repeating: 0, count: count) }
                if header.type == 3 {
                    _ = try levels.withMutablePointer { (out) throws(DecodingFailure) in
                        try ParquetBitDecoding.hybrid(levelBytes, width: 1, count: count, into: out)
                    }
                } else {
                    guard header.definitionEncoding == 3 else {
                        throw DecodingFailure("definition levels in encoding \(header.definitionEncoding) (BIT_PACKED) are not supported")
                    }
                    guard data.count >= 4 else { throw DecodingFailure("definition levels are truncated") }
                    let length = Int(UInt32(littleEndian: data.loadUnaligned(as: UInt32.self)))
                    guard length <= data.count - 4 else { throw DecodingFailure("definition levels of \(length) bytes exceed the page") }
                    let run = UnsafeRawBufferPointer(rebasing: data[4..<(4 + length)])
                    _ = try levels.withMutablePointer { (out) throws(DecodingFailure) in
                        try ParquetBitDecoding.hybrid(run, width: 1, count: count, into: out)
                    }
                    valueBytes = UnsafeRawBufferPointer(rebasing: data[(4 + length)...])
                }
                defined = 0
                for i in 0..<count { defined &+= Int(levels[i]) }
            }
            let first = try decodeValues(valueBytes, encoding: header.encoding, count: defined, leaf: leaf)
            // Each row: its value's index, or -1 (built in a local array, appended at once).
            let indexed = !indices.isEmpty
            let page = [Int32](unsafeUninitializedCapacity: count) { out, initialized in
                if leaf.maxDefinition > 0 {
                    var next = first
                    for i in 0..<count {
                        if levels[i] != 0 {
                            out[i] = indexed ? Int32(bitPattern: indices[next - first]) : Int32(truncatingIfNeeded: next)
                            next += 1
                        } else {
                            out[i] = -1
                        }
                    }
                } else if indexed {
                    for i in 0..<count { out[i] = Int32(bitPattern: indices[i]) }
                } else {
                    for i in 0..<count { out[i] = Int32(truncatingIfNeeded: first + i) }
                }
                initialized = count
            }
            values.rows.append(contentsOf: page)
            indices.removeAll(keepingCapacity: true)
        }
    }

    /// Decodes `count` non-null values. Dictionary indices go to `indices` (checked against
    /// the dictionary); other values are appended to `values`. Returns the index of the
    /// first appended value (for indices: the position they count from, 0).
    private mutating func decodeValues(_ data: UnsafeRawBufferPointer, encoding: Int32, count: Int,
                                       leaf: ParquetLeaf) throws(DecodingFailure) -> Int {
        switch encoding {
        case 2, 8:  // PLAIN_DICTIONARY, RLE_DICTIONARY
            guard dictionaryCount >= 0 else { throw DecodingFailure("dictionary-encoded page without a dictionary page") }
            guard count > 0 else { return 0 }
            guard let width = data.first else { throw DecodingFailure("dictionary indices are missing") }
            indices = [UInt32](repeating: 0, count: count)
            _ = try indices.withMutablePointer { (out) throws(DecodingFailure) in
                try ParquetBitDecoding.hybrid(UnsafeRawBufferPointer(rebasing: data[1...]), width: Int(width), count: count,
                                              into: out)
            }
            let limit = UInt32(dictionaryCount)
            for index in indices where index >= limit {
                throw DecodingFailure("dictionary index \(index) out of range (the dictionary has \(dictionaryCount) entries)")
            }
            return 0
        case 0:
            return try plain(data, count: count, leaf: leaf)
        case 5:  // DELTA_BINARY_PACKED
            guard leaf.type == .int32 || leaf.type == .int64 else { throw unsupported(encoding, leaf) }
            let first = values.numbers.count
            let narrow = leaf.type == .int32
            let (_, announced) = try ParquetBitDecoding.deltaBinaryPacked(data, limit: count) { (value) throws(DecodingFailure) in
                values.numbers.append(narrow ? Int64(Int32(truncatingIfNeeded: value)) : value)
            }
            guard announced == count else { throw DecodingFailure("DELTA_BINARY_PACKED holds \(announced) values, the page \(count)") }
            return first
        case 6, 7:  // DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY
            guard leaf.type == .byteArray || (encoding == 7 && leaf.type == .fixedLenByteArray) else { throw unsupported(encoding, leaf) }
            return try deltaByteArrays(data, prefixed: encoding == 7, count: count)
        case 9:  // BYTE_STREAM_SPLIT
            return try byteStreamSplit(data, count: count, leaf: leaf)
        default:
            throw unsupported(encoding, leaf)
        }
    }

    private func unsupported(_ encoding: Int32, _ leaf: ParquetLeaf) -> DecodingFailure {
        let names = [0: "PLAIN", 2: "PLAIN_DICTIONARY", 3: "RLE", 4: "BIT_PACKED", 5: "DELTA_BINARY_PACKED",
                     6: "DELTA_LENGTH_BYTE_ARRAY", 7: "DELTA_BYTE_ARRAY", 8: "RLE_DICTIONARY", 9: "BYTE_STREAM_SPLIT"]
        return DecodingFailure("encoding \(names[Int(encoding)] ?? String(encoding)) of a \(leaf.type.name) column is not supported")
    }

    /// PLAIN values appended to `values`; returns the first one's index.
    private mutating func plain(_ data: UnsafeRawBufferPointer, count: Int, leaf: ParquetLeaf) throws(DecodingFailure) -> Int {
        func need(_ bytes: Int) throws(DecodingFailure) {
            guard bytes <= data.count else { throw DecodingFailure("\(count) PLAIN values need \(bytes) bytes, the page has \(data.count)") }
        }
        switch leaf.type {
        case .int32, .float:
            try need(count * 4)
            let first = values.numbers.count
            for i in 0..<count {
                let raw = UInt32(littleEndian: data.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
                values.numbers.append(leaf.type == .int32 ? Int64(Int32(bitPattern: raw))
                                      : Int64(bitPattern: Double(Float(bitPattern: raw)).bitPattern))
            }
            return first
        case .int64, .double:
            try need(count * 8)
            let first = values.numbers.count
            for i in 0..<count { values.numbers.append(Int64(littleEndian: data.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
            return first
        case .int96:
            try need(count * 12)
            let first = values.numbers.count
            for i in 0..<count {
                let nanos = Int64(littleEndian: data.loadUnaligned(fromByteOffset: 12 * i, as: Int64.self))
                let julian = Int64(Int32(littleEndian: data.loadUnaligned(fromByteOffset: 12 * i + 8, as: Int32.self)))
                values.numbers.append(Self.int96Milliseconds(julianDay: julian, nanoseconds: nanos))
            }
            return first
        case .byteArray:
            let first = deduplicating ? 0 : values.text.count
            var position = 0
            for i in 0..<count {
                guard data.count - position >= 4 else { throw DecodingFailure("PLAIN byte arrays end after \(i) of \(count) values") }
                let length = Int(UInt32(littleEndian: data.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
                position += 4
                guard length <= data.count - position else { throw DecodingFailure("a byte array of \(length) bytes runs past its page") }
                appendText(UnsafeRawBufferPointer(rebasing: data[position..<(position + length)]))
                position += length
            }
            return first
        case .fixedLenByteArray:
            let width = leaf.typeLength
            try need(count * width)
            let first = deduplicating ? 0 : values.text.count
            for i in 0..<count { appendText(UnsafeRawBufferPointer(rebasing: data[(i * width)..<((i + 1) * width)])) }
            return first
        case .boolean:
            throw DecodingFailure("BOOLEAN values are not read")
        }
    }

    /// Spark's INT96 timestamp: nanoseconds of the day and a Julian day number, as epoch
    /// milliseconds (rounded down).
    static func int96Milliseconds(julianDay: Int64, nanoseconds: Int64) -> Int64 {
        let unixDay = julianDay - 2_440_588
        let (q, r) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000)
        return unixDay &* 86_400_000 &+ (r < 0 ? q - 1 : q)
    }

    /// DELTA_LENGTH_BYTE_ARRAY, or with `prefixed` DELTA_BYTE_ARRAY (prefix lengths first).
    private mutating func deltaByteArrays(_ data: UnsafeRawBufferPointer, prefixed: Bool, count: Int) throws(DecodingFailure) -> Int {
        var prefixes: [Int64] = []
        var position = 0
        if prefixed {
            let (used, announced) = try ParquetBitDecoding.deltaBinaryPacked(data, limit: count) { (value) throws(DecodingFailure) in
                prefixes.append(value)
            }
            guard announced == count else { throw DecodingFailure("DELTA_BYTE_ARRAY has \(announced) prefix lengths, the page \(count) values") }
            position = used
        }
        var lengths: [Int64] = []
        lengths.reserveCapacity(count)
        let rest = UnsafeRawBufferPointer(rebasing: data[position...])
        let (used, announced) = try ParquetBitDecoding.deltaBinaryPacked(rest, limit: count) { (value) throws(DecodingFailure) in
            lengths.append(value)
        }
        guard announced == count else { throw DecodingFailure("delta byte arrays announce \(announced) lengths, the page has \(count) values") }
        position += used
        let first = deduplicating ? 0 : values.text.count
        var previous = -1
        for i in 0..<count {
            let length = lengths[i]
            guard length >= 0, length <= Int64(data.count - position) else { throw DecodingFailure("a byte array of \(length) bytes runs past its page") }
            let suffix = UnsafeRawBufferPointer(rebasing: data[position..<(position + Int(length))])
            position += Int(length)
            if prefixed {
                let prefix = prefixes[i]
                let available = previous < 0 ? 0 : values.text.length(previous)
                guard prefix >= 0, prefix <= Int64(available) else { throw DecodingFailure("a prefix of \(prefix) bytes, longer than the previous value") }
                values.text.append(prefixOf: max(previous, 0), length: Int(prefix), suffix: suffix)
                previous = finishText()
            } else {
                previous = appendText(suffix)
            }
        }
        return first
    }

    /// BYTE_STREAM_SPLIT: byte j of value i is at `j * count + i`.
    private mutating func byteStreamSplit(_ data: UnsafeRawBufferPointer, count: Int, leaf: ParquetLeaf) throws(DecodingFailure) -> Int {
        let width: Int
        switch leaf.type {
        case .int32, .float: width = 4
        case .int64, .double: width = 8
        case .fixedLenByteArray: width = leaf.typeLength
        default: throw unsupported(9, leaf)
        }
        guard count * width <= data.count else { throw DecodingFailure("BYTE_STREAM_SPLIT values need \(count * width) bytes, the page has \(data.count)") }
        var joined = [UInt8](repeating: 0, count: count * width)
        for i in 0..<count {
            for j in 0..<width { joined[i * width + j] = data[j * count + i] }
        }
        return try joined.withBytes { (plainBytes) throws(DecodingFailure) in try plain(plainBytes, count: count, leaf: leaf) }
    }
}

/// A buffer for decompressed pages, grown as needed and reused (never zeroed: every byte
/// handed out was written by the decompressor).
final class PageBuffer {
    private var storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    /// A buffer of exactly `size` bytes.
    func reserve(_ size: Int) -> UnsafeMutableRawBufferPointer {
        if storage.count < size {
            storage.deallocate()
            storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 2 * storage.count), alignment: 16)
        }
        return UnsafeMutableRawBufferPointer(rebasing: storage[..<size])
    }

    deinit { storage.deallocate() }
}
