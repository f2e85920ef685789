import ClickstreamCore

/// Gives each distinct segment (one value per dimension of the schema) an integer id
/// without building a `String` per row. Hot path.
///
/// Rows are looked up by a byte key: when the dimension columns are adjacent in the file,
/// in drill order, and the row has no quotes, the key is the span `Mobile,iOS,Safari`
/// straight from the read buffer (commas cannot occur inside unquoted fields, so it is
/// unambiguous); otherwise it is assembled as `0x01 value 0x00 value 0x00 …`, which can
/// never equal a span key because valid fields hold no control bytes. Several keys may name
/// one segment. Keys live as zero-padded 64-bit words and are compared word by word. Bytes
/// are validated (UTF-8, no control characters) only when a new key is inserted. At most
/// `limit` distinct segments are kept, so a hostile file cannot grow memory without bound:
/// past it the read fails (never a row dropped); below it every segment is kept, and rare
/// values are folded into `(other)` after the whole input is read (`RareValues`), the same
/// on any number of threads.
package struct SegmentInterner {
    /// Most distinct segments one ingest accepts; more is an error that stops the read.
    static let limit = DailyCubeBuilder.segmentLimit
    /// This interner's limit (`limit`, or a small one in tests).
    var limit = SegmentInterner.limit
    /// The dimensions every segment of this interner has.
    package let schema: DimensionSchema

    package enum Outcome {
        case id(Int32)
        /// Dimension (in drill order); byte offset inside its value; what is wrong.
        case invalid(field: Int, offset: Int, reason: RejectReason, message: String)
        case full
    }

    package private(set) var segments: [Segment] = []
    private var byName: [Segment: Int32] = [:]
    private var slots: [Int32] = Array(repeating: -1, count: 1 << 12)
    private var keyHashes: [UInt64] = []
    private var keyFirstWord: [Int] = []
    private var keyLengths: [Int] = []
    private var keySegments: [Int32] = []
    private var words: [UInt64] = []
    private var assembled: [UInt8] = []

    package init(schema: DimensionSchema = .standard) { self.schema = schema }

    /// The id of a segment given as strings (enrichment of raw files).
    package mutating func intern(_ segment: Segment) -> Outcome {
        if let id = byName[segment] { return .id(id) }
        var bytes: [UInt8] = []
        var bounds: [Range<Int>] = []
        for value in segment.values {
            let start = bytes.count
            bytes += value.utf8
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
            let hash = Self.hash(key)
            if let id = find(key, hash: hash) { return .id(id) }
            return insert(key: key, hash: hash, field: field)
        }
        return internAssembled(field: field)
    }

    private mutating func internAssembled(field: (Int) -> UnsafeRawBufferPointer) -> Outcome {
        assembled.removeAll(keepingCapacity: true)
        assembled.append(0x01)
        for dimension in 0..<schema.count {
            if dimension > 0 { assembled.append(0x00) }
            assembled.append(contentsOf: field(dimension))
        }
        let length = assembled.count
        assembled.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])
        let key = assembled
        return key.withUnsafeBytes { bytes in
            let key = UnsafeRawBufferPointer(rebasing: bytes.prefix(length))
            let hash = Self.hash(key)
            if let id = find(key, hash: hash) { return .id(id) }
            return insert(key: key, hash: hash, field: field)
        }
    }

    @inline(__always)
    private func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int32? {
        let mask = slots.count &- 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if keyHashes[entry] == hash && keyLengths[entry] == key.count && equal(key, wordsFrom: keyFirstWord[entry]) {
                return keySegments[entry]
            }
            slot = (slot &+ 1) & mask
        }
    }

    @inline(__always)
    private func equal(_ key: UnsafeRawBufferPointer, wordsFrom first: Int) -> Bool {
        let base = key.baseAddress!
        let n = key.count
        var i = 0
        var w = first
        while i < n {
            if Self.word(base, at: i, count: n) != words[w] { return false }
            i &+= 8
            w &+= 1
        }
        return true
    }

    private mutating func insert(key: UnsafeRawBufferPointer, hash: UInt64, field: (Int) -> UnsafeRawBufferPointer) -> Outcome {
        var values: [String] = []
        values.reserveCapacity(schema.count)
        for index in 0..<schema.count {
            let value = field(index)
            if let offset = TextValidation.firstControl(value) {
                let byte = value[offset]
                return .invalid(field: index, offset: offset, reason: .controlCharacter,
                                message: "control character 0x\(byte < 16 ? "0" : "")\(String(byte, radix: 16, uppercase: true))")
            }
            if let offset = TextValidation.firstInvalidUTF8(value) {
                return .invalid(field: index, offset: offset, reason: .invalidUTF8,
                                message: "invalid UTF-8 at byte \(offset + 1) of the field")
            }
            values.append(String(decoding: value, as: UTF8.self))
        }
        let segment = Segment(values, schema: schema)
        let id: Int32
        if let existing = byName[segment] {
            id = existing
        } else {
            guard segments.count < limit else { return .full }
            id = Int32(segments.count)
            segments.append(segment)
            byName[segment] = id
        }
        // A key per segment and form; a segment seen under several column layouts has several.
        guard keyHashes.count < limit * 4 else { return .id(id) }
        keyHashes.append(hash)
        keyLengths.append(key.count)
        keySegments.append(id)
        keyFirstWord.append(words.count)
        var i = 0
        while i < key.count {
            words.append(Self.word(key.baseAddress!, at: i, count: key.count))
            i += 8
        }
        if keyHashes.count * 2 > slots.count {
            slots = Array(repeating: -1, count: slots.count * 2)
            for entry in 0..<keyHashes.count { place(entry) }
        } else {
            place(keyHashes.count - 1)
        }
        return .id(id)
    }

    private mutating func place(_ entry: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: keyHashes[entry]) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry)
    }

    /// The 8 bytes of `base` from `offset`, with bytes at or past `count` zeroed. Reads a
    /// whole word, so 8 bytes after `count` must be readable.
    @inline(__always)
    static func word(_ base: UnsafeRawPointer, at offset: Int, count: Int) -> UInt64 {
        let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        let remaining = count &- offset
        return remaining >= 8 ? word : word & ((1 &<< UInt64(remaining &* 8)) &- 1)
    }

    /// Hash of a byte string, a word at a time (8 readable bytes past the end required).
    /// Keys are short (`Mobile,iOS,Safari` is three words), so words are folded with
    /// rotations and xors and the result mixed by one multiply; the probe compares whole
    /// keys, so collisions cost a probe, never a wrong id. Most rows never get here: the
    /// reader's `SpanCache` answers them first.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return 0x51ED_270B }
        var h = UInt64(truncatingIfNeeded: n)
        var i = 0
        while i < n {
            h = (h &<< 7 | h &>> 57) ^ word(base, at: i, count: n)
            i &+= 8
        }
        // A full multiply to finish: keys that differ in a few bytes (user agents that
        // differ in a version number) must not land in one run of slots, or every probe
        // walks it (measured: 18,000 instructions per new segment among 25,000 similar ones).
        return mix(h)
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: 0x9FB2_1C65_1E98_DF25)
        return product.high ^ product.low
    }
}
