import ClickstreamCore

/// Where the columns the tool reads sit in a file, found by name from its header line.
///
/// Names are matched after trimming spaces, case-insensitively; unknown columns are
/// ignored. A file with `device`, `os` and `browser` is enriched; with none of them, raw.
public struct ColumnMap: Sendable, Equatable {
    public var layout: CSVLayout
    /// Fields per record, as in the header.
    public var fieldCount: Int
    public var timestamp: Int
    public var visitor: Int
    public var event: Int
    public var item: Int
    public var transaction: Int
    /// Segment columns (-1 in the raw layout).
    public private(set) var device = -1
    public private(set) var os = -1
    public private(set) var browser = -1
    /// `device,os,browser` are consecutive columns in that order (stored: the reader asks
    /// for every row).
    public private(set) var segmentColumnsAdjacent = false
    /// The header's names as written.
    public var names: [String]

    static let rawColumns = ["timestamp", "visitorid", "event", "itemid", "transactionid"]
    static let segmentColumns = ["device", "os", "browser"]

    /// Maps a header's field names, or explains what is wrong with them.
    public init(header names: [String], path: String) throws(ClickstreamError) {
        let normalised = names.map { $0.trimming(" ").lowercased() }
        var positions: [String: [Int]] = [:]
        for (index, name) in normalised.enumerated() { positions[name, default: []].append(index) }
        let found = names.map { "\"\($0)\"" }.joined(separator: ", ")

        let wanted = Self.rawColumns + Self.segmentColumns
        let duplicated = wanted.filter { (positions[$0]?.count ?? 0) > 1 }
        if !duplicated.isEmpty {
            throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1,
                                   message: "header: column \(duplicated.joined(separator: ", ")) appears more than once; found \(found)")
        }
        let presentSegments = Self.segmentColumns.filter { positions[$0] != nil }
        let expected = presentSegments.isEmpty ? Self.rawColumns : Self.rawColumns + Self.segmentColumns
        let missing = expected.filter { positions[$0] == nil }
        if !missing.isEmpty {
            var message = "header: missing column \(missing.joined(separator: ", ")); found \(found); "
                + "expected \(Self.rawColumns.joined(separator: ","))"
            message += presentSegments.isEmpty ? " (raw) or those plus device,os,browser (enriched)"
                : ",\(Self.segmentColumns.joined(separator: ",")) (enriched: all three segment columns or none)"
            throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1, message: message)
        }
        func at(_ name: String) -> Int { positions[name]?.first ?? -1 }
        layout = presentSegments.isEmpty ? .raw : .enriched
        fieldCount = names.count
        timestamp = at("timestamp")
        visitor = at("visitorid")
        event = at("event")
        item = at("itemid")
        transaction = at("transactionid")
        device = at("device")
        os = at("os")
        browser = at("browser")
        segmentColumnsAdjacent = device >= 0 && os == device + 1 && browser == os + 1
        self.names = names
    }
}
