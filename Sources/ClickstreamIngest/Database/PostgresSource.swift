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
        try connection.query(query.sql, query.parameters) { (fields) throws(ClickstreamError) in try reader.add(fields.map { $0.map { Array($0.utf8) } }) }
        reader.deliver(into: &intake, server: "PostgreSQL \(connection.serverVersion)", query: query.sql)
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
            case "real", "double precision": .floating
            default: type.hasPrefix("character") ? .text : type.hasPrefix("numeric") ? .decimal : nil
            }
        }
    }
}
