import ClickstreamCore
import ClickstreamIngest
import Foundation

/// Where the generator's events go, one at a time in time order: a CSV file
/// (`GeneratedCSV`), or straight into a cube (the scorecard's clean datasets).
package protocol GeneratedEventOutput {
    /// One event: `type` is `EventType.index`, `transaction` −1 when none, `catalog` the
    /// `SegmentCatalog` index of the visitor's segment.
    mutating func event(timestamp: Int64, visitor: Int64, type: Int, item: Int64, transaction: Int64,
                        catalog: Int) throws(ClickstreamError)
}

/// The generator's CSV: one file, or batch files `events-0001.csv`, … of `splitEvery` rows
/// each in the folder `path`, each with the layout's header. Hot path of `generate`: rows
/// are formatted as bytes, no `String` per row.
struct GeneratedCSV: GeneratedEventOutput {
    private let path: String
    private let settings: GeneratorSettings
    private var writer: ByteWriter
    private var batch = 1
    private var rowsInBatch = 0
    private let writeSegments: Bool
    private let segmentColumns: [StaticBytes]
    private let words: [StaticBytes]

    init(path: String, settings: GeneratorSettings) throws(ClickstreamError) {
        self.path = path
        self.settings = settings
        if settings.splitEvery != nil {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw .io(path: path, message: "cannot create the batch folder")
            }
        }
        writer = try ByteWriter(path: settings.splitEvery == nil ? path : Self.batchPath(path, 1))
        writeSegments = settings.layout == .enriched
        segmentColumns = SegmentCatalog.entries.map { StaticBytes("," + $0.segment.values.joined(separator: ",")) }
        words = EventType.allCases.map { StaticBytes($0.rawValue) }
        try writer.write(settings.layout.header + "\n")
    }

    static func batchPath(_ folder: String, _ number: Int) -> String {
        let digits = String(number)
        return folder + "/events-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits + ".csv"
    }

    mutating func event(timestamp: Int64, visitor: Int64, type: Int, item: Int64, transaction: Int64,
                        catalog: Int) throws(ClickstreamError) {
        try writer.ensure(96)
        writer.decimal(timestamp)
        writer.byte(0x2C)
        writer.decimal(visitor)
        writer.byte(0x2C)
        writer.ascii(words[type])
        writer.byte(0x2C)
        writer.decimal(item)
        writer.byte(0x2C)
        if transaction >= 0 { writer.decimal(transaction) }
        if writeSegments { writer.ascii(segmentColumns[catalog]) }
        writer.byte(0x0A)
        rowsInBatch += 1
        if let every = settings.splitEvery, rowsInBatch == every {
            try writer.close()
            batch += 1
            rowsInBatch = 0
            writer = try ByteWriter(path: Self.batchPath(path, batch))
            try writer.write(settings.layout.header + "\n")
        }
    }

    /// Closes the last file (and removes it when the last batch came out exactly full).
    mutating func finish() throws(ClickstreamError) {
        try writer.close()
        if rowsInBatch == 0 && batch > 1 { unlink(Self.batchPath(path, batch)) }
    }
}
