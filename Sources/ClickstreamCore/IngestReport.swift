/// What happens to exact duplicate rows (`--duplicates`).
public enum DuplicatePolicy: String, Codable, Sendable, CaseIterable {
    /// Keep them and do not look for them (no extra memory).
    case keep
    /// Keep them but count them.
    case count
    /// Count them and leave all but the first out of the cube.
    case drop
}

/// What one input file held.
public struct FileSummary: Codable, Sendable, Equatable {
    public var path: String
    public var bytes: Int
    /// The source's name for its shape (CSV: `raw` or `enriched`).
    public var layout: String
    /// Records after the header: accepted + rejected + blank lines.
    public var records: Int
    public var accepted: Int
    public var rejected: Int
    public var blankLines: Int

    public init(path: String, bytes: Int, layout: String, records: Int, accepted: Int, rejected: Int, blankLines: Int) {
        self.path = path
        self.bytes = bytes
        self.layout = layout
        self.records = records
        self.accepted = accepted
        self.rejected = rejected
        self.blankLines = blankLines
    }

    /// Adds the record counts of another part of the same file.
    package mutating func absorb(_ part: FileSummary) {
        records += part.records
        accepted += part.accepted
        rejected += part.rejected
        blankLines += part.blankLines
    }
}

/// Data-quality counts of an ingest: every record is accepted, rejected or blank, and the
/// first rejects are kept with their locations for the report.
public struct IngestReport: Codable, Sendable, Equatable {
    /// How many rejects are kept with their location.
    public static let keptRejects = 20

    public var files: [FileSummary] = []
    /// The IANA zone whose calendar days the cube counts (`UTC` unless configured).
    public var timeZone = "UTC"
    /// What the revenue is counted in, when the config names it (`input.revenue_unit`).
    public var revenueUnit: String?
    /// Where the segments come from.
    public var segmentSource = SegmentSource.columns
    /// The seed of the synthetic draw, when the segments are synthetic.
    public var enrichmentSeed: UInt64?
    /// Accepted + rejected rows (blank lines are not rows).
    public var rowsRead = 0
    public var accepted = 0
    public var rejected = 0
    public var blankLines = 0
    /// Transaction rows with an empty transactionid (accepted, counted).
    public var transactionsWithoutID = 0
    /// View or addtocart rows that carry a transactionid (accepted, counted).
    public var transactionIDsOnOtherEvents = 0
    /// Rows whose timestamp is earlier than the row before them in the same file.
    public var outOfOrderRows = 0
    /// Ids written as decimals with a zero fraction (`16633.0`, as pandas writes an
    /// integer column that has gaps), read as the integer (accepted, counted).
    public var decimalIDs = 0
    /// Where the first of them is.
    public var firstDecimalID: RowNote?
    /// Accepted rows whose time named no instant by itself (a Parquet TIMESTAMP without
    /// a zone, as pandas writes naive datetimes, or a DATE) and was read as a wall-clock
    /// time in `timeZone`; nil when none.
    public var wallClockTimes: Int?
    /// The days the read was bounded to (`--since`, `--until`); nil when it was not.
    public var dayBounds: DayBounds?
    /// Accepted rows on days outside `dayBounds`, left out of the cube (they are part of
    /// `accepted`); nil when the read was not bounded.
    public var eventsOutsideBounds: Int?
    /// Event names that are no funnel step (their rows rejected), the first
    /// `keptEventNames` distinct ones with their rows, and the rows of any others.
    public var unknownEvents: [String: Int] = [:]
    public var otherUnknownEvents = 0
    /// When each day's first and last accepted events happened, in day order (the
    /// partial-day check).
    public var dayExtents: [DayExtent] = []
    public var duplicatePolicy: DuplicatePolicy = .keep
    /// Exact duplicate rows seen (nil when not looked for).
    public var duplicateRows: Int?
    /// Rejects by reason.
    public var rejectsByReason: [RejectReason: Int] = [:]
    /// The first `keptRejects` rejects, in input order.
    public var rejects: [RowReject] = []

    public init() {}

    /// How many distinct unknown event names are kept with their counts.
    public static let keptEventNames = 20

    /// Counts a row whose event name is no funnel step.
    package mutating func noteUnknownEvent(_ name: String, rows: Int = 1) {
        if unknownEvents[name] != nil || unknownEvents.count < Self.keptEventNames {
            unknownEvents[name, default: 0] += rows
        } else {
            otherUnknownEvents += rows
        }
    }

    package mutating func record(_ reject: RowReject) {
        rejected += 1
        rowsRead += 1
        rejectsByReason[reject.reason, default: 0] += 1
        if rejects.count < Self.keptRejects { rejects.append(reject) }
    }

    /// Adds another report's counts (files in order).
    package mutating func absorb(_ other: IngestReport) {
        files += other.files
        rowsRead += other.rowsRead
        accepted += other.accepted
        rejected += other.rejected
        blankLines += other.blankLines
        transactionsWithoutID += other.transactionsWithoutID
        transactionIDsOnOtherEvents += other.transactionIDsOnOtherEvents
        outOfOrderRows += other.outOfOrderRows
        decimalIDs += other.decimalIDs
        if let more = other.wallClockTimes { wallClockTimes = (wallClockTimes ?? 0) + more }
        if let more = other.eventsOutsideBounds { eventsOutsideBounds = (eventsOutsideBounds ?? 0) + more }
        if firstDecimalID == nil { firstDecimalID = other.firstDecimalID }
        dayExtents = DayExtent.merge(dayExtents, other.dayExtents)
        for (name, rows) in other.unknownEvents.sorted(by: { $0.key < $1.key }) { noteUnknownEvent(name, rows: rows) }
        otherUnknownEvents += other.otherUnknownEvents
        if let extra = other.duplicateRows { duplicateRows = (duplicateRows ?? 0) + extra }
        for (reason, count) in other.rejectsByReason { rejectsByReason[reason, default: 0] += count }
        rejects += other.rejects.prefix(Self.keptRejects - rejects.count)
    }
}

/// A located remark on an accepted row (a warning, not a reject).
public struct RowNote: Codable, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based physical line where the record starts.
    public var line: Int
    /// 1-based byte column within the record.
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}
