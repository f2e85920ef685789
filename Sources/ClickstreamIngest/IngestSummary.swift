import ClickstreamCore
import Foundation

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

    /// About how many bytes each piece `writeJSON` hands over holds.
    static let piece = 1 << 20

    /// The summary as `StableJSON` writes it, byte for byte, handed to `write` in pieces of
    /// about `piece` bytes. The segments are written here rather than through `JSONEncoder`
    /// (for a million segments the encoder took 8.5 s and 1.2 GB beyond the read itself),
    /// and never held as one text (267 MB for 1.1 million).
    public func writeJSON(to write: ([UInt8]) throws(ClickstreamError) -> Void) throws(ClickstreamError) {
        var head = self
        head.segments = []
        let data = try StableJSON.data(head)
        // The encoder writes an empty array as "[", a blank line and "]"; no string value
        // holds a raw line feed, so this is the key's own array.
        guard !segments.isEmpty, let empty = data.range(of: Data("\"segments\" : [\n\n  ]".utf8)) else {
            return try write([UInt8](data))
        }
        try write([UInt8](data[..<empty.lowerBound]))
        var list = [UInt8]()
        list.reserveCapacity(Self.piece + 4096)
        list += "\"segments\" : [\n".utf8
        let names = segments[0].segment.schema.names
        let order = names.indices.sorted { names[$0] < names[$1] }  // the encoder's sorted keys
        for (index, volume) in segments.enumerated() {
            let e = volume.events
            list += "    {\n      \"events\" : {\n        \"addtocart\" : \(e.addtocart),\n        \"transaction\" : \(e.transaction),\n        \"view\" : \(e.view)\n      },\n      \"segment\" : {\n".utf8
            for (position, dimension) in order.enumerated() {
                list += "        ".utf8
                Self.appendJSONString(names[dimension], to: &list)
                list += " : ".utf8
                Self.appendJSONString(volume.segment.values[dimension], to: &list)
                list += (position + 1 < order.count ? ",\n" : "\n").utf8
            }
            list += (index + 1 < segments.count ? "      }\n    },\n" : "      }\n    }\n").utf8
            if list.count >= Self.piece {
                try write(list)
                list.removeAll(keepingCapacity: true)
            }
        }
        list += "  ]".utf8
        list += data[empty.upperBound...]
        try write(list)
    }

    /// A JSON string as Foundation's encoder writes it without escaping slashes: quote and
    /// backslash escaped, \b \t \n \f \r by name, other controls as \u00xx, the rest as UTF-8.
    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, 0x62]
            case 0x09: out += [0x5C, 0x74]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0C: out += [0x5C, 0x66]
            case 0x0D: out += [0x5C, 0x72]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }

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
