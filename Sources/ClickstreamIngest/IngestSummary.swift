import ClickstreamCore

/// What `clickstream ingest` prints and writes as JSON: files, data quality, date range,
/// events per type and the segments found with their volumes.
public struct IngestSummary: Codable, Sendable, Equatable {
    public struct SegmentVolume: Codable, Sendable, Equatable {
        public var segment: Segment
        public var events: EventTotals
    }

    public var files: [FileSummary]
    public var rowsRead: Int
    public var accepted: Int
    public var rejected: Int
    public var blankLines: Int
    public var rejectsByReason: [RejectReason: Int]
    public var firstRejects: [RowReject]
    public var transactionsWithoutID: Int
    public var transactionIDsOnOtherEvents: Int
    public var outOfOrderRows: Int
    /// Ids written as `16633.0` and read as integers.
    public var decimalIDs: Int
    public var firstDecimalID: RowNote?
    /// Event names that are no funnel step, with their (rejected) rows.
    public var unknownEvents: [String: Int]
    public var otherUnknownEvents: Int
    public var duplicatePolicy: DuplicatePolicy
    public var duplicateRows: Int?
    /// The zone whose calendar days these are.
    public var timeZone: String
    public var firstDay: Day?
    public var lastDay: Day?
    public var days: Int
    public var daysWithoutEvents: [Day]
    public var eventsByType: EventTotals
    /// The transactions' revenue, exact, in the revenue column's units (`4933.61`); nil
    /// without a revenue column.
    public var revenue: String?
    /// Segments by descending event count, ties by name.
    public var segments: [SegmentVolume]

    public init(_ result: IngestResult) {
        let report = result.report
        let cube = result.cube
        files = report.files
        rowsRead = report.rowsRead
        accepted = report.accepted
        rejected = report.rejected
        blankLines = report.blankLines
        rejectsByReason = report.rejectsByReason
        firstRejects = report.rejects
        transactionsWithoutID = report.transactionsWithoutID
        transactionIDsOnOtherEvents = report.transactionIDsOnOtherEvents
        outOfOrderRows = report.outOfOrderRows
        decimalIDs = report.decimalIDs
        firstDecimalID = report.firstDecimalID
        unknownEvents = report.unknownEvents
        otherUnknownEvents = report.otherUnknownEvents
        duplicatePolicy = report.duplicatePolicy
        duplicateRows = report.duplicateRows
        timeZone = report.timeZone
        firstDay = cube.firstDay
        lastDay = cube.lastDay
        days = cube.firstDay.flatMap { first in cube.lastDay.map { first.distance(to: $0) + 1 } } ?? 0
        daysWithoutEvents = cube.emptyDays
        eventsByType = cube.totals
        revenue = cube.revenueDecimals.map { places in
            RevenueAmount.text(minorUnits: cube.cells.reduce(0) { $0 + $1.revenue }, decimals: places, separators: false)
        }
        // The cube's segments are in name order already: ties keep it, and no name is compared.
        let totals = cube.totalsBySegment
        segments = totals.indices
            .sorted { totals[$0].all != totals[$1].all ? totals[$0].all > totals[$1].all : $0 < $1 }
            .map { SegmentVolume(segment: cube.segments[$0], events: totals[$0]) }
    }

    /// Segments the terminal text lists, largest first (the JSON lists all).
    static let listed = 50

    /// The human-readable form for the terminal.
    public var text: String {
        var lines: [String] = []
        let bytes = files.reduce(0) { $0 + $1.bytes }
        lines.append("files: \(files.count) (\(Format.bytes(bytes)))")
        lines.append("rows read: \(Format.thousands(rowsRead)) (accepted \(Format.thousands(accepted)), rejected \(Format.thousands(rejected))), blank lines: \(Format.thousands(blankLines))")
        if !rejectsByReason.isEmpty {
            let reasons = rejectsByReason.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \(Format.thousands($0.value))" }
            lines.append("rejected by reason: " + reasons.joined(separator: ", "))
            lines.append("first rejects:")
            for reject in firstRejects { lines.append("  \(reject)") }
        }
        if transactionsWithoutID + transactionIDsOnOtherEvents > 0 {
            lines.append("warnings: \(Format.thousands(transactionsWithoutID)) transactions without transactionid, \(Format.thousands(transactionIDsOnOtherEvents)) other events with one")
        }
        if outOfOrderRows > 0 { lines.append("rows out of time order: \(Format.thousands(outOfOrderRows))") }
        if decimalIDs > 0 {
            lines.append("ids written as decimals (16633.0), read as integers: \(Format.thousands(decimalIDs))"
                         + (firstDecimalID.map { ", the first at \($0)" } ?? ""))
        }
        switch duplicatePolicy {
        case .keep: lines.append("duplicates: not checked (--duplicates count|drop)")
        case .count: lines.append("duplicate rows: \(Format.thousands(duplicateRows ?? 0)) (kept)")
        case .drop: lines.append("duplicate rows: \(Format.thousands(duplicateRows ?? 0)) (dropped)")
        }
        if let firstDay, let lastDay {
            lines.append("days: \(firstDay) to \(lastDay) (\(days) calendar days in \(timeZone), \(daysWithoutEvents.count) without events)")
        } else {
            lines.append("no data: the input holds no valid rows")
        }
        lines.append("events: \(Format.thousands(eventsByType.all)) (view \(Format.thousands(eventsByType.view)), addtocart \(Format.thousands(eventsByType.addtocart)), transaction \(Format.thousands(eventsByType.transaction)))")
        if let revenue {
            lines.append("revenue: \(revenue) over \(Format.thousands(eventsByType.transaction)) transactions, in the revenue column's units")
        }
        if !segments.isEmpty {
            lines.append("segments: \(Format.thousands(segments.count))" + (segments.count > Self.listed ? " (the \(Self.listed) largest below; all of them with --json)" : ""))
            for volume in segments.prefix(Self.listed) {
                let e = volume.events
                lines.append("  \(volume.segment): \(Format.thousands(e.all)) events, \(Format.thousands(e.view)) views, \(Format.thousands(e.addtocart)) addtocart, \(Format.thousands(e.transaction)) transactions")
            }
        }
        return lines.joined(separator: "\n")
    }
}
