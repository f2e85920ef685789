import ClickstreamCore
import ClickstreamIngest

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry point: feeds arbitrary bytes to the CSV reader, once with default
/// buffers, once with tiny ones (so every record straddles block boundaries) and once
/// with every record on the general route (the fast route for plain records must agree
/// with it exactly; the same again with a tab as the delimiter), and aborts when an
/// invariant breaks. Crashes, hangs and sanitizer reports are failures too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let options = IngestOptions(duplicates: .count)
    let whole = try? Ingestor.ingest(bytes: bytes, name: "fuzz.csv", options: options, blockSize: 1 << 16,
                                     maxRecordBytes: 1 << 16)
    let pieces = try? Ingestor.ingest(bytes: bytes, name: "fuzz.csv", options: options, chunk: 5,
                                      blockSize: 16, maxRecordBytes: 4096)
    guard let whole else {
        // A header error must be reported the same way whatever the buffer sizes.
        if pieces != nil && size < 4096 { abort() }
        return 0
    }
    let general = try? Ingestor.ingest(bytes: bytes, name: "fuzz.csv", options: options, blockSize: 1 << 16,
                                       maxRecordBytes: 1 << 16, plainRecords: false)
    guard let general, general.cube == whole.cube, general.report == whole.report else { abort() }
    let report = whole.report
    guard let file = report.files.first,
          file.records == file.accepted + file.rejected + file.blankLines,
          report.rowsRead == report.accepted + report.rejected,
          whole.cube.totals.all == report.accepted,
          report.rejects.count == min(report.rejected, IngestReport.keptRejects)
    else { abort() }
    // Records shorter than both buffers parse the same in pieces as in one read.
    if size < 4096, let pieces, pieces.cube != whole.cube || pieces.report != whole.report { abort() }
    // The same bytes read with a tab between fields: the fast and general routes agree too.
    var tabs = options
    tabs.delimiter = 0x09
    let tabbed = try? Ingestor.ingest(bytes: bytes, name: "fuzz.csv", options: tabs, blockSize: 1 << 16, maxRecordBytes: 1 << 16)
    let tabbedGeneral = try? Ingestor.ingest(bytes: bytes, name: "fuzz.csv", options: tabs, blockSize: 1 << 16,
                                             maxRecordBytes: 1 << 16, plainRecords: false)
    if let tabbed, tabbed.cube != tabbedGeneral?.cube || tabbed.report != tabbedGeneral?.report { abort() }
    // With a revenue column mapped (a header that has one): both routes agree, and no
    // cell's revenue is negative or more than its transactions can carry.
    var priced = options
    priced.columns.revenue = "revenue"
    if let fast = try? Ingestor.ingest(bytes: bytes, name: "fuzz.csv", options: priced, blockSize: 1 << 16, maxRecordBytes: 1 << 16) {
        let slow = try? Ingestor.ingest(bytes: bytes, name: "fuzz.csv", options: priced, blockSize: 1 << 16,
                                        maxRecordBytes: 1 << 16, plainRecords: false)
        guard let slow, slow.cube == fast.cube, slow.report == fast.report,
              fast.cube.cells.allSatisfy({ $0.revenue >= 0 && $0.revenue <= $0.transactions * Int(RevenueAmount.limit) }),
              fast.cube.revenueDecimals == 2
        else { abort() }
    }
    return 0
}
