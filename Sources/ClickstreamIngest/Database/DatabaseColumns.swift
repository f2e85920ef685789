import ClickstreamCore

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
            revenue: map.revenue >= 0 ? try column(map.revenue, "revenue") : nil,
            dimensions: try map.dimensionColumns.map { (index) throws(ClickstreamError) in try column(index, names[index], dimension: true) })
    }
}
