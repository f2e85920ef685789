/// One value of every dimension of a schema: the unit the report slices traffic by.
///
/// Shown most specific dimension first: `Safari · iOS · Mobile` in the report,
/// `Safari/iOS/Mobile` on the command line (the standard schema's browser, os, device).
/// Ordering compares the last dimension of the drill order first, then the one before it,
/// and so on (browser, then OS, then device), so every list of segments the tool prints or
/// stores is in one stable order. Two segments are equal when their values are; segments of
/// different schemas are never compared.
public struct Segment: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The value of each dimension, in the schema's drill order.
    public private(set) var values: [String]
    /// The dimensions `values` belong to.
    public let schema: DimensionSchema

    public init(_ values: [String], schema: DimensionSchema) {
        precondition(values.count == schema.count, "a segment has one value per dimension")
        self.values = values
        self.schema = schema
    }

    /// A segment of the standard schema (device → os → browser).
    public init(browser: String, os: String, device: String) {
        self.init([device, os, browser], schema: .standard)
    }

    /// Parses the command-line form, most specific dimension first (`Browser/OS/Device`;
    /// spaces around parts are trimmed).
    public init?(slashSeparated text: String, schema: DimensionSchema = .standard) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimming(" ") }
        guard parts.count == schema.count, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(parts.reversed(), schema: schema)
    }

    /// Parses a name given on the command line, most specific dimension first: the form the
    /// report prints (`Safari · iOS · Mobile`, which lets a value hold a `/`, as user agents
    /// do) or the slash form (`Safari/iOS/Mobile`).
    public init?(named text: String, schema: DimensionSchema = .standard) {
        guard text.contains("·") else {
            self.init(slashSeparated: text, schema: schema)
            return
        }
        let parts = text.split(separator: "·", omittingEmptySubsequences: false).map { $0.trimming(" ") }
        guard parts.count == schema.count, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(parts.reversed(), schema: schema)
    }

    /// What a name for a segment of `schema` looks like, for messages.
    public static func nameForm(_ schema: DimensionSchema) -> String {
        let labels = schema.names.reversed()
        return labels.joined(separator: "/") + " or '" + labels.joined(separator: " · ") + "'"
    }

    /// The value of the dimension at `index` in the drill order.
    public subscript(dimension index: Int) -> String { values[index] }

    /// The same segment with the value of one dimension replaced.
    public func replacing(dimension index: Int, with value: String) -> Segment {
        var copy = self
        copy.values[index] = value
        return copy
    }

    /// `Safari · iOS · Mobile`, the form the report shows.
    public var description: String { values.reversed().joined(separator: " · ") }

    /// The name as a page shows it (`DisplayName`: cleaned, isolated, never blank).
    public var displayName: String { DisplayName.joined(values) }

    /// `Safari/iOS/Mobile`, the form the command line takes.
    public var slashSeparated: String { values.reversed().joined(separator: "/") }

    public static func == (lhs: Segment, rhs: Segment) -> Bool { lhs.values == rhs.values }

    public func hash(into hasher: inout Hasher) { hasher.combine(values) }

    public static func < (lhs: Segment, rhs: Segment) -> Bool {
        lhs.values.reversed().lexicographicallyPrecedes(rhs.values.reversed())
    }
}

extension Segment: Codable {
    /// An object keyed by dimension name: `{"browser": "Safari", "device": "Mobile", "os": "iOS"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DimensionKey.self)
        for (name, value) in zip(schema.names, values) { try container.encode(value, forKey: DimensionKey(name)) }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DimensionKey.self)
        let schema = try DimensionKey.schema(for: container.allKeys.map(\.stringValue), decoder: decoder, wildcards: false)
        self.init(try schema.names.map { try container.decode(String.self, forKey: DimensionKey($0)) }, schema: schema)
    }
}

/// A dimension's name as a coding key.
package struct DimensionKey: CodingKey {
    package var stringValue: String
    package var intValue: Int? { nil }
    package init(_ name: String) { stringValue = name }
    package init?(stringValue: String) { self.stringValue = stringValue }
    package init?(intValue: Int) { nil }

    /// The schema of a decoded segment (every key) or pattern (some keys: `wildcards`): the
    /// decoder's `dimensionSchema`, else the standard one.
    package static func schema(for keys: [String], decoder: any Decoder, wildcards: Bool) throws -> DimensionSchema {
        let schema = decoder.userInfo[.dimensionSchema] as? DimensionSchema ?? .standard
        let fits = wildcards ? Set(keys).isSubset(of: schema.names) : Set(keys) == Set(schema.names)
        guard fits else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "expected the dimensions \(schema.names.joined(separator: ", ")), found \(keys.sorted().joined(separator: ", "))"))
        }
        return schema
    }
}

extension StringProtocol {
    /// The text without `character` at either end.
    package func trimming(_ set: Character) -> String {
        var slice = Substring(self)
        while slice.first == set { slice.removeFirst() }
        while slice.last == set { slice.removeLast() }
        return String(slice)
    }
}
