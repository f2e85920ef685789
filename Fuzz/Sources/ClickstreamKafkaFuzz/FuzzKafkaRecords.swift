import ClickstreamCore
import ClickstreamIngest

#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer entry point: feeds arbitrary bytes to the Kafka reader as the record batches
/// of a Fetch answer (batch headers, CRC-32C, the codecs, record varints, JSON messages
/// turned into CSV records), and aborts when an invariant breaks: the partition's counts
/// must add up and the cube must hold the accepted rows. Crashes, hangs, sanitizer reports
/// and huge allocations are failures too; an error is an answer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKafkaRecords(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let result = try? Ingestor.ingest(recordBatches: bytes, blockSize: 1 << 16) else { return 0 }
    let report = result.report
    guard let summary = report.files.first, summary.records == summary.accepted + summary.rejected,
          report.rowsRead == report.accepted + report.rejected,
          result.cube.totals.all == report.accepted
    else { abort() }
    return 0
}
