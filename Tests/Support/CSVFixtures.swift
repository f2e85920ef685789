import ClickstreamCore
import ClickstreamIngest

/// Small CSV texts for reader tests.
package enum CSVFixtures {
    package static let enrichedHeader = "timestamp,visitorid,event,itemid,transactionid,device,os,browser"
    package static let rawHeader = "timestamp,visitorid,event,itemid,transactionid"
    /// 2015-05-07 12:00:00 UTC (1,431,000,000,000 ms = 16,562.5 days).
    package static let noon: Int64 = 1_431_000_000_000

    package static func enriched(_ rows: [String], ending: String = "\n") -> String {
        ([enrichedHeader] + rows).joined(separator: ending) + ending
    }

    package static func row(_ timestamp: Int64 = noon, visitor: Int = 1, event: String = "view", item: Int = 5,
                    transaction: String = "", device: String = "Mobile", os: String = "iOS",
                    browser: String = "Safari") -> String {
        "\(timestamp),\(visitor),\(event),\(item),\(transaction),\(device),\(os),\(browser)"
    }

    /// Ingests text as one in-memory file named `t.csv`.
    package static func ingest(_ text: String, options: IngestOptions = IngestOptions(), chunk: Int = .max,
                       blockSize: Int = 1 << 20, maxRecordBytes: Int = 1 << 20) throws(ClickstreamError) -> IngestResult {
        try Ingestor.ingest(bytes: Array(text.utf8), name: "t.csv", options: options, chunk: chunk,
                            blockSize: blockSize, maxRecordBytes: maxRecordBytes)
    }

    package static func ingest(bytes: [UInt8], options: IngestOptions = IngestOptions(), chunk: Int = .max,
                       blockSize: Int = 1 << 20, maxRecordBytes: Int = 1 << 20) throws(ClickstreamError) -> IngestResult {
        try Ingestor.ingest(bytes: bytes, name: "t.csv", options: options, chunk: chunk,
                            blockSize: blockSize, maxRecordBytes: maxRecordBytes)
    }
}
