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
/// by their code tuple in an open-addressing table, so a lookup hashes a few integers.
public struct SegmentCodeTable: Sendable {
    /// The segments so far, in order of first appearance.
    public private(set) var codes: SegmentCodes
    private var valueCodes: [[String: Int32]]
    private var slots: [Int32] = Array(repeating: -1, count: 1 << 10)

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

    /// The index of the segment with these codes (one per dimension); when new it is added,
    /// unless `limit` segments are there already (then nil).
    public mutating func segment(_ tuple: UnsafeBufferPointer<Int32>, limit: Int = .max) -> Int32? {
        let hash = Self.hash(tuple)
        let mask = slots.count &- 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let width = tuple.count
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { break }
            if codes.codes.withUnsafeBufferPointer({ all in
                let base = entry &* width
                for d in 0..<width where all[base &+ d] != tuple[d] { return false }
                return true
            }) { return Int32(entry) }
            slot = (slot &+ 1) & mask
        }
        let index = codes.count
        guard index < limit else { return nil }
        codes.appendSegment(tuple)
        if (index + 1) * 2 > slots.count {
            grow()
        } else {
            slots[slot] = Int32(index)
        }
        return Int32(index)
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        let width = codes.schema.count
        codes.codes.withUnsafeBufferPointer { all in
            for index in 0..<(all.count / width) {
                var slot = Int(truncatingIfNeeded: Self.hash(UnsafeBufferPointer(rebasing: all[index * width ..< (index + 1) * width]))) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(index)
            }
        }
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
