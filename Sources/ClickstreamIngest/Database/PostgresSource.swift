import ClickstreamCore
import Foundation

/// A PostgreSQL (or TimescaleDB) table as an event source: one statement (`CubeQuery`)
/// computes the daily cube and the data-quality counts in the server, and only the cube's
/// rows travel, streamed; no event is copied out. Columns are found by the config's names
/// as in a CSV header; the time zone and event names go to the server as parameters.
package struct PostgresSource: EventSource, EventSourceKind {
    package let url: DatabaseURL

    package var name: String { url.redacted }
    package var expectedBytes: Int { 0 }

    package static var filesDescription: String { "postgresql:// URLs" }
    package static func claims(file path: String) -> Bool { false }

    package static func source(for input: String) -> (any EventSource)? {
        guard input.hasPrefix("postgresql://") || input.hasPrefix("postgres://"), let url = try? DatabaseURL(input) else { return nil }
        return PostgresSource(url: url)
    }

    package func read(into intake: inout EventIntake) throws(ClickstreamError) {
        let options = intake.options
        let connection = try PostgresConnection(url, timeout: options.databaseTimeout)
        let columns = try resolveColumns(connection, options: options)
        let query = try CubeQuery.postgres(table: url.table, columns: columns, options: options)
        var reader = CubeRows(source: name, options: options)
        try connection.query(query.sql, query.parameters) { (fields) throws(ClickstreamError) in try reader.add(fields) }
        let (cube, report) = reader.result()
        intake.context.report.absorb(report)
        intake.separateCubes.append(cube)
        if options.describeInputs {
            intake.inputs.append(InputFile(path: name, bytes: 0, hash: "", server: "PostgreSQL \(connection.serverVersion)",
                                           query: query.sql, resultRows: reader.resultRows))
        }
        options.progress?.fileDone()
    }

    /// The table's columns by name and type, mapped to what the analysis reads.
    private func resolveColumns(_ connection: PostgresConnection, options: IngestOptions) throws(ClickstreamError) -> CubeQuery.Columns {
        let qualified = url.table.split(separator: ".", maxSplits: 1).map { CubeQuery.quoted(String($0)) }.joined(separator: ".")
        var names: [String] = [], types: [String] = []
        try connection.query("""
            SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
            WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, [qualified]) { (fields) throws(ClickstreamError) in
            names.append(fields[0] ?? "")
            types.append(fields[1] ?? "")
        }
        guard !names.isEmpty else {
            throw ClickstreamError(stage: "ingest", path: name, message: "no table \(TerminalText.safe(url.table)) in database \(TerminalText.safe(url.database))")
        }
        return try DatabaseColumns.resolve(names: names, types: types, source: name, options: options) { type in
            switch type {
            case "bigint", "integer", "smallint": .integer
            case "timestamp with time zone": .instant
            case "timestamp without time zone": .wallClock
            case "text": .text
            default: type.hasPrefix("character") ? .text : nil
            }
        }
    }
}

/// The table's column names mapped as a CSV header's are (`ColumnMap`), with their kinds.
enum DatabaseColumns {
    static func resolve(names: [String], types: [String], source: String, options: IngestOptions,
                        kind: (String) -> CubeQuery.ColumnKind?) throws(ClickstreamError) -> CubeQuery.Columns {
        let map = try ColumnMap(names: names, of: "table", path: source, options: options)
        guard map.layout == .enriched || options.oneSegment else {
            throw ClickstreamError(stage: "ingest", path: source, message: "the table has no \(options.dimensions.names.joined(separator: ", ")) columns: a database source needs its dimensions as columns (or --no-enrichment for all traffic as one segment)")
        }
        func column(_ index: Int, _ role: String, dimension: Bool = false) throws(ClickstreamError) -> CubeQuery.Column {
            // A dimension of any type is read as its text.
            guard let found = kind(types[index]) ?? (dimension ? .text : nil) else {
                throw ClickstreamError(stage: "ingest", path: source, message: "column \(names[index]) (\(role)) is of type \(types[index]), which a database source does not read as \(role)")
            }
            return CubeQuery.Column(name: names[index], kind: found)
        }
        return CubeQuery.Columns(
            time: try column(map.timestamp, "time"), visitor: try column(map.visitor, "visitor id"), event: try column(map.event, "event"),
            item: map.item >= 0 ? try column(map.item, "item id") : nil,
            transaction: map.transaction >= 0 ? try column(map.transaction, "transaction id") : nil,
            dimensions: try map.dimensionColumns.map { (index) throws(ClickstreamError) in try column(index, names[index], dimension: true) })
    }
}

/// Folds the cube query's rows (`CubeQuery`) into a cube and a data-quality report, as the
/// CSV reader would have counted the same rows.
struct CubeRows {
    let source: String
    let options: IngestOptions
    private var interner: SegmentInterner
    private var cells: [DailyCube.Cell] = []
    private var extents: [Int32: (first: Int, last: Int)] = [:]
    private var report = IngestReport()
    /// Rows of the server's answer so far.
    private(set) var resultRows = 0

    init(source: String, options: IngestOptions) {
        self.source = source
        self.options = options
        interner = SegmentInterner(schema: options.dimensions)
    }

    mutating func add(_ fields: [String?]) throws(ClickstreamError) {
        resultRows += 1
        let width = options.dimensions.count
        let dimensionFields = options.oneSegment ? 0 : width
        guard fields.count == 4 + dimensionFields + 7 else { throw malformed("\(fields.count) columns") }
        func number(_ index: Int) throws(ClickstreamError) -> Int {
            guard let text = fields[index], let value = Int(text) else { throw malformed("column \(index + 1) is \(fields[index] ?? "null")") }
            return value
        }
        let counts = 4 + dimensionFields
        if fields[0] == "1" {
            let rows = try number(counts)
            guard let name = fields[2], let reason = RejectReason(rawValue: name) else { throw malformed("reason \(fields[2] ?? "null")") }
            report.rejected += rows
            report.rowsRead += rows
            report.rejectsByReason[reason, default: 0] += rows
            if reason == .event {
                // Named as the CSV reader names it (the same excerpt of the same bytes).
                let name = Array((fields[3] ?? "").utf8).withUnsafeBytes { TextValidation.excerpt($0, limit: 40) }
                report.noteUnknownEvent(name, rows: rows)
            }
            return
        }
        let day = try number(1)
        let views = try number(counts), carts = try number(counts + 1), purchases = try number(counts + 2)
        let first = try number(counts + 3), last = try number(counts + 4)
        let rows = views + carts + purchases
        var segment: Int32
        if options.oneSegment {
            guard case .id(let id) = interner.intern(Segment.allTraffic) else { throw malformed("the all-traffic segment") }
            segment = id
        } else {
            // Checked by the interner as the CSV reader's values are (UTF-8, no control bytes).
            switch interner.intern(Segment((0..<width).map { fields[4 + $0] ?? "" }, schema: options.dimensions)) {
            case .id(let id): segment = id
            case .invalid(_, _, let reason, _):
                // A value the CSV reader would reject (a control character): so are its rows.
                report.rejected += rows
                report.rowsRead += rows
                report.rejectsByReason[reason, default: 0] += rows
                return
            case .full:
                throw ClickstreamError(stage: "ingest", path: source, message: "more than \(interner.limit) distinct segments: too many to analyse, and none is dropped")
            }
        }
        cells.append(DailyCube.Cell(day: Day(ordinal: day), segment: Int(segment), views: views, addtocarts: carts, transactions: purchases))
        let known = extents[Int32(day)]
        extents[Int32(day)] = (min(known?.first ?? first, first), max(known?.last ?? last, last))
        report.accepted += rows
        report.rowsRead += rows
        report.transactionsWithoutID += try number(counts + 5)
        report.transactionIDsOnOtherEvents += try number(counts + 6)
    }

    private func malformed(_ what: String) -> ClickstreamError {
        ClickstreamError(stage: "ingest", path: source, message: "the server's answer is not the cube asked for (\(what))")
    }

    func result() -> (DailyCube, IngestReport) {
        var report = self.report
        report.dayExtents = extents.keys.sorted().map { DayExtent(day: Day(ordinal: Int($0)), first: extents[$0]!.first, last: extents[$0]!.last) }
        report.files = [FileSummary(path: source, bytes: 0, layout: CSVLayout.enriched.rawValue, records: report.rowsRead,
                                    accepted: report.accepted, rejected: report.rejected, blankLines: 0)]
        return (DailyCube(codes: interner.codes, cells: cells), report)
    }
}

