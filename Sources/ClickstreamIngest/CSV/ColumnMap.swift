import ClickstreamCore

/// Where the columns the tool reads sit in a file, found by name from its header line.
///
/// Names are matched after trimming spaces, case-insensitively; unknown columns are
/// ignored. A file with a column for every dimension of the schema (`device`, `os` and
/// `browser` by default) is enriched; with none of them, raw.
public struct ColumnMap: Sendable, Equatable {
    public var layout: CSVLayout
    /// Fields per record, as in the header.
    public var fieldCount: Int
    public var timestamp: Int
    public var visitor: Int
    public var event: Int
    public var item: Int
    public var transaction: Int
    /// The dimensions the segment columns hold.
    public let schema: DimensionSchema
    /// The column of each dimension, in drill order (empty in the raw layout).
    public private(set) var dimensionColumns: [Int] = []
    /// The dimension columns are consecutive, in drill order (`device,os,browser`); stored:
    /// the reader asks for every row.
    public private(set) var segmentColumnsAdjacent = false
    /// The header's names as written.
    public var names: [String]

    static let rawColumns = ["timestamp", "visitorid", "event", "itemid", "transactionid"]

    /// Maps a header's field names, or explains what is wrong with them.
    public init(header names: [String], path: String, schema: DimensionSchema = .standard) throws(ClickstreamError) {
        let segmentColumns = schema.names.map { $0.lowercased() }
        let normalised = names.map { $0.trimming(" ").lowercased() }
        var positions: [String: [Int]] = [:]
        for (index, name) in normalised.enumerated() { positions[name, default: []].append(index) }
        let found = names.map { "\"\($0)\"" }.joined(separator: ", ")

        let wanted = Self.rawColumns + segmentColumns
        let duplicated = wanted.filter { (positions[$0]?.count ?? 0) > 1 }
        if !duplicated.isEmpty {
            throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1,
                                   message: "header: column \(duplicated.joined(separator: ", ")) appears more than once; found \(found)")
        }
        // Only the standard dimensions can be enriched from the visitor: with any other
        // schema the dimension columns are required.
        let enrichable = schema == .standard
        let presentSegments = segmentColumns.filter { positions[$0] != nil }
        let raw = presentSegments.isEmpty && enrichable
        let expected = raw ? Self.rawColumns : Self.rawColumns + segmentColumns
        let missing = expected.filter { positions[$0] == nil }
        if !missing.isEmpty {
            var message = "header: missing column \(missing.joined(separator: ", ")); found \(found); "
                + "expected \(Self.rawColumns.joined(separator: ","))"
            let all = segmentColumns.count == 3 ? "all three" : "all \(segmentColumns.count)"
            message += !enrichable ? ",\(segmentColumns.joined(separator: ",")) (a column for every dimension)"
                : presentSegments.isEmpty ? " (raw) or those plus \(segmentColumns.joined(separator: ",")) (enriched)"
                : ",\(segmentColumns.joined(separator: ",")) (enriched: \(all) segment columns or none)"
            throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1, message: message)
        }
        func at(_ name: String) -> Int { positions[name]?.first ?? -1 }
        layout = raw ? .raw : .enriched
        fieldCount = names.count
        timestamp = at("timestamp")
        visitor = at("visitorid")
        event = at("event")
        item = at("itemid")
        transaction = at("transactionid")
        self.schema = schema
        if layout == .enriched {
            dimensionColumns = segmentColumns.map(at)
            segmentColumnsAdjacent = zip(dimensionColumns, dimensionColumns.dropFirst()).allSatisfy { $1 == $0 + 1 }
        }
        self.names = names
    }
}
