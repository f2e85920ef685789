@testable import ClickstreamKit

/// Small CSV texts for reader tests.
enum CSVFixtures {
    static let enrichedHeader = "timestamp,visitorid,event,itemid,transactionid,device,os,browser"
    static let rawHeader = "timestamp,visitorid,event,itemid,transactionid"
    /// 2015-05-07 12:00:00 UTC (1,431,000,000,000 ms = 16,562.5 days).
    static let noon: Int64 = 1_431_000_000_000

    static func enriched(_ rows: [String], ending: String = "\n") -> String {
        ([enrichedHeader] + rows).joined(separator: ending) + ending
    }

    static func row(_ timestamp: Int64 = noon, visitor: Int = 1, event: String = "view", item: Int = 5,
                    transaction: String = "", device: String = "Mobile", os: String = "iOS",
                    browser: String = "Safari") -> String {
        "\(timestamp),\(visitor),\(event),\(item),\(transaction),\(device),\(os),\(browser)"
    }

    /// Ingests text as one in-memory file named `t.csv`.
    static func ingest(_ text: String, options: IngestOptions = IngestOptions(), chunk: Int = .max,
                       blockSize: Int = 1 << 20, maxRecordBytes: Int = 1 << 20) throws(ClickstreamError) -> IngestResult {
        try Ingestor.ingest(bytes: Array(text.utf8), name: "t.csv", options: options, chunk: chunk,
                            blockSize: blockSize, maxRecordBytes: maxRecordBytes)
    }

    static func ingest(bytes: [UInt8], options: IngestOptions = IngestOptions(), chunk: Int = .max,
                       blockSize: Int = 1 << 20, maxRecordBytes: Int = 1 << 20) throws(ClickstreamError) -> IngestResult {
        try Ingestor.ingest(bytes: bytes, name: "t.csv", options: options, chunk: chunk,
                            blockSize: blockSize, maxRecordBytes: maxRecordBytes)
    }
}
