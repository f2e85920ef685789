import ClickstreamCore

/// Turns one row group's decoded columns into cube rows, with the rules of a CSV row
/// (`RowRules`, checked in the same order, so a bad row is rejected for the same reason):
/// time, visitor, event, item, transaction, a transaction's revenue, then the segment. A reject names the file,
/// the row's number in the file (the "line") and the column's position (the "column").
struct ParquetRows {
    let path: String
    let layout: ParquetLayout
    let time: ParquetValueRules.TimeReading
    let visitorReading: ParquetValueRules.IDReading
    let itemReading: ParquetValueRules.IDReading?
    let transactionReading: ParquetValueRules.IDReading?
    let zone: TimeZoneRules
    let idsAreText: Bool
    let revenueDecimals: Int

    /// The time column names no instant by itself (a TIMESTAMP without a zone, a DATE):
    /// it is read as a wall-clock time in the shop's zone.
    var readsWallClock: Bool {
        switch time {
        case .timestamp(_, let utc): !utc
        case .date: true
        default: false
        }
    }

    /// Counts of the file so far.
    var accepted = 0
    var rejected = 0
    var decimalIDs = 0
    var firstDecimalID: RowNote?
    /// The first and last accepted rows' times (`Int64.min` before any): rows out of time
    /// order are counted across row groups read apart too.
    private(set) var firstTimestamp = Int64.min
    private(set) var lastTimestamp = Int64.min

    init(path: String, layout: ParquetLayout, options: IngestOptions) throws(ClickstreamError) {
        self.path = path
        self.layout = layout
        time = try ParquetValueRules.timeReading(layout.time, unit: options.timeUnit, path: path)
        visitorReading = ParquetValueRules.idReading(layout.visitor)
        itemReading = layout.item.map(ParquetValueRules.idReading)
        transactionReading = layout.transaction.map(ParquetValueRules.idReading)
        zone = options.timeZone
        idsAreText = options.idsAreText
        revenueDecimals = options.revenueDecimals
    }

    /// Why a row is rejected, with the column it is in.
    private enum Problem {
        case time(ParquetValueRules.TimeOutcome?)
        case id(ParquetLeaf)
        case event
        case revenue
        case emptyDimension(Int)
        case dimensionText(Int, reason: RejectReason, message: String)
        case tooManySegments
    }

    /// Reads `count` rows, the first being row `firstRow` (0-based) of the file; `columns`
    /// holds each leaf's values by leaf index. Times and number ids are converted a column
    /// at a time into flat arrays first (the tight loops are most of the speed); text ids
    /// are read row by row, as the CSV reader reads them.
    mutating func ingest(_ columns: [Int: ParquetColumnValues], count: Int, firstRow: Int,
                         context: inout ReadContext, sink: inout CubeSink) throws(ClickstreamError) {
        let eventValues = columns[layout.event.index]!
        let times = Self.times(columns[layout.time.index]!, time, zone: zone, count: count)
        let visitorValues = columns[layout.visitor.index]!
        let itemValues = layout.item.map { columns[$0.index]! }
        let transactionValues = layout.transaction.map { columns[$0.index]! }
        let visitors = visitorReading == .text ? nil : Self.numericIDs(visitorValues, visitorReading, count: count)
        let items = itemValues.flatMap { values in itemReading == .text ? nil : Self.numericIDs(values, itemReading!, count: count) }
        let transactions = transactionValues.flatMap { values in
            transactionReading == .text ? nil : Self.numericIDs(values, transactionReading!, count: count)
        }
        let eventRows = eventValues.rows
        let hasItem = layout.item != nil, hasTransaction = layout.transaction != nil
        let raw = layout.dimensions.isEmpty
        var segments = try ParquetSegmentLookup(layout: layout, columns: columns)
        // The event step of each distinct event value, found once (-2: not yet).
        var steps = [Int8](repeating: -2, count: max(eventValues.text.count, 1))

        for row in 0..<count {
            // Time.
            let timestamp = times[row]
            guard timestamp != Int64.min else {
                let values = columns[layout.time.index]!
                let index = Int(values.rows[row])
                let outcome = index < 0 ? nil : ParquetValueRules.time(values, index, time, zone: zone)
                try reject(.time(outcome), row: row, fileRow: firstRow + row, columns: columns, context: &context)
                continue
            }
            // Visitor.
            let visitor = visitors?[row] ?? textID(visitorValues, row: row, leaf: layout.visitor, fileRow: firstRow + row)
            guard visitor >= 0 else {
                try reject(.id(layout.visitor), row: row, fileRow: firstRow + row, columns: columns, context: &context)
                continue
            }
            // Event.
            let eventIndex = Int(eventRows[row])
            var step = -1
            if eventIndex >= 0 {
                if steps[eventIndex] == -2 { steps[eventIndex] = Int8(layout.columns.eventIndex(eventValues.text[eventIndex])) }
                step = Int(steps[eventIndex])
            }
            guard step >= 0 else {
                context.report.noteUnknownEvent(eventIndex >= 0 ? TextValidation.excerpt(eventValues.text[eventIndex], limit: 40) : "")
                try reject(.event, row: row, fileRow: firstRow + row, columns: columns, context: &context)
                continue
            }
            // Item: none (-1) only where ids are text and the value is null or empty.
            var item: Int64 = -1
            if hasItem {
                item = items?[row] ?? textID(itemValues!, row: row, leaf: layout.item!, fileRow: firstRow + row)
                guard item >= 0 || (item == -1 && idsAreText) else {
                    try reject(.id(layout.item!), row: row, fileRow: firstRow + row, columns: columns, context: &context)
                    continue
                }
            }
            // Transaction: null or empty is none.
            var transaction: Int64 = -1
            if hasTransaction {
                transaction = transactions?[row] ?? textID(transactionValues!, row: row, leaf: layout.transaction!, fileRow: firstRow + row)
                guard transaction >= -1 else {
                    try reject(.id(layout.transaction!), row: row, fileRow: firstRow + row, columns: columns, context: &context)
                    continue
                }
            }
            // Revenue, of a transaction: null is no amount.
            var revenue: Int64 = 0
            if let leaf = layout.revenue, step == EventType.transaction.index {
                let values = columns[leaf.index]!
                let index = Int(values.rows[row])
                guard index >= 0, let amount = ParquetValueRules.revenue(values, index, leaf: leaf, decimals: revenueDecimals) else {
                    try reject(.revenue, row: row, fileRow: firstRow + row, columns: columns, context: &context)
                    continue
                }
                revenue = amount
            }
            // Segment.
            let segment: Int32
            if raw {
                segment = context.enrichedSegment(visitor: visitor)
                guard segment >= 0 else {
                    try reject(.tooManySegments, row: row, fileRow: firstRow + row, columns: columns, context: &context)
                    continue
                }
            } else {
                switch segments.segment(row: row, interner: &context.interner) {
                case .id(let id): segment = id
                case .empty(let dimension):
                    try reject(.emptyDimension(dimension), row: row, fileRow: firstRow + row, columns: columns, context: &context)
                    continue
                case .invalid(let dimension, let reason, let message):
                    try reject(.dimensionText(dimension, reason: reason, message: message), row: row, fileRow: firstRow + row,
                               columns: columns, context: &context)
                    continue
                case .full:
                    throw ClickstreamError(stage: "ingest", path: path, line: firstRow + row + 1, column: layout.dimensions[0].index + 1,
                                           message: "more than \(context.interner.limit) distinct segments: the read stops here rather than drop rows")
                }
            }
            RowRules.countAccepted(event: step, transactionID: transaction, timestamp: timestamp, previous: lastTimestamp,
                                   into: &context.report)
            if accepted == 0 { firstTimestamp = timestamp }
            lastTimestamp = timestamp
            accepted += 1
            sink.add(timestamp: timestamp, segment: segment, event: step, revenue: revenue,
                     fingerprint: { Self.fingerprint(timestamp, visitor, step, item, transaction, segment, revenue) })
        }
    }

    /// Each row's time in epoch milliseconds; `Int64.min` where it is null or not valid
    /// (the reject looks at the value again for its message).
    static func times(_ values: ParquetColumnValues, _ reading: ParquetValueRules.TimeReading, zone: TimeZoneRules,
                      count: Int) -> [Int64] {
        [Int64](unsafeUninitializedCapacity: count) { out, initialized in
            let rows = values.rows
            if case .epoch(.milliseconds) = reading {
                // The usual case: epoch milliseconds as they are.
                let numbers = values.numbers
                for row in 0..<count {
                    let index = Int(rows[row])
                    let value = index < 0 ? Int64.min : numbers[index]
                    out[row] = RowRules.timestampInRange(value) ? value : Int64.min
                }
            } else {
                for row in 0..<count {
                    let index = Int(rows[row])
                    if index >= 0, case .instant(let milliseconds) = ParquetValueRules.time(values, index, reading, zone: zone) {
                        out[row] = milliseconds
                    } else {
                        out[row] = Int64.min
                    }
                }
            }
            initialized = count
        }
    }

    /// Each row's id from a number column: the id, -1 for null, `IDField.rejected` for a
    /// value that is no id.
    static func numericIDs(_ values: ParquetColumnValues, _ reading: ParquetValueRules.IDReading, count: Int) -> [Int64] {
        [Int64](unsafeUninitializedCapacity: count) { out, initialized in
            let rows = values.rows, numbers = values.numbers
            for row in 0..<count {
                let index = Int(rows[row])
                out[row] = index < 0 ? -1 : ParquetValueRules.numericID(numbers[index], reading)
            }
            initialized = count
        }
    }

    /// An id from a text column, as the CSV reader reads the field: the id, -1 for null or
    /// empty, `IDField.rejected` for a value that is no id. A decimal such as `16633.0` is
    /// its integer, counted with the first one's place.
    private mutating func textID(_ values: ParquetColumnValues, row: Int, leaf: ParquetLeaf, fileRow: Int) -> Int64 {
        let index = Int(values.rows[row])
        guard index >= 0 else { return -1 }
        let field = values.text[index]
        if field.isEmpty { return -1 }
        let parsed = NumberParsing.integer(field, allowSign: false)
        if parsed.isValid { return parsed.value }
        switch IDField.read(field, textAllowed: idsAreText) {
        case .decimal(let value):
            decimalIDs += 1
            if firstDecimalID == nil {
                firstDecimalID = RowNote(file: path, line: fileRow + 1, column: leaf.index + 1,
                                         message: "\(leaf.name) \"\(TextValidation.excerpt(field, limit: 40))\" read as \(value)")
            }
            return value
        case .text(let value): return value
        case .invalid: return IDField.rejected
        }
    }

    /// The 64-bit fingerprint of a row's values, for duplicate checks.
    static func fingerprint(_ time: Int64, _ visitor: Int64, _ step: Int, _ item: Int64, _ transaction: Int64, _ segment: Int32,
                            _ revenue: Int64) -> UInt64 {
        var words = [UInt64(bitPattern: time), UInt64(bitPattern: visitor), UInt64(step), UInt64(bitPattern: item),
                     UInt64(bitPattern: transaction), UInt64(UInt32(bitPattern: segment)), UInt64(bitPattern: revenue)]
        return words.withUnsafeMutableBytes { ByteKeyTable.hash(UnsafeRawBufferPointer($0)) }
    }

    /// Counts and reports a rejected row (the cold path: all wording happens here).
    @inline(never)
    private mutating func reject(_ problem: Problem, row: Int, fileRow: Int, columns: [Int: ParquetColumnValues],
                                 context: inout ReadContext) throws(ClickstreamError) {
        rejected += 1
        let names = layout.columns.columnNames
        func shown(_ leaf: ParquetLeaf) -> String {
            let values = columns[leaf.index]!
            let index = Int(values.rows[row])
            guard index >= 0 else { return "null" }
            switch leaf.type {
            case .byteArray, .fixedLenByteArray: return "\"\(TextValidation.excerpt(values.text[index], limit: 40))\""
            default: return ParquetValueRules.shown(values.numbers[index], ParquetValueRules.idReading(leaf))
            }
        }
        let (leaf, reason, message): (ParquetLeaf, RejectReason, String)
        switch problem {
        case .time(let outcome):
            leaf = layout.time
            reason = .timestamp
            switch outcome {
            case .outOfRange(let value)?:
                message = "\(names.time): \(value) is outside 2000-01-01..2100-01-01 in \(timeWords)"
            case .noOffset?:
                message = "\(names.time): an ISO-8601 time needs Z or an offset (+02:00) to name an instant, found \(shown(leaf))"
            default:
                message = "\(names.time): expected a time (\(timeWords)), found \(shown(leaf))"
            }
        case .id(let idLeaf):
            leaf = idLeaf
            reason = idLeaf == layout.visitor ? .visitorID : idLeaf == layout.item ? .itemID : .transactionID
            message = "\(idLeaf.name): expected a non-negative integer that fits Int64\(idsAreText ? "" : RowProblem.textIDHint), found \(shown(idLeaf))"
        case .event:
            leaf = layout.event
            reason = .event
            message = "\(names.event): expected \(layout.columns.eventNames.isStandard ? "view, addtocart or transaction" : "one of " + layout.columns.eventNames.listed), found \(shown(leaf))"
        case .revenue:
            leaf = layout.revenue!
            reason = .revenue
            let kind = leaf.type == .float || leaf.type == .double ? "a finite amount at least 0 and below \(RevenueAmount.limitText(decimals: revenueDecimals)) once rounded to \(revenueDecimals) places"
                : RevenueAmount.expected(decimals: revenueDecimals)
            message = "\(leaf.name): expected \(kind), found \(shown(leaf))\(leaf.decimalScale.map { " (the unscaled integer of a DECIMAL of scale \($0))" } ?? "")"
        case .emptyDimension(let dimension):
            leaf = layout.dimensions[dimension]
            reason = .emptySegmentField
            message = "\(layout.columns.schema.names[dimension]) is \(shown(leaf) == "null" ? "null" : "empty")"
        case .dimensionText(let dimension, let why, let text):
            leaf = layout.dimensions[dimension]
            reason = why
            message = "\(layout.columns.schema.names[dimension]): \(text)"
        case .tooManySegments:
            leaf = layout.visitor
            reason = .tooManySegments
            message = "more than \(SegmentInterner.limit) distinct segments"
        }
        try context.reject(RowReject(file: path, line: fileRow + 1, column: leaf.index + 1, reason: reason, message: message, excerpt: ""))
    }

    /// How messages name the time column's reading.
    private var timeWords: String {
        switch time {
        case .epoch(let unit), .floating(let unit): unit.words
        case .text(let unit): "\(unit.words), or an ISO-8601 time with Z or an offset"
        case .timestamp: "a TIMESTAMP"
        case .date: "a DATE"
        case .int96: "an INT96 timestamp"
        }
    }
}
