import ClickstreamCore

/// What makes a row valid, whatever source it comes from (a CSV line, a Parquet row, a
/// message): the rules on times, event names and dimension values, and the counts every
/// accepted row adds to the data-quality report. Sources parse their own encoding (text,
/// typed columns) and then apply these. Hot path.
package enum RowRules {
    /// The earliest and latest times accepted: 2000-01-01 up to 2100-01-01, in epoch
    /// milliseconds (a time outside is a unit or parsing mistake, not an event).
    package static let earliestTimestamp: Int64 = 946_684_800_000
    package static let latestTimestamp: Int64 = 4_102_444_800_000

    /// Whether an event time in epoch milliseconds is inside the accepted range.
    @inline(__always)
    package static func timestampInRange(_ milliseconds: Int64) -> Bool {
        milliseconds >= earliestTimestamp && milliseconds < latestTimestamp
    }

    /// `EventType.index` of an exact, case-sensitive event word, or -1.
    @inline(__always)
    package static func eventIndex(_ field: UnsafeRawBufferPointer) -> Int {
        guard let base = field.baseAddress else { return -1 }
        switch field.count {
        case 4:
            return base.loadUnaligned(as: UInt32.self) == 0x7765_6976 ? 0 : -1  // "view"
        case 9:  // "addtocart"
            return base.loadUnaligned(as: UInt64.self) == 0x7261_636F_7464_6461 && base.load(fromByteOffset: 8, as: UInt8.self) == 0x74 ? 1 : -1
        case 11:  // "transaction"
            return base.loadUnaligned(as: UInt64.self) == 0x7463_6173_6E61_7274
                && base.loadUnaligned(fromByteOffset: 8, as: UInt16.self) == 0x6F69
                && base.load(fromByteOffset: 10, as: UInt8.self) == 0x6E ? 2 : -1
        default:
            return -1
        }
    }

    /// Counts an accepted row into `report`: transactions without an id, ids on other
    /// events, rows out of time order (`previous` is the last accepted row's time).
    @inline(__always)
    package static func countAccepted(event: Int, transactionID: Int64, timestamp: Int64, previous: Int64,
                                      into report: inout IngestReport) {
        if event == 2 {
            if transactionID < 0 { report.transactionsWithoutID &+= 1 }
        } else if transactionID >= 0 {
            report.transactionIDsOnOtherEvents &+= 1
        }
        if timestamp < previous { report.outOfOrderRows &+= 1 }
        report.accepted &+= 1
        report.rowsRead &+= 1
    }
}
