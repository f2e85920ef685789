import ClickstreamCore

/// A segment pattern: each dimension a value or `*` (any), e.g. `* · iOS · *`.
///
/// Shown, ordered and encoded like `Segment` (a wildcard dimension is `*` in text and left
/// out of the JSON object).
public struct SegmentPattern: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The value of each dimension in drill order; nil is `*`.
    public private(set) var values: [String?]
    public let schema: DimensionSchema

    public init(_ values: [String?], schema: DimensionSchema) {
        precondition(values.count == schema.count, "a pattern has one entry per dimension")
        self.values = values
        self.schema = schema
    }

    /// A pattern of the standard schema (device → os → browser).
    public init(browser: String?, os: String?, device: String?) {
        self.init([device, os, browser], schema: .standard)
    }

    /// The pattern that matches exactly `segment`.
    public init(_ segment: Segment) { self.init(segment.values, schema: segment.schema) }

    /// The pattern fixing only the dimension at `index` to `value`.
    public init(dimension index: Int, value: String, schema: DimensionSchema) {
        var values = [String?](repeating: nil, count: schema.count)
        values[index] = value
        self.init(values, schema: schema)
    }

    public func matches(_ segment: Segment) -> Bool {
        zip(values, segment.values).allSatisfy { $0 == nil || $0 == $1 }
    }

    /// True when every segment this pattern matches is also matched by `other`, and they differ.
    public func isInside(_ other: SegmentPattern) -> Bool {
        self != other && zip(other.values, values).allSatisfy { $0 == nil || $0 == $1 }
    }

    /// How many dimensions are fixed (all of them for a full segment).
    public var specificity: Int { values.count { $0 != nil } }

    /// The full segment, when no dimension is a wildcard.
    public var segment: Segment? {
        let fixed = values.compactMap { $0 }
        return fixed.count == values.count ? Segment(fixed, schema: schema) : nil
    }

    public var description: String { values.reversed().map { $0 ?? "*" }.joined(separator: " · ") }

    /// The name as a page shows it (`DisplayName`: cleaned, isolated, never blank).
    public var displayName: String { DisplayName.joined(values) }

    /// The command-line form, most specific dimension first (`*/iOS/Mobile`).
    public var slashSeparated: String { values.reversed().map { $0 ?? "*" }.joined(separator: "/") }

    /// Parses a name as `Segment(named:)` does (`Safari · iOS · Mobile` or `Safari/iOS/Mobile`);
    /// a part `*` is a wildcard.
    public init?(named text: String, schema: DimensionSchema) {
        guard let parsed = Segment(named: text, schema: schema) else { return nil }
        self.init(parsed.values.map { $0 == "*" ? nil : $0 }, schema: schema)
    }

    /// Between two patterns that cover the same segments: the more specific, then by name.
    func isPreferred(over other: SegmentPattern) -> Bool {
        specificity != other.specificity ? specificity > other.specificity : description < other.description
    }

    public static func < (lhs: SegmentPattern, rhs: SegmentPattern) -> Bool { lhs.description < rhs.description }

    /// Equal when the values are (patterns of different schemas are never compared).
    public static func == (lhs: SegmentPattern, rhs: SegmentPattern) -> Bool { lhs.values == rhs.values }

    public func hash(into hasher: inout Hasher) { hasher.combine(values) }

    /// The patterns this one lies inside (`isInside`): each with some of its fixed
    /// dimensions made `*`, all but none and all of them.
    var enclosing: [SegmentPattern] {
        let fixed = values.indices.filter { values[$0] != nil }
        guard fixed.count > 1 else { return [] }
        return (1..<((1 << fixed.count) - 1)).map { mask in
            var wider = values
            for (bit, index) in fixed.enumerated() where mask & (1 << bit) != 0 { wider[index] = nil }
            return SegmentPattern(wider, schema: schema)
        }
    }

    /// The 2ⁿ − 1 patterns (all but the all-`*` one) that match a segment of n dimensions.
    static func generalisations(of segment: Segment) -> [SegmentPattern] {
        let pattern = SegmentPattern(segment)
        return [pattern] + pattern.enclosing
    }

    /// An object with the fixed dimensions by name: `{"device": "Mobile", "os": "iOS"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DimensionKey.self)
        for (name, value) in zip(schema.names, values) {
            if let value { try container.encode(value, forKey: DimensionKey(name)) }
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DimensionKey.self)
        let schema = try DimensionKey.schema(for: container.allKeys.map(\.stringValue), decoder: decoder, wildcards: true)
        self.init(try schema.names.map { try container.decodeIfPresent(String.self, forKey: DimensionKey($0)) }, schema: schema)
    }
}
