import ClickstreamCore

/// One record's fields checked and handed to the sink as a row, or counted as a reject. Hot path.
extension CSVReader {
    /// Validates one record's fields and hands the row (or the reject) to the sink.
    @inline(__always)
    mutating func process<Sink: RowSink>(record p: Int, contentEnd: Int, rawEnd: Int, fieldCount: Int, control: Int,
                                        fields: FieldSlices, origins: UnsafeMutablePointer<Int>?, columns: ColumnMap,
                                        context: inout ReadContext, sink: inout Sink) throws(ClickstreamError) {
        records &+= 1
        let raw = UnsafeRawBufferPointer(start: buffer + p, count: rawEnd - p)
        if contentEnd == p {
            blank &+= 1
            context.report.blankLines += 1
            try sink.passOver(raw: raw)
            return
        }
        func fail(_ problem: RowProblem) throws(ClickstreamError) {
            try reject(problem, record: p, contentEnd: contentEnd, rawEnd: rawEnd, fieldCount: fieldCount, fields: fields,
                       origins: origins, columns: columns, context: &context, sink: &sink)
        }
        if control >= 0 { return try fail(.control(position: control)) }
        guard fieldCount == columns.fieldCount else { return try fail(.fieldCount) }

        let epoch = NumberParsing.integer(fields.field(columns.timestamp), reusing: &leadingDigits)
        var time = epoch.value
        if _slowPath(!epoch.isValid) {
            // Not a number: an ISO-8601 time, or a reject.
            switch ISOTime.parse(fields.field(columns.timestamp)) {
            case .instant(let milliseconds): time = milliseconds
            case .noOffset: return try fail(.timestampWithoutOffset)
            case .invalid: return try fail(.timestampNotInteger)
            }
        }
        // One check on the usual path: milliseconds inside the range. Another unit, or a
        // value outside it, is looked at again.
        if _slowPath(!RowRules.timestampInRange(time) || columns.timeUnit != .milliseconds) {
            if epoch.isValid { time = columns.timeUnit.milliseconds(epoch.value) }
            guard RowRules.timestampInRange(time) else { return try fail(.timestampOutOfRange(epoch.isValid ? epoch.value : time)) }
        }
        var visitor = NumberParsing.integer(fields.field(columns.visitor), allowSign: false)
        if _slowPath(!visitor.isValid) {
            visitor.value = otherID(columns.visitor, record: p, fields: fields, origins: origins, columns: columns)
            guard visitor.value != IDField.rejected else { return try fail(.visitor) }
        }
        let event = columns.eventIndex(fields.field(columns.event))
        guard event >= 0 else { return try fail(.event) }
        var item = NumberParsing.Parsed(value: -1, isValid: true)
        if columns.item >= 0 {
            item = NumberParsing.integer(fields.field(columns.item), allowSign: false)
            if _slowPath(!item.isValid) {
                item.value = otherID(columns.item, record: p, fields: fields, origins: origins, columns: columns)
                guard item.value != IDField.rejected else { return try fail(.item) }
            }
        }
        let transactionField = columns.transaction >= 0 ? fields.field(columns.transaction) : UnsafeRawBufferPointer(start: nil, count: 0)
        var transactionID: Int64 = -1
        if !transactionField.isEmpty {
            let parsed = NumberParsing.integer(transactionField, allowSign: false)
            transactionID = parsed.value
            if _slowPath(!parsed.isValid) {
                transactionID = otherID(columns.transaction, record: p, fields: fields, origins: origins, columns: columns)
                guard transactionID != IDField.rejected else { return try fail(.transaction) }
            }
        }
        var revenue: Int64 = 0
        if _slowPath(columns.revenue >= 0) && event == EventType.transaction.index {
            guard let amount = RevenueAmount.minorUnits(fields.field(columns.revenue), decimals: columns.revenueDecimals) else {
                return try fail(.revenue)
            }
            revenue = amount
        }

        var segment: Int32
        if columns.layout == .raw {
            segment = context.enrichedSegment(visitor: visitor.value)
            if segment < 0 { return try fail(.tooManySegments) }
        } else {
            let dimensions = storage.dimensionColumns
            // The span `device,os,browser` exists only when the columns are adjacent and the
            // fields sit in the read buffer (not unescaped into the quoted parser's scratch).
            // A span the cache knows was checked when it was first seen: the same bytes cut
            // at the same commas are the same non-empty, valid values.
            let adjacent = fields.base == UnsafeRawPointer(buffer) && columns.segmentColumnsAdjacent
            let first = fields.start(dimensions[0])
            let spanLength = adjacent ? fields.ends[dimensions[dimensionCount &- 1]] &- first : 0
            let span = adjacent ? UnsafeRawBufferPointer(start: fields.base + first, count: spanLength) : nil
            let key = span.flatMap(SpanCache.key)
            segment = key.map { storage.spans.id(for: $0, length: spanLength) } ?? -1
            if segment < 0 {
                var dimension = 0
                while dimension < dimensionCount {
                    if fields.field(dimensions[dimension]).isEmpty { return try fail(.emptySegmentField(dimension)) }
                    dimension &+= 1
                }
                switch context.interner.intern(span: span, field: { fields.field(dimensions[$0]) }) {
                case .id(let id):
                    segment = id
                    if let key { storage.spans.store(id, for: key, length: spanLength) }
                case .invalid(let field, let offset, let reason, _):
                    return try fail(.segmentText(field: field, offset: offset, reason: reason))
                case .full:
                    throw ClickstreamError(stage: "ingest", path: path, line: line, column: 1,
                                           message: "more than \(context.interner.limit) distinct segments (\(columns.schema.names.joined(separator: ", "))): the read stops here rather than drop rows")
                }
            }
        }

        RowRules.countAccepted(event: event, transactionID: transactionID, timestamp: time, previous: lastTimestamp,
                               into: &context.report)
        if accepted == 0 { firstTimestamp = time }
        lastTimestamp = time
        accepted &+= 1
        try sink.accept(ParsedRow(timestamp: time, visitor: visitor.value, item: item.value,
                                  transactionID: transactionID, event: event, segment: segment, revenue: revenue),
                        fields: fields, raw: raw)
    }

    /// An id field that is not a plain integer (`IDField`): its value, or `IDField.rejected`.
    /// A decimal such as `16633.0` is its integer, counted with the first one's place; an
    /// empty item is no item (-1) where ids are text.
    @inline(never)
    mutating func otherID(_ index: Int, record p: Int, fields: FieldSlices, origins: UnsafeMutablePointer<Int>?,
                          columns: ColumnMap) -> Int64 {
        let field = fields.field(index)
        if field.isEmpty && index == columns.item && columns.idsAreText { return -1 }
        switch IDField.read(field, textAllowed: columns.idsAreText) {
        case .decimal(let value):
            decimalIDs += 1
            if firstDecimalID == nil {
                let name = columns.names[index].trimming(" ")
                firstDecimalID = RowNote(file: path, line: line, column: (origins?[index] ?? fields.start(index)) - p + 1,
                                         message: "\(name) \"\(TextValidation.excerpt(field, limit: 40))\" read as \(value)")
            }
            return value
        case .text(let value):
            return value
        case .invalid:
            return IDField.rejected
        }
    }

    /// Counts and reports a rejected record (the cold path: all wording happens here).
    @inline(never)
    mutating func reject<Sink: RowSink>(_ problem: RowProblem, record p: Int, contentEnd: Int, rawEnd: Int,
                                                fieldCount: Int, fields: FieldSlices, origins: UnsafeMutablePointer<Int>?,
                                                columns: ColumnMap, context: inout ReadContext,
                                                sink: inout Sink) throws(ClickstreamError) {
        rejected += 1
        if case .event = problem {
            context.report.noteUnknownEvent(TextValidation.excerpt(fields.field(columns.event), limit: 40))
        }
        let (column, reason, message) = problem.wording(record: p, contentEnd: contentEnd, bytes: buffer,
                                                        fieldCount: fieldCount, fields: fields, origins: origins,
                                                        columns: columns)
        let content = UnsafeRawBufferPointer(start: buffer + p, count: contentEnd - p)
        try context.reject(RowReject(file: path, line: line, column: column, reason: reason, message: message,
                                     excerpt: TextValidation.excerpt(content)))
        try sink.passOver(raw: UnsafeRawBufferPointer(start: buffer + p, count: rawEnd - p))
    }
}
