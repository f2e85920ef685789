/// One input as the provenance footer lists it.
public struct InputFile: Codable, Sendable, Equatable {
    public var path: String
    public var bytes: Int
    /// 64-bit content hash, hex (enough to tell two reports' inputs apart).
    public var hash: String

    public init(path: String, bytes: Int, hash: String) {
        self.path = path
        self.bytes = bytes
        self.hash = hash
    }
}
