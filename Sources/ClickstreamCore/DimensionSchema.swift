/// The dimensions traffic is sliced by, in drill order: the drill-down narrows the first,
/// then the next inside it, and so on. The default is device → os → browser; a schema of
/// any length works the same way (a segment fixes one value of each dimension, a pattern
/// fixes some and leaves the others `*`).
public struct DimensionSchema: Hashable, Codable, Sendable {
    /// The dimension names, in drill order.
    public let names: [String]

    public init(_ names: [String]) {
        precondition(!names.isEmpty, "a schema has at least one dimension")
        self.names = names
    }

    /// device → os → browser.
    public static let standard = DimensionSchema(["device", "os", "browser"])

    public var count: Int { names.count }

    /// The position of a dimension in the drill order.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    public init(from decoder: any Decoder) throws {
        let names = try [String](from: decoder)
        guard !names.isEmpty else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: decoder.codingPath,
                                                                    debugDescription: "a schema has at least one dimension"))
        }
        self.init(names)
    }

    public func encode(to encoder: any Encoder) throws { try names.encode(to: encoder) }
}

extension CodingUserInfoKey {
    /// The `DimensionSchema` segments and patterns are decoded against (the standard one
    /// when absent and the keys fit it).
    public static let dimensionSchema = CodingUserInfoKey(rawValue: "clickstream.dimensionSchema")!
}
