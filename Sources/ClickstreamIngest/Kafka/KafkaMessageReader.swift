import ClickstreamCore

/// Drains one partition's messages into the intake: fetches from an offset to an end,
/// turns each message into a CSV record of the mapped keys (`JSONMessageFields`), and
/// reads the records with the CSV reader's rules, fetch by fetch. A reject's place is
/// rewritten from the records' line to the message's partition and offset.
struct KafkaMessageReader {
    let topic: String
    let name: String
    let options: IngestOptions
    private var fields: JSONMessageFields
    private let columns: ColumnMap
    private var buffers: ReaderBuffers?
    private let format: CSVFormat
    /// The CSV reader's block and longest record (1 MiB each; the fuzzer asks for less).
    private let blockSize: Int
    /// Bytes of message values read.
    private(set) var valueBytes = 0

    /// A reader whose keys are mapped as the CSV reader maps a header naming them (the
    /// columns' names, then the dimensions').
    init(topic: String, name: String, options: IngestOptions, blockSize: Int = 1 << 20) throws(ClickstreamError) {
        self.topic = topic
        self.blockSize = blockSize
        self.name = name
        self.options = options
        let names = options.columns.required + (options.oneSegment ? [] : options.dimensions.names)
        fields = JSONMessageFields(keys: names)
        var format = CSVFormat(options)
        if !options.csvMessages { format.delimiter = UInt8(ascii: ",") }
        self.format = format
        var header: [UInt8] = []
        for (index, key) in names.enumerated() {
            if index > 0 { header.append(format.delimiter) }
            JSONMessageFields.csvField(ArraySlice(key.utf8), into: &header)
        }
        header.append(0x0A)
        var source = MemoryByteSource(header)
        var reader = CSVReader(path: name, blockSize: blockSize, maxRecordBytes: blockSize, format: format)
        columns = try reader.readHeaderOnly(&source).columns
        buffers = reader.buffers
    }

    /// How a reject or error names a partition: `kafka://…/TOPIC#P`, the line being the offset.
    func place(_ partition: Int32) -> String { "\(name)#\(partition)" }

    /// An empty summary of `partition`, which `fetch` adds to.
    func summary(of partition: Int32) -> FileSummary {
        FileSummary(path: place(partition), bytes: 0, layout: "json", records: 0, accepted: 0, rejected: 0, blankLines: 0)
    }

    /// Reads what one fetch of `partition` at `offset` returns, whole batches that begin
    /// before `end` (see `KafkaRecordBatches.read`), no batch begun past `most` records,
    /// into the intake and `summary`; returns the offset after the last record read.
    mutating func fetch(partition: Int32, at offset: Int64, until end: Int64, most: Int = .max, connection: KafkaConnection,
                        intake: inout EventIntake, summary: inout FileSummary) throws(ClickstreamError) -> Int64 {
        var limit = KafkaSource.fetchBytes
        while true {
            let fetched = try KafkaProtocol.fetch(connection, topic: topic, from: [(partition, offset)], maxBytes: limit, wait: 100)
            guard let answer = fetched.first(where: { $0.partition == partition }) else {
                throw connection.failure("Fetch of \(topic) partition \(partition): the answer holds no such partition")
            }
            guard answer.error == 0 else {
                let hint = answer.error == 1 ? " (offset \(offset) is outside the partition's log: was the topic recreated, or the data expired?)" : ""
                throw connection.failure("Fetch of \(topic) partition \(partition) at offset \(offset): \(KafkaProtocol.errorName(answer.error))\(hint)")
            }
            let next = try take(answer.records, partition: partition, at: offset, until: end, most: most, intake: &intake, summary: &summary) { (message) throws(ClickstreamError) in
                throw connection.failure(message)
            }
            if let next, next > offset { return next }
            // Nothing whole came back: a batch larger than the limit. Ask for more, up to 64 MiB.
            guard limit < 64 << 20, answer.highWatermark > offset else {
                throw connection.failure("Fetch of \(topic) partition \(partition) at offset \(offset) returns no whole record batch (high-water mark \(answer.highWatermark))")
            }
            limit *= 2
        }
    }

    /// Judges the record batches of one fetch (`records`) into the intake and `summary`;
    /// returns the offset after the last record read, nil when no batch was whole (nothing
    /// is counted then). A damaged batch goes to `damaged`, with its partition and offset.
    mutating func take(_ records: [UInt8], partition: Int32, at offset: Int64, until end: Int64, most: Int,
                       intake: inout EventIntake, summary: inout FileSummary,
                       damaged: (String) throws(ClickstreamError) -> Void) throws(ClickstreamError) -> Int64? {
        let bytesBefore = valueBytes
        var chunk: [UInt8] = []
        var lines: [(line: Int, offset: Int64)] = []
        var line = 1
        var bad: [(offset: Int64, byte: Int, message: String, excerpt: String)] = []
        var count = 0
        let next = try records.withBytes { (bytes) throws(ClickstreamError) -> Int64? in
            try KafkaRecordBatches.read(bytes, from: offset, until: end, most: most, record: { (at, value) throws(ClickstreamError) in
                count += 1
                guard let value else {
                    bad.append((at, 0, "no value (a tombstone): expected a JSON object", ""))
                    return
                }
                valueBytes += value.count
                let before = chunk.count
                if options.csvMessages {
                    // A CSV line as it is (a line feed added when it has none).
                    chunk.append(contentsOf: value)
                    if value.last != 0x0A { chunk.append(0x0A) }
                } else if let problem = fields.append(value, to: &chunk) {
                    bad.append((at, problem.byte, "expected \(problem.expected) at byte \(problem.byte)", TextValidation.excerpt(value, limit: 40)))
                    return
                }
                lines.append((line, at))
                line += chunk[before...].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            }, problem: { (base, message) throws(ClickstreamError) in
                try damaged("\(topic) partition \(partition), the batch at offset \(base): \(message)")
            })
        }
        guard let next, next > offset else {
            valueBytes = bytesBefore
            return nil
        }
        summary.records += count
        for message in bad {
            summary.rejected += 1
            try intake.context.reject(RowReject(file: place(partition), line: Int(message.offset), column: max(message.byte, 1),
                                                reason: .badMessage, message: message.message, excerpt: message.excerpt))
        }
        if !chunk.isEmpty {
            let counts = try read(chunk, lines: lines, partition: partition, intake: &intake)
            summary.accepted += counts.accepted
            summary.rejected += counts.rejected
        }
        summary.bytes += valueBytes - bytesBefore
        return next
    }

    /// Reads one fetch's records with the CSV rules; rejects (and a strict or max-errors
    /// stop) get the message's partition and offset instead of the record's line.
    private mutating func read(_ chunk: [UInt8], lines: [(line: Int, offset: Int64)], partition: Int32,
                               intake: inout EventIntake) throws(ClickstreamError) -> FileSummary {
        func offset(of line: Int) -> Int {
            // The last message starting on or before the line.
            var low = 0, high = lines.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if lines[middle].line <= line { low = middle } else { high = middle - 1 }
            }
            return Int(lines[max(low, 0)].offset)
        }
        let kept = intake.context.report.rejects.count
        var source = MemoryByteSource(chunk)
        var reader = CSVReader(path: place(partition), blockSize: blockSize, maxRecordBytes: blockSize, buffers: buffers, format: format,
                               progress: options.progress)
        defer { buffers = reader.buffers }
        let summary: FileSummary
        do {
            summary = try reader.readChunk(&source, columns: columns, context: &intake.context, sink: &intake.sink)
        } catch {
            var moved = error
            if moved.path == place(partition), let line = moved.line {
                moved.line = offset(of: line)
                moved.column = nil
            }
            throw moved
        }
        for index in kept..<intake.context.report.rejects.count {
            intake.context.report.rejects[index].line = offset(of: intake.context.report.rejects[index].line)
            intake.context.report.rejects[index].column = 0
        }
        return summary
    }
}
