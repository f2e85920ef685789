import ClickstreamCore

/// The header record: the column map, or an error naming what is wrong with it.
extension CSVReader {
    /// A header that does not map, said with the delimiter that would split it when
    /// another one does (`events;user;…` read with commas is one column).
    func delimiterHint(_ error: ClickstreamError, header: UnsafeRawBufferPointer) -> ClickstreamError {
        let others = Delimiter.accepted.filter { $0.byte != delimiter }
            .map { other in (delimiter: other, fields: header.count { $0 == other.byte } + 1) }
            .filter { $0.fields >= 5 }
        guard let best = others.max(by: { $0.fields < $1.fields }), header.count(where: { $0 == delimiter }) + 1 < 5 else { return error }
        var hinted = error
        hinted.message += "; the header splits into \(best.fields) columns with \(Delimiter.name(best.delimiter.byte)): --delimiter '\(best.delimiter.text)'"
        return hinted
    }

    mutating func readHeader<Source: ByteSource, Sink: RowSink>(_ source: inout Source,
                                                               sink: inout Sink) throws(ClickstreamError) -> ColumnMap {
        try fill(&source)
        while end < 3 && !eof { try fill(&source) }
        // One byte-order mark at the very start of the file is dropped, and only that one.
        if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { begin = 3 }
        while true {
            if eof && end <= begin {
                throw ClickstreamError(stage: "ingest", path: path, message: "empty file: expected a header line naming the columns")
            }
            switch quoted.parse(buffer, from: begin, end: end, eof: eof) {
            case .needMore:
                guard end - begin < maxRecordBytes else {
                    throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1,
                                           message: "header line is longer than \(maxRecordBytes) bytes")
                }
                try fill(&source)
                continue
            case .malformed(let column, _, _, let message, _):
                throw ClickstreamError(stage: "ingest", path: path, line: 1, column: column, message: "header: \(message)")
            case .complete(let record):
                if record.contentEnd - begin >= maxRecordBytes {
                    throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1,
                                           message: "header line is longer than \(maxRecordBytes) bytes")
                }
                if record.contentEnd == begin {
                    throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1,
                                           message: "line 1 is empty: expected a header line naming the columns")
                }
                guard record.fields <= Self.fieldCapacity else {
                    throw ClickstreamError(stage: "ingest", path: path, line: 1, column: 1,
                                           message: "header has \(record.fields) columns, more than \(Self.fieldCapacity)")
                }
                var names: [String] = []
                for index in 0..<record.fields {
                    let field = quoted.fields.field(index)
                    if let bad = TextValidation.firstInvalidUTF8(field) ?? TextValidation.firstControl(field) {
                        throw ClickstreamError(stage: "ingest", path: path, line: 1,
                                               column: quoted.origins[index] - begin + bad + 1,
                                               message: "header: column name \(index + 1) has an invalid byte")
                    }
                    names.append(String(decoding: field, as: UTF8.self))
                }
                var columns: ColumnMap
                do throws(ClickstreamError) {
                    columns = try ColumnMap(header: names, path: path, schema: format.schema, columns: format.columns,
                                            events: format.events, oneSegment: format.oneSegment)
                    columns.timeUnit = format.timeUnit
                    columns.idsAreText = format.idsAreText
                    columns.revenueDecimals = format.revenueDecimals
                } catch {
                    throw delimiterHint(error, header: UnsafeRawBufferPointer(start: buffer + begin, count: record.contentEnd - begin))
                }
                try sink.header(raw: UnsafeRawBufferPointer(start: buffer + begin, count: record.rawEnd - begin), columns: columns)
                begin = record.rawEnd
                line = 2 + record.newlines
                return columns
            }
        }
    }
}
