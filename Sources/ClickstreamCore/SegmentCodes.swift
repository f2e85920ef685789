/// Segments stored by value: each dimension's distinct values once, and each segment as one
/// code per dimension (an index into that dimension's values).
///
/// A million segments over 5 × 50 × 5,000 values are 5,055 strings and three million
/// small integers, compared and hashed as integers: the form segments take from the reader
/// until the cube is finished, and the form the cube keeps beside its `Segment` list so
/// merging and folding never hash or compare a string per segment.
public struct SegmentCodes: Sendable, Equatable {
    /// The dimensions, in drill order.
    public let schema: DimensionSchema
    /// Each dimension's values (indexed by dimension in drill order, then by code).
    public private(set) var values: [[String]]
    /// Segment `s`'s code in dimension `d` is `codes[s * schema.count + d]`.
    public private(set) var codes: [Int32]

    /// No segments.
    public init(schema: DimensionSchema) {
        self.schema = schema
        values = Array(repeating: [], count: schema.count)
        codes = []
    }

    /// Codes given directly; every code must index its dimension's values.
    public init(schema: DimensionSchema, values: [[String]], codes: [Int32]) {
        precondition(values.count == schema.count && codes.count % schema.count == 0, "one value list and one code per dimension")
        self.schema = schema
        self.values = values
        self.codes = codes
    }

    /// The codes of `segments`, in their order (values in order of first appearance).
    public init(_ segments: [Segment], schema: DimensionSchema) {
        var table = SegmentCodeTable(schema: schema)
        var tuple = [Int32](repeating: 0, count: schema.count)
        self.init(schema: schema)
        codes.reserveCapacity(segments.count * schema.count)
        for segment in segments {
            precondition(segment.schema == schema, "segments of one schema")
            for (dimension, value) in segment.values.enumerated() { tuple[dimension] = table.code(of: value, dimension: dimension) }
            codes += tuple
        }
        values = table.codes.values
    }

    /// How many segments.
    public var count: Int { codes.count / schema.count }

    /// Segment `index`'s code in `dimension`.
    @inline(__always)
    public func code(_ index: Int, _ dimension: Int) -> Int32 { codes[index &* schema.count &+ dimension] }

    /// Segment `index` by name.
    public func segment(_ index: Int) -> Segment {
        Segment((0..<schema.count).map { values[$0][Int(code(index, $0))] }, schema: schema)
    }

    /// Adds a value to a dimension and returns its code.
    mutating func appendValue(_ value: String, dimension: Int) -> Int32 {
        values[dimension].append(value)
        return Int32(values[dimension].count - 1)
    }

    /// Adds a segment by its codes.
    mutating func appendSegment(_ tuple: UnsafeBufferPointer<Int32>) { codes.append(contentsOf: tuple) }
}

/// Builds `SegmentCodes` with every segment once: values by string per dimension, segments
/// by their code tuple in an open-addressing table, so a lookup hashes a few integers. The
/// table is built on the first lookup: a caller that knows its segments are new appends them.
public struct SegmentCodeTable: Sendable {
    /// The segments so far, in order of first appearance.
    public private(set) var codes: SegmentCodes
    private var valueCodes: [[String: Int32]]
    /// Per slot: the tuple's hash in the upper 32 bits and 1 + its segment in the lower
    /// (0: empty), so a probe that meets another tuple mostly rejects it on the hash alone.
    private var slots: [UInt64] = []
    private var hashes: [UInt64] = []

    public init(schema: DimensionSchema) {
        codes = SegmentCodes(schema: schema)
        valueCodes = Array(repeating: [:], count: schema.count)
    }

    /// How many segments.
    public var count: Int { codes.count }

    /// The code of `value` in `dimension`, added when new.
    public mutating func code(of value: String, dimension: Int) -> Int32 {
        if let code = valueCodes[dimension][value] { return code }
        let code = codes.appendValue(value, dimension: dimension)
        valueCodes[dimension][value] = code
        return code
    }

    /// Adds a segment the caller knows is new (no lookup), unless `limit` segments are
    /// there already (then nil).
    public mutating func append(_ tuple: UnsafeBufferPointer<Int32>, limit: Int = .max) -> Int32? {
        let index = codes.count
        guard index < limit, index < Int(Int32.max) else { return nil }
        codes.appendSegment(tuple)
        if indexed {
            hashes.append(Self.hash(tuple))
            settle(index)
        }
        return Int32(index)
    }

    /// The index of the segment with these codes (one per dimension); when new it is added,
    /// unless `limit` segments are there already (then nil).
    public mutating func segment(_ tuple: UnsafeBufferPointer<Int32>, limit: Int = .max) -> Int32? {
        if !indexed { index() }
        let hash = Self.hash(tuple)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let width = tuple.count
        let found: Int32? = slots.withUnsafeBufferPointer { slots in
            codes.codes.withUnsafeBufferPointer { all in
                let mask = slots.count &- 1
                var slot = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let packed = slots[slot]
                    if packed == 0 { return nil }
                    if packed & 0xFFFF_FFFF_0000_0000 == tag {
                        let entry = Int(truncatingIfNeeded: packed & 0xFFFF_FFFF) &- 1
                        var same = true
                        for d in 0..<width where all[entry &* width &+ d] != tuple[d] { same = false }
                        if same { return Int32(truncatingIfNeeded: entry) }
                    }
                    slot = (slot &+ 1) & mask
                }
            }
        }
        if let found { return found }
        let index = codes.count
        guard index < limit, index < Int(Int32.max) else { return nil }
        codes.appendSegment(tuple)
        hashes.append(hash)
        settle(index)
        return Int32(index)
    }

    /// Whether the slots are kept (from the first lookup on; `append` alone needs none).
    private var indexed = false

    private mutating func index() {
        indexed = true
        hashes = codes.codes.withUnsafeBufferPointer { all in
            let width = codes.schema.count
            return (0..<codes.count).map { Self.hash(UnsafeBufferPointer(rebasing: all[$0 * width ..< ($0 + 1) * width])) }
        }
        var size = 1 << 10
        while size < hashes.count * 4 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        for entry in hashes.indices { place(entry) }
    }

    /// Places a new entry, growing the slots when half full.
    private mutating func settle(_ entry: Int) {
        if (entry + 1) * 2 > slots.count {
            slots = Array(repeating: 0, count: slots.count * 2)
            for entry in hashes.indices { place(entry) }
        } else {
            place(entry)
        }
    }

    private mutating func place(_ entry: Int) {
        let mask = slots.count - 1
        let hash = hashes[entry]
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(entry + 1)
    }

    @inline(__always)
    private static func hash(_ tuple: UnsafeBufferPointer<Int32>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for code in tuple {
            let product = (h ^ UInt64(UInt32(bitPattern: code))).multipliedFullWidth(by: 0xD6E8_FEB8_6659_FD93)
            h = product.high ^ product.low
        }
        return h
    }
}
