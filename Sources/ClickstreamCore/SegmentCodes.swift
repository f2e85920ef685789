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

/// Builds `SegmentCodes`: each value once per dimension (looked up by string), segments
/// appended by their codes. Callers that may meet a segment twice keep their own index of
/// the tuples (the reader's interner) or let the cube's one sort make them one.
public struct SegmentCodeTable: Sendable {
    /// The segments so far, in order of first appearance.
    public private(set) var codes: SegmentCodes
    private var valueCodes: [[String: Int32]]

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

    /// Adds a segment by its codes, unless `limit` segments are there already (then nil).
    public mutating func append(_ tuple: UnsafeBufferPointer<Int32>, limit: Int = .max) -> Int32? {
        let index = codes.count
        guard index < limit, index < Int(Int32.max) else { return nil }
        codes.appendSegment(tuple)
        return Int32(index)
    }
}
