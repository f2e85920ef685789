import ClickstreamCore
import ClickstreamIngest

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry point: feeds arbitrary bytes to the Parquet reader as a `.parquet` file
/// (the reader reads files with `pread`; the file sits in memory-backed /dev/shm), once on
/// one core and once with its row groups spread over several, and aborts when an
/// invariant breaks: a result's counts must add up and both reads must agree. Crashes,
/// hangs, sanitizer reports and huge allocations are failures too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParquetReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = "/dev/shm/clickstream-fuzz-\(getpid()).parquet"
    guard let file = fopen(path, "wb") else { abort() }
    if size > 0 { _ = fwrite(data, 1, size, file) }
    fclose(file)
    defer { unlink(path) }
    setenv("CLICKSTREAM_THREADS", "1", 1)
    let one = try? Ingestor.ingest(paths: [path])
    setenv("CLICKSTREAM_THREADS", "3", 1)
    let several = try? Ingestor.ingest(paths: [path])
    guard (one == nil) == (several == nil) else { abort() }
    guard let one, let several else { return 0 }
    let report = one.report
    guard one == several, report.files == several.report.files,
          let summary = report.files.first, summary.records == summary.accepted + summary.rejected,
          report.rowsRead == report.accepted + report.rejected,
          one.cube.totals.all == report.accepted
    else { abort() }
    // With a revenue column mapped (a file that has one): one core and several agree, and
    // no cell's revenue is negative.
    var priced = IngestOptions()
    priced.columns.revenue = "revenue"
    setenv("CLICKSTREAM_THREADS", "1", 1)
    let pricedOne = try? Ingestor.ingest(paths: [path], options: priced)
    setenv("CLICKSTREAM_THREADS", "3", 1)
    let pricedSeveral = try? Ingestor.ingest(paths: [path], options: priced)
    guard (pricedOne == nil) == (pricedSeveral == nil) else { abort() }
    if let pricedOne, pricedOne != pricedSeveral || pricedOne.cube.cells.contains(where: { $0.revenue < 0 }) { abort() }
    return 0
}
