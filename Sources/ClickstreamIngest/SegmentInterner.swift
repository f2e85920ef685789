import ClickstreamCore

/// Gives each distinct segment (one value per dimension of the schema) an integer id
/// without building a `String` per row. Hot path.
///
/// Rows are looked up by a byte key: when the dimension columns are adjacent in the file,
/// in drill order, and the row has no quotes, the key is the span `Mobile,iOS,Safari`
/// straight from the read buffer (commas cannot occur inside unquoted fields, so it is
/// unambiguous); otherwise it is assembled as `0x01 value 0x00 value 0x00 …`, which can
/// never equal a span key because valid fields hold no control bytes. Several keys may name
/// one segment. A key not seen before is split into its values; each value is looked up in
/// its dimension's table (a string is made, and its bytes validated as UTF-8 without
/// control characters, only for a value not seen before); the segment is added by its value
/// codes (`SegmentCodeTable`), or looked up by them once a key may name a known segment.
/// So a million segments over a few thousand values cost a few thousand strings, and the
/// cube is sorted and merged by integers.
///
/// At most `limit` distinct segments are kept, so a hostile file cannot grow memory
/// without bound: past it the read fails (never a row dropped); below it every segment is
/// kept, and rare values are folded into `(other)` after the whole input is read
/// (`RareValues`), the same on any number of threads.
package struct SegmentInterner {
    /// Most distinct segments one ingest accepts; more is an error that stops the read.
    static let limit = DailyCubeBuilder.segmentLimit
    /// This interner's limit (`limit`, or a small one in tests).
    var limit = SegmentInterner.limit
    /// The dimensions every segment of this interner has.
    package var schema: DimensionSchema { table.codes.schema }

    package enum Outcome {
        case id(Int32)
        /// Dimension (in drill order); byte offset inside its value; what is wrong.
        case invalid(field: Int, offset: Int, reason: RejectReason, message: String)
        case full
    }

    /// The segments so far, by value, in order of their ids.
    package var codes: SegmentCodes { table.codes }

    private var table: SegmentCodeTable
    /// Row key → segment id.
    private var keys = ByteKeyTable()
    /// Per dimension: value bytes → value code.
    private var values: [ByteKeyTable]
    /// A value copied with 8 zero bytes after it (hashing reads whole words).
    private var padded: [UInt8] = []
    private var assembled: [UInt8] = []
    private var tuple: [Int32]
    /// Which key forms have been inserted, and whether two byte forms of a value share a
    /// code. Until a second form or a shared code turns up, a new key is a new segment
    /// for certain (one form of key, one byte form per value), and is appended without a
    /// lookup by codes.
    private var sawSpan = false, sawAssembled = false, valuesShareCodes = false
    /// Segment ids by their value codes, built when a new key may name a known segment.
    private var byCodes: TaggedSlots?

    package init(schema: DimensionSchema = .standard) {
        table = SegmentCodeTable(schema: schema)
        values = Array(repeating: ByteKeyTable(), count: schema.count)
        tuple = Array(repeating: 0, count: schema.count)
    }

    /// The id of a segment given as strings (enrichment of raw files).
    package mutating func intern(_ segment: Segment) -> Outcome {
        intern(values: segment.values.map { Array($0.utf8) })
    }

    /// The id of a segment given as each dimension's bytes, in drill order (a database's
    /// answer, whose strings may hold any bytes: they are judged as a CSV field's are).
    mutating func intern(values: [[UInt8]]) -> Outcome {
        var bytes: [UInt8] = []
        var bounds: [Range<Int>] = []
        for value in values {
            let start = bytes.count
            bytes += value
            bounds.append(start..<bytes.count)
        }
        return bytes.withUnsafeBytes { all in
            intern(span: nil) { UnsafeRawBufferPointer(rebasing: all[bounds[$0]]) }
        }
    }

    /// The id of the segment whose value of dimension `d` is `field(d)`, in drill order.
    /// `span`, when given, is every value in one buffer from the first's start to the last's
    /// end, separated by single commas, followed by 8 readable bytes.
    @inline(__always)
    mutating func intern(span: UnsafeRawBufferPointer?, field: (Int) -> UnsafeRawBufferPointer) -> Outcome {
        if let key = span {
            let hash = ByteKeyTable.hash(key)
            if let id = keys.find(key, hash: hash) { return .id(id) }
            sawSpan = true
            return insert(key: key, hash: hash, padded: true, field: field)
        }
        return internAssembled(field: field)
    }

    private mutating func internAssembled(field: (Int) -> UnsafeRawBufferPointer) -> Outcome {
        assembled.removeAll(keepingCapacity: true)
        assembled.append(0x01)
        for dimension in 0..<tuple.count {
            if dimension > 0 { assembled.append(0x00) }
            assembled.append(contentsOf: field(dimension))
        }
        let length = assembled.count
        assembled.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])
        let key = assembled
        return key.withUnsafeBytes { bytes in
            let key = UnsafeRawBufferPointer(rebasing: bytes.prefix(length))
            let hash = ByteKeyTable.hash(key)
            if let id = keys.find(key, hash: hash) { return .id(id) }
            sawAssembled = true
            return insert(key: key, hash: hash, padded: false, field: field)
        }
    }

    /// A key not seen before: its segment by value, added when new. `padded`: 8 bytes after
    /// every field are readable (the fields of a span key).
    private mutating func insert(key: UnsafeRawBufferPointer, hash: UInt64, padded: Bool,
                                 field: (Int) -> UnsafeRawBufferPointer) -> Outcome {
        for dimension in 0..<tuple.count {
            switch code(of: field(dimension), dimension: dimension, padded: padded) {
            case .success(let code): tuple[dimension] = code
            case .failure(let problem): return .invalid(field: dimension, offset: problem.offset, reason: problem.reason, message: problem.message)
            }
        }
        if byCodes == nil && (valuesShareCodes || (sawSpan && sawAssembled)) { indexByCodes() }
        let tupleHash = byCodes == nil ? 0 : Self.hash(tuple)
        let known = byCodes?.first(hash: tupleHash) { segment in
            (0..<tuple.count).allSatisfy { table.codes.code(segment, $0) == tuple[$0] }
        }
        let added = known.map(Int32.init) ?? tuple.withUnsafeBufferPointer { table.append($0, limit: limit) }
        guard let id = added else { return .full }
        if known == nil { byCodes?.insert(hash: tupleHash, payload: Int(id)) }
        // A key per segment and form; a segment seen under several column layouts has several.
        if keys.count < limit * 4 { keys.insert(key, hash: hash, payload: id) }
        return .id(id)
    }

    /// Indexes every segment so far by its codes (from here on, a new key is looked up).
    private mutating func indexByCodes() {
        var index = TaggedSlots()
        let width = tuple.count
        let codes = table.codes
        for segment in 0..<codes.count {
            index.insert(hash: Self.hash((0..<width).map { codes.code(segment, $0) }), payload: segment)
        }
        byCodes = index
    }

    /// A hash of value codes, mixed by a full multiply per code.
    private static func hash(_ tuple: [Int32]) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for code in tuple {
            let product = (h ^ UInt64(UInt32(bitPattern: code))).multipliedFullWidth(by: 0xD6E8_FEB8_6659_FD93)
            h = product.high ^ product.low
        }
        return h
    }

    /// What is wrong with a value's bytes.
    private struct ValueProblem: Error {
        var offset: Int
        var reason: RejectReason
        var message: String
    }

    /// The code of one value of a dimension, made (after validating the bytes) when new.
    private mutating func code(of value: UnsafeRawBufferPointer, dimension: Int, padded isPadded: Bool) -> Result<Int32, ValueProblem> {
        if isPadded { return code(ofPadded: value, dimension: dimension) }
        padded.removeAll(keepingCapacity: true)
        padded.append(contentsOf: value)
        padded.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])
        return padded.withUnsafeBytes { all in
            code(ofPadded: UnsafeRawBufferPointer(rebasing: all.prefix(value.count)), dimension: dimension)
        }
    }

    /// `code(of:)` for bytes followed by 8 readable bytes.
    private mutating func code(ofPadded bytes: UnsafeRawBufferPointer, dimension: Int) -> Result<Int32, ValueProblem> {
        let hash = ByteKeyTable.hash(bytes)
        if let code = values[dimension].find(bytes, hash: hash) { return .success(code) }
        if let offset = TextValidation.firstControl(bytes) {
            let byte = bytes[offset]
            return .failure(ValueProblem(offset: offset, reason: .controlCharacter,
                                         message: "control character 0x\(byte < 16 ? "0" : "")\(String(byte, radix: 16, uppercase: true))"))
        }
        if let offset = TextValidation.firstInvalidUTF8(bytes) {
            return .failure(ValueProblem(offset: offset, reason: .invalidUTF8, message: "invalid UTF-8 at byte \(offset + 1) of the field"))
        }
        let known = table.codes.values[dimension].count
        let code = table.code(of: String(decoding: bytes, as: UTF8.self), dimension: dimension)
        // Another byte form of a value already coded (canonically equivalent text).
        if Int(code) < known { valuesShareCodes = true }
        values[dimension].insert(bytes, hash: hash, payload: code)
        return .success(code)
    }
}
