import ClickstreamCore
/// Why a record is rejected, as the hot path finds it: small and trivially copyable, so
/// validation carries no strings. `wording` turns it into the located message, off the
/// hot path.
enum RowProblem {
    case control(position: Int)
    case fieldCount
    case timestampNotInteger
    /// An ISO-8601 time without `Z` or an offset.
    case timestampWithoutOffset
    case timestampOutOfRange(Int64)
    case visitor
    case event
    case item
    case transaction
    /// A transaction's revenue is no amount.
    case revenue
    /// The value of this dimension (its index in drill order) is empty.
    case emptySegmentField(Int)
    /// A byte `offset` into the value of this dimension is not valid text.
    case segmentText(field: Int, offset: Int, reason: RejectReason)
    case tooManySegments

    /// How ids that are text are read, said where an integer id is expected.
    static let textIDHint = " (ids that are text are read when the config's input.columns names the columns)"

    /// Column (1-based, from the record's start), reason and message of the reject.
    func wording(record p: Int, contentEnd: Int, bytes: UnsafePointer<UInt8>, fieldCount: Int, fields: FieldSlices,
                 origins: UnsafeMutablePointer<Int>?, columns: ColumnMap) -> (column: Int, reason: RejectReason, message: String) {
        func columnOf(_ index: Int) -> Int { (origins?[index] ?? fields.start(index)) - p + 1 }
        func shown(_ index: Int) -> String { "\"" + TextValidation.excerpt(fields.field(index), limit: 40) + "\"" }
        func hex(_ byte: UInt8) -> String { (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true) }
        let segmentColumns = Array(zip(columns.schema.names, columns.dimensionColumns))
        switch self {
        case .control(let position):
            return (position - p + 1, .controlCharacter, "control character 0x\(hex(bytes[position])) in the row")
        case .fieldCount:
            let column = fieldCount > columns.fieldCount && columns.fieldCount < CSVReader.fieldCapacity
                ? columnOf(columns.fieldCount) : contentEnd - p + 1
            return (column, .fieldCount, "expected \(columns.fieldCount) fields, found \(fieldCount)")
        case .timestampNotInteger:
            return (columnOf(columns.timestamp), .timestamp,
                    "\(columns.columnNames.time): expected an integer (Unix epoch milliseconds) or an ISO-8601 time with Z or an offset, found \(shown(columns.timestamp))")
        case .timestampWithoutOffset:
            return (columnOf(columns.timestamp), .timestamp,
                    "\(columns.columnNames.time): an ISO-8601 time needs Z or an offset (+02:00) to name an instant, found \(shown(columns.timestamp))")
        case .timestampOutOfRange(let value):
            let hint = columns.timeUnit == .milliseconds && value >= 946_684_800 && value < 4_102_444_800
                ? " (seconds instead of milliseconds? input.time_unit: s reads them)" : ""
            return (columnOf(columns.timestamp), .timestamp,
                    "\(columns.columnNames.time): \(value) is outside 2000-01-01..2100-01-01 in \(columns.timeUnit.words)\(hint)")
        case .visitor:
            // Where ids are text, only an empty visitor is rejected.
            return (columnOf(columns.visitor), .visitorID, columns.idsAreText
                ? "\(columns.columnNames.visitor): expected a visitor id, found an empty field"
                : "\(columns.columnNames.visitor): expected a non-negative integer that fits Int64\(Self.textIDHint), found \(shown(columns.visitor))")
        case .event:
            return (columnOf(columns.event), .event,
                    "\(columns.columnNames.event): expected \(columns.standardEvents ? "view, addtocart or transaction" : "one of " + columns.eventNames.listed), found \(shown(columns.event))")
        case .item:
            return (columnOf(columns.item), .itemID,
                    "\(columns.columnNames.item ?? "itemid"): expected a non-negative integer that fits Int64\(Self.textIDHint), found \(shown(columns.item))")
        case .transaction:
            return (columnOf(columns.transaction), .transactionID,
                    "\(columns.columnNames.transaction ?? "transactionid"): expected empty or a non-negative integer\(Self.textIDHint), found \(shown(columns.transaction))")
        case .revenue:
            return (columnOf(columns.revenue), .revenue,
                    "\(columns.columnNames.revenue ?? "revenue"): expected \(RevenueAmount.expected(decimals: columns.revenueDecimals)), found \(shown(columns.revenue))")
        case .emptySegmentField(let field):
            let (name, index) = segmentColumns[field]
            return (columnOf(index), .emptySegmentField, "\(name) is empty")
        case .segmentText(let field, let offset, let reason):
            let (name, index) = segmentColumns[field]
            let message = reason == .controlCharacter
                ? "control character 0x\(hex(fields.field(index)[offset]))"
                : "invalid UTF-8 at byte \(offset + 1) of the field"
            return (columnOf(index) + offset, reason, "\(name): \(message)")
        case .tooManySegments:
            return (columnOf(columns.dimensionColumns.first ?? 0), .tooManySegments,
                    "more than \(SegmentInterner.limit) distinct segments")
        }
    }
}
