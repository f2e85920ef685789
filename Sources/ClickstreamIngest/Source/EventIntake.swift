import ClickstreamCore

/// Where sources put what they read: the cube being built, the data-quality report, and
/// the rules that span inputs (`strict`, `maxErrors`, duplicate rows). One intake takes the
/// inputs read one after another; inputs read apart each get their own, merged after.
package struct EventIntake {
    package let options: IngestOptions
    package var context: ReadContext
    package var sink: CubeSink
    /// Cubes a source built apart (a large file read in parts), added at the end.
    package var separateCubes: [DailyCube] = []
    /// Size and content hash of each input read (with `describeInputs`).
    package var inputs: [InputFile] = []
    /// What a kind of source keeps from one of its inputs to the next (reusable buffers),
    /// by a name of its choosing.
    package var scratch: SourceScratch = [:]
    /// What the user should know of a read that went through (a stream's lag left).
    package var warnings: [String] = []

    /// `rules: false` leaves out `strict` and `maxErrors` (an input read apart, whose
    /// rejects are judged once the pieces are merged) and duplicate checks.
    package init(options: IngestOptions, rules: Bool = true) {
        self.options = options
        context = ReadContext(options, rules: rules)
        sink = CubeSink(policy: rules ? options.duplicates : .keep, timeZone: options.timeZone)
    }

    /// One row of a source that hands typed values (not CSV text), checked by `RowRules`.
    /// A bad row is counted and reported at `location` (line, or offset within `input`).
    /// - Parameters:
    ///   - timestamp: epoch milliseconds;
    ///   - event: the event name's bytes;
    ///   - transactionID: -1 when the row has none;
    ///   - values: each dimension's value, in drill order.
    package mutating func accept(timestamp: Int64, visitor: Int64, event: UnsafeRawBufferPointer, item: Int64,
                                 transactionID: Int64, values: [UnsafeRawBufferPointer],
                                 input: String, location: Int) throws(ClickstreamError) {
        func reject(_ reason: RejectReason, _ message: String) throws(ClickstreamError) {
            try context.reject(RowReject(file: input, line: location, column: 0, reason: reason, message: message,
                                         excerpt: ""))
        }
        guard RowRules.timestampInRange(timestamp) else {
            return try reject(.timestamp, "timestamp: \(timestamp) is outside 2000-01-01..2100-01-01 in epoch milliseconds")
        }
        guard visitor >= 0 else { return try reject(.visitorID, "visitorid: expected a non-negative integer, found \(visitor)") }
        let index = RowRules.eventIndex(event)
        guard index >= 0 else {
            return try reject(.event, "event: expected view, addtocart or transaction, found \"\(TextValidation.excerpt(event, limit: 40))\"")
        }
        guard item >= 0 else { return try reject(.itemID, "itemid: expected a non-negative integer, found \(item)") }
        let names = options.dimensions.names
        guard values.count == names.count else {
            return try reject(.fieldCount, "expected \(names.count) dimension values, found \(values.count)")
        }
        if let empty = values.firstIndex(where: \.isEmpty) { return try reject(.emptySegmentField, "\(names[empty]) is empty") }
        let segment: Int32
        switch context.interner.intern(span: nil, field: { values[$0] }) {
        case .id(let id): segment = id
        case .invalid(let field, _, let reason, let message): return try reject(reason, "\(names[field]): \(message)")
        case .full:
            throw ClickstreamError(stage: "ingest", path: input, line: location, column: 0,
                                   message: "more than \(context.interner.limit) distinct segments: the read stops here rather than drop rows")
        }
        RowRules.countAccepted(event: index, transactionID: transactionID, timestamp: timestamp, previous: lastTimestamp,
                               into: &context.report)
        lastTimestamp = timestamp
        sink.builder.add(day: sink.day(ofMilliseconds: timestamp), segment: segment, type: index, instant: timestamp)
    }

    /// The last accepted row's time (`accept` counts rows out of order).
    private var lastTimestamp = Int64.min

    /// The cube and report of everything taken in.
    package func result() -> IngestResult {
        var report = context.report
        report.describe(options)
        report.dayExtents = DayExtent.merge(report.dayExtents, sink.builder.extents())
        report.duplicatePolicy = options.duplicates
        report.duplicateRows = options.duplicates == .keep ? nil : sink.duplicates
        var cube = sink.builder.build(codes: context.interner.codes)
        for separate in separateCubes { cube = cube.merged(with: separate) }
        cube.revenueDecimals = options.cubeRevenueDecimals
        var result = IngestResult(cube: cube, report: report)
        if options.describeInputs { result.inputs = inputs }
        result.warnings = warnings
        return result
    }
}
