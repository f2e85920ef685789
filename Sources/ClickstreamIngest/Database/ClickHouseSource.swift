import ClickstreamCore
import Foundation

/// A ClickHouse table as an event source, over the HTTP interface: a MergeTree table on
/// one server, or a Distributed table over a sharded cluster, where every shard groups its
/// own rows. One statement (`CubeQuery.clickhouse`) computes the daily cube and the
/// data-quality counts in the server, and only the cube's rows travel, streamed; no event
/// is copied out. Columns are found by the config's names as in a CSV header.
package struct ClickHouseSource: EventSource {
    package let url: DatabaseURL

    package var name: String { url.redacted }
    package var expectedBytes: Int { 0 }

    package init(url: DatabaseURL) {
        self.url = url
    }

    package func read(into intake: inout EventIntake) throws(ClickstreamError) {
        let options = intake.options
        let connection = try ClickHouseConnection(url, timeout: options.databaseTimeout)
        let columns = try resolveColumns(connection, options: options)
        let query = try CubeQuery.clickhouse(database: url.database, table: url.table, columns: columns, options: options)
        var reader = CubeRows(source: name, options: options)
        try connection.query(query.sql) { (fields) throws(ClickstreamError) in try reader.add(fields) }
        // The server's version is asked for only when the provenance names it.
        let server = options.describeInputs ? "ClickHouse \(try connection.serverVersion())" : "ClickHouse"
        reader.deliver(into: &intake, server: server, query: query.sql)
    }

    /// The table's columns by name and type (`system.columns`), mapped to what the analysis reads.
    private func resolveColumns(_ connection: ClickHouseConnection, options: IngestOptions) throws(ClickstreamError) -> CubeQuery.Columns {
        var names: [String] = [], types: [String] = []
        try connection.query("""
            SELECT name, type FROM system.columns
            WHERE database = \(CubeQuery.literal(url.database)) AND table = \(CubeQuery.literal(url.table))
            """) { (fields) throws(ClickstreamError) in
            guard fields.count == 2 else {
                throw ClickstreamError(stage: "ingest", path: name, message: "the server's list of columns is not the one asked for")
            }
            names.append(String(decoding: fields[0] ?? [], as: UTF8.self))
            types.append(String(decoding: fields[1] ?? [], as: UTF8.self))
        }
        guard !names.isEmpty else {
            throw ClickstreamError(stage: "ingest", path: name, message: "no table \(TerminalText.safe(url.table)) in database \(TerminalText.safe(url.database))")
        }
        return try DatabaseColumns.resolve(names: names, types: types, source: name, options: options, kind: Self.kind)
    }

    /// What a ClickHouse type holds, through `Nullable(…)` and `LowCardinality(…)`.
    static func kind(_ type: String) -> CubeQuery.ColumnKind? {
        var type = Substring(type)
        while let wrapper = ["Nullable(", "LowCardinality("].first(where: { type.hasPrefix($0) && type.hasSuffix(")") }) {
            type = type.dropFirst(wrapper.count).dropLast()
        }
        switch type {
        case "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64": return .integer
        case "String": return .text
        case "DateTime": return .instant
        case "Float32", "Float64": return .floating
        default:
            if type.hasPrefix("Decimal") { return .decimal }
            if type.hasPrefix("FixedString(") || type.hasPrefix("Enum8(") || type.hasPrefix("Enum16(") { return .text }
            if type.hasPrefix("DateTime(") { return .instant }
            if type.hasPrefix("DateTime64(") { return .preciseInstant }
            return nil
        }
    }
}
