import ClickstreamCore

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

    /// One row of the answer, each field as its bytes (nil for NULL): a ClickHouse string
    /// may hold any bytes, which are judged as the CSV reader judges a field's.
    mutating func add(_ fields: [[UInt8]?]) throws(ClickstreamError) {
        resultRows += 1
        let width = options.dimensions.count
        let dimensionFields = options.oneSegment ? 0 : width
        guard fields.count == 4 + dimensionFields + 8 else { throw malformed("\(fields.count) columns") }
        func text(_ index: Int) -> String { fields[index].map { String(decoding: $0, as: UTF8.self) } ?? "null" }
        func number(_ index: Int) throws(ClickstreamError) -> Int {
            guard let bytes = fields[index], let value = Int(String(decoding: bytes, as: UTF8.self)) else {
                throw malformed("column \(index + 1) is \(TerminalText.safe(text(index)))")
            }
            return value
        }
        let counts = 4 + dimensionFields
        if fields[0] == [UInt8(ascii: "1")] {
            let rows = try number(counts)
            guard let reason = RejectReason(rawValue: text(2)) else { throw malformed("reason \(TerminalText.safe(text(2)))") }
            reject(rows, reason)
            if reason == .event {
                // Named as the CSV reader names it (the same excerpt of the same bytes).
                let name = (fields[3] ?? []).withUnsafeBytes { TextValidation.excerpt($0, limit: 40) }
                report.noteUnknownEvent(name, rows: rows)
            }
            return
        }
        guard fields[0] == [UInt8(ascii: "0")] || fields[0] == [UInt8(ascii: "2")] else { throw malformed("kind \(TerminalText.safe(text(0)))") }
        let day = try number(1)
        let views = try number(counts), carts = try number(counts + 1), purchases = try number(counts + 2)
        let first = try number(counts + 3), last = try number(counts + 4)
        let rows = views + carts + purchases
        if fields[0] == [UInt8(ascii: "2")] {
            // Valid rows on a day outside --since/--until: accepted and left out, unless a
            // dimension holds bytes the CSV reader would reject (it judges them first).
            let values = options.oneSegment ? [] : (0..<width).map { fields[4 + $0] ?? [] }
            if let reason = values.lazy.compactMap(Self.problem).first {
                return reject(rows, reason)
            }
            report.eventsOutsideBounds = (report.eventsOutsideBounds ?? 0) + rows
            return try accept(rows, withoutID: number(counts + 5), idsOnOthers: number(counts + 6))
        }
        var segment: Int32
        if options.oneSegment {
            guard case .id(let id) = interner.intern(Segment.allTraffic) else { throw malformed("the all-traffic segment") }
            segment = id
        } else {
            // Checked by the interner as the CSV reader's values are (UTF-8, no control bytes).
            switch interner.intern(values: (0..<width).map { fields[4 + $0] ?? [] }) {
            case .id(let id): segment = id
            case .invalid(_, _, let reason, _):
                // A value the CSV reader would reject (a control character): so are its rows.
                return reject(rows, reason)
            case .full:
                throw ClickstreamError(stage: "ingest", path: source, message: "more than \(interner.limit) distinct segments: too many to analyse, and none is dropped")
            }
        }
        cells.append(DailyCube.Cell(day: Day(ordinal: day), segment: Int(segment), views: views, addtocarts: carts, transactions: purchases,
                                    revenue: try number(counts + 7)))
        let known = extents[Int32(day)]
        extents[Int32(day)] = (min(known?.first ?? first, first), max(known?.last ?? last, last))
        try accept(rows, withoutID: number(counts + 5), idsOnOthers: number(counts + 6))
    }

    /// Counts rows the CSV reader would have rejected for `reason`.
    private mutating func reject(_ rows: Int, _ reason: RejectReason) {
        report.rejected += rows
        report.rowsRead += rows
        report.rejectsByReason[reason, default: 0] += rows
    }

    /// Counts accepted rows, with their transactions without an id and other events with one.
    private mutating func accept(_ rows: Int, withoutID: Int, idsOnOthers: Int) {
        report.accepted += rows
        report.rowsRead += rows
        report.transactionsWithoutID += withoutID
        report.transactionIDsOnOtherEvents += idsOnOthers
    }

    /// Why a dimension's value would be rejected, judged as the interner judges it.
    static func problem(_ value: [UInt8]) -> RejectReason? {
        value.withUnsafeBytes { bytes in
            if TextValidation.firstControl(bytes) != nil { return .controlCharacter }
            return TextValidation.firstInvalidUTF8(bytes) != nil ? .invalidUTF8 : nil
        }
    }

    private func malformed(_ what: String) -> ClickstreamError {
        ClickstreamError(stage: "ingest", path: source, message: "the server's answer is not the cube asked for (\(what))")
    }

    /// Hands the cube and the counts to the intake, and the provenance when it is asked
    /// for (the server, the statement, the answer's rows); the read of one input is done.
    func deliver(into intake: inout EventIntake, server: String, query: String) {
        let (cube, report) = result()
        intake.context.report.absorb(report)
        intake.separateCubes.append(cube)
        if intake.options.describeInputs {
            intake.inputs.append(InputFile(path: source, bytes: 0, hash: "", server: server, query: query, resultRows: resultRows))
        }
        intake.options.progress?.fileDone()
    }

    func result() -> (DailyCube, IngestReport) {
        var report = self.report
        report.dayExtents = extents.keys.sorted().map { DayExtent(day: Day(ordinal: Int($0)), first: extents[$0]!.first, last: extents[$0]!.last) }
        report.files = [FileSummary(path: source, bytes: 0, layout: CSVLayout.enriched.rawValue, records: report.rowsRead,
                                    accepted: report.accepted, rejected: report.rejected, blankLines: 0)]
        return (DailyCube(codes: interner.codes, cells: cells), report)
    }
}
