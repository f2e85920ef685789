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
    /// -1 when the mapping has no item column.
    public var item: Int
    /// -1 when the mapping has no transaction column.
    public var transaction: Int
    /// -1 when the mapping reads no revenue.
    public var revenue: Int
    /// Decimal places the revenue is counted at (`RevenueAmount`).
    public var revenueDecimals = 2
    /// The names the columns were looked up by.
    public let columnNames: ColumnNames
    /// The file's names for the funnel steps.
    public let eventNames: EventNames
    /// The Retail Rocket event words (read without a table); stored: the reader asks per row.
    let standardEvents: Bool
    /// The unit of integer times.
    public var timeUnit = TimeUnit.milliseconds
    /// Ids may be any text (`IngestOptions.idsAreText`), not only integers.
    public var idsAreText = false
    /// Each event name's bytes and `EventType.index`, for other names.
    let eventTable: [EventNames.Entry]
    /// The dimensions the segment columns hold.
    public let schema: DimensionSchema
    /// The column of each dimension, in drill order (empty in the raw layout).
    public private(set) var dimensionColumns: [Int] = []
    /// The dimension columns are consecutive, in drill order (`device,os,browser`); stored:
    /// the reader asks for every row.
    public private(set) var segmentColumnsAdjacent = false
    /// The header's names as written.
    public var names: [String]

    /// Maps a header's field names, or explains what is wrong with them.
    public init(header names: [String], path: String, schema: DimensionSchema = .standard,
                columns: ColumnNames = ColumnNames(), events: EventNames = EventNames(),
                oneSegment: Bool = false) throws(ClickstreamError) {
        // One segment for all traffic: no dimension column is looked for.
        let segmentColumns = oneSegment ? [] : schema.names.map { $0.lowercased() }
        let rawColumns = columns.required.map { $0.lowercased() }
        let normalised = names.map { $0.trimming(" ").lowercased() }
        var positions: [String: [Int]] = [:]
        for (index, name) in normalised.enumerated() { positions[name, default: []].append(index) }
        let found = names.map { "\"\($0)\"" }.joined(separator: ", ")

        let wanted = rawColumns + segmentColumns
        let duplicated = wanted.filter { (positions[$0]?.count ?? 0) > 1 }
        if !duplicated.isEmpty {
            throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1,
                                   message: "header: column \(duplicated.joined(separator: ", ")) appears more than once; found \(found)")
        }
        // Only the standard dimensions can be enriched from the visitor: with any other
        // schema the dimension columns are required.
        let enrichable = schema == .standard || oneSegment
        let presentSegments = segmentColumns.filter { positions[$0] != nil }
        let raw = presentSegments.isEmpty && enrichable
        let expected = raw ? rawColumns : rawColumns + segmentColumns
        let missing = expected.filter { positions[$0] == nil }
        if !missing.isEmpty {
            var message = "header: missing column \(missing.joined(separator: ", ")); found \(found); "
                + "expected \(rawColumns.joined(separator: ","))"
            let all = segmentColumns.count == 3 ? "all three" : "all \(segmentColumns.count)"
            message += !enrichable ? ",\(segmentColumns.joined(separator: ",")) (a column for every dimension)"
                : presentSegments.isEmpty ? " (raw) or those plus \(segmentColumns.joined(separator: ",")) (enriched)"
                : ",\(segmentColumns.joined(separator: ",")) (enriched: \(all) segment columns or none)"
            throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1, message: message)
        }
        func at(_ name: String) -> Int { positions[name]?.first ?? -1 }
        layout = raw ? .raw : .enriched
        fieldCount = names.count
        timestamp = at(columns.time.lowercased())
        visitor = at(columns.visitor.lowercased())
        event = at(columns.event.lowercased())
        item = columns.item.map { at($0.lowercased()) } ?? -1
        transaction = columns.transaction.map { at($0.lowercased()) } ?? -1
        revenue = columns.revenue.map { at($0.lowercased()) } ?? -1
        columnNames = columns
        eventNames = events
        standardEvents = events.isStandard
        eventTable = events.table
        self.schema = schema
        if layout == .enriched {
            dimensionColumns = segmentColumns.map(at)
            segmentColumnsAdjacent = zip(dimensionColumns, dimensionColumns.dropFirst()).allSatisfy { $1 == $0 + 1 }
        }
        self.names = names
    }

    /// `EventType.index` of a row's event field, or -1. Hot path: the standard words take
    /// `RowRules.eventIndex`; other names are compared with each configured one.
    @inline(__always)
    func eventIndex(_ field: UnsafeRawBufferPointer) -> Int {
        if standardEvents { return RowRules.eventIndex(field) }
        for entry in eventTable where entry.bytes.count == field.count && entry.bytes.elementsEqual(field) { return entry.index }
        return -1
    }
}

extension ColumnMap {
    /// The mapping of a source's column names that are not a header line (a Parquet
    /// file's schema, a table's columns): the CSV rules, with errors that name `what`
    /// (`parquet schema: missing column …`) and no line or column.
    init(names: [String], of what: String, path: String, options: IngestOptions) throws(ClickstreamError) {
        do {
            try self.init(header: names, path: path, schema: options.dimensions, columns: options.columns,
                          events: options.events, oneSegment: options.oneSegment)
            revenueDecimals = options.revenueDecimals
        } catch {
            var renamed = error
            renamed.line = nil
            renamed.column = nil
            if renamed.message.hasPrefix("header: ") { renamed.message = what + ": " + renamed.message.dropFirst(8) }
            throw renamed
        }
    }
}
