/// One input as the provenance footer lists it.
public struct InputFile: Codable, Sendable, Equatable {
    public var path: String
    public var bytes: Int
    /// 64-bit content hash, hex (enough to tell two reports' inputs apart).
    public var hash: String
    /// A database input: the server's name and version (nil for a file).
    public var server: String?
    /// A database input: the statement that computed the cube.
    public var query: String?
    /// A database input: the rows of its answer (cells and counts of rejected rows).
    public var resultRows: Int?

    public init(path: String, bytes: Int, hash: String, server: String? = nil, query: String? = nil, resultRows: Int? = nil) {
        self.path = path
        self.bytes = bytes
        self.hash = hash
        self.server = server
        self.query = query
        self.resultRows = resultRows
    }
}
