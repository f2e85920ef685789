import ClickstreamCore

/// Which of a Parquet file's columns hold what the tool reads: found by name exactly as in
/// a CSV header (`ColumnMap`, so the config's `input.columns` and the dimensions apply the
/// same way), then checked to be top-level columns of a type this reader converts.
struct ParquetLayout {
    /// The names and roles, as for a CSV file (the file's top-level fields are its "header").
    let columns: ColumnMap
    let time: ParquetLeaf
    let visitor: ParquetLeaf
    let event: ParquetLeaf
    let item: ParquetLeaf?
    let transaction: ParquetLeaf?
    /// The revenue column, when the config maps one.
    let revenue: ParquetLeaf?
    /// One per dimension in drill order; empty in the raw layout.
    let dimensions: [ParquetLeaf]

    /// Every leaf the analysis reads, each once.
    var leaves: [ParquetLeaf] {
        var seen = Set<Int>()
        return ([time, visitor, event] + [item, transaction, revenue].compactMap { $0 } + dimensions).filter { seen.insert($0.index).inserted }
    }

    init(schema: [ParquetSchemaElement], path: String, options: IngestOptions) throws(ClickstreamError) {
        let fields = try Self.topLevelFields(schema, path: path)
        columns = try ColumnMap(names: fields.map(\.name), of: "parquet schema", path: path, options: options)
        func leaf(_ position: Int, _ role: String, _ allowed: Set<ParquetPhysicalType>,
                  decimalAllowed: Bool = false) throws(ClickstreamError) -> ParquetLeaf {
            let field = fields[position]
            guard let leaf = field.leaf else {
                throw ClickstreamError(stage: "ingest", path: path,
                                       message: "parquet: column \(field.name) (\(role)) is \(field.problem); only top-level, non-repeated columns are read")
            }
            guard allowed.contains(leaf.type) else {
                throw ClickstreamError(stage: "ingest", path: path,
                                       message: "parquet: column \(field.name) (\(role)) is \(leaf.type.name), which this reader does not read as \(role)")
            }
            if leaf.decimalScale != nil && !decimalAllowed {
                throw ClickstreamError(stage: "ingest", path: path, message: "parquet: column \(field.name) (\(role)) is a DECIMAL, which this reader reads only as a revenue")
            }
            return leaf
        }
        let numbers: Set<ParquetPhysicalType> = [.int32, .int64, .float, .double]
        let text: Set<ParquetPhysicalType> = [.byteArray, .fixedLenByteArray]
        time = try leaf(columns.timestamp, "time", numbers.union(text).union([.int96]))
        visitor = try leaf(columns.visitor, "visitor id", numbers.union(text))
        event = try leaf(columns.event, "event", text)
        item = columns.item >= 0 ? try leaf(columns.item, "item id", numbers.union(text)) : nil
        transaction = columns.transaction >= 0 ? try leaf(columns.transaction, "transaction id", numbers.union(text)) : nil
        revenue = columns.revenue >= 0 ? try leaf(columns.revenue, "revenue", numbers.union(text), decimalAllowed: true) : nil
        var dimensions: [ParquetLeaf] = []
        for (name, position) in zip(options.dimensions.names, columns.dimensionColumns) {
            dimensions.append(try leaf(position, name, text.union([.int32, .int64])))
        }
        self.dimensions = dimensions
    }

    /// A top-level field: a column this reader can read, or why not.
    struct Field {
        var name: String
        var leaf: ParquetLeaf?
        var problem = ""
    }

    /// The schema's top-level fields in order, with the leaf index of each primitive one.
    /// The tree is walked without recursion, so a corrupt schema cannot exhaust the stack.
    static func topLevelFields(_ schema: [ParquetSchemaElement], path: String) throws(ClickstreamError) -> [Field] {
        func corrupt(_ message: String) -> ClickstreamError {
            ClickstreamError(stage: "ingest", path: path, message: "parquet: the schema in the footer is damaged: \(message)")
        }
        guard let root = schema.first, root.childCount >= 0 else { throw corrupt("no root element") }
        var fields: [Field] = []
        var position = 1, leafIndex = 0
        for _ in 0..<Int(root.childCount) {
            guard position < schema.count else { throw corrupt("the root has \(root.childCount) fields, the schema lists fewer") }
            let element = schema[position]
            var field = Field(name: element.name)
            if element.childCount > 0 {
                // A group: count its leaves to keep the leaf numbering.
                var remaining = 1
                while remaining > 0 {
                    guard position < schema.count, schema[position].childCount >= 0 else { throw corrupt("a group's children run past the schema") }
                    remaining += Int(schema[position].childCount) - 1
                    if schema[position].childCount == 0 { leafIndex += 1 }
                    position += 1
                }
                field.problem = "a nested group (struct, list or map)"
            } else {
                if let unknown = element.unknownType {
                    field.problem = "of physical type \(unknown), unknown to this reader"
                } else if let type = element.type {
                    if element.repetition == 2 {
                        field.problem = "a repeated field (a list)"
                    } else if type == .fixedLenByteArray && element.typeLength <= 0 {
                        throw corrupt("column \(element.name) is FIXED_LEN_BYTE_ARRAY of length \(element.typeLength)")
                    } else {
                        field.leaf = ParquetLeaf(name: element.name, index: leafIndex, type: type, typeLength: Int(element.typeLength),
                                                 maxDefinition: element.repetition == 1 ? 1 : 0, logical: element.logical,
                                                 convertedType: element.convertedType, scale: element.scale)
                    }
                } else {
                    throw corrupt("column \(element.name) has neither a type nor children")
                }
                leafIndex += 1
                position += 1
            }
            fields.append(field)
        }
        return fields
    }
}
