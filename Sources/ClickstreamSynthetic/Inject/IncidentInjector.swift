import ClickstreamCore
import ClickstreamIngest
import Foundation

/// Applies the synthetic incident of SPEC section 3 to an existing file, raw or enriched,
/// as the source study did to the real Kaggle file: the same rows are hit as `generate`
/// would hit, every other byte is copied through, bad rows included.
public struct IncidentInjector {
    public var incident: IncidentSettings
    /// Seed of the row choice and of the enrichment of raw files.
    public var seed: UInt64

    public init(incident: IncidentSettings, seed: UInt64) {
        self.incident = incident
        self.seed = seed
    }

    /// Reads `input`, writes `output` (through a temporary file, renamed at the end) and its
    /// sidecar metadata; returns the metadata.
    public func inject(input: String, output: String) throws(ClickstreamError) -> DatasetMetadata {
        guard URL(fileURLWithPath: input).standardizedFileURL != URL(fileURLWithPath: output).standardizedFileURL else {
            throw ClickstreamError(stage: "inject", path: output, message: "output must differ from the input")
        }
        // Without a start, a first pass finds the data's last day, which fixes the window.
        let window: ClosedRange<Day>
        if let start = incident.start {
            window = start...start.advanced(by: incident.days - 1)
        } else {
            let scan = try Ingestor.ingest(paths: [input], options: IngestOptions(enrichmentSeed: seed))
            guard let lastDay = scan.cube.lastDay else {
                throw ClickstreamError(stage: "inject", path: input, message: "no valid rows: nothing to inject into")
            }
            window = incident.window(lastDay: lastDay)
        }

        let temporary = output + ".partial"
        var context = ReadContext(enrichmentSeed: seed)
        guard case .id(let segmentID) = context.interner.intern(incident.segment) else {
            throw ClickstreamError(stage: "inject", message: "invalid incident segment \(incident.segment)")
        }
        let writer = try ByteWriter(path: temporary)
        var sink = InjectSink(writer: writer, seed: seed, fraction: incident.fraction, window: window, segment: segmentID)
        do throws(ClickstreamError) {
            var source = try FileByteSource(path: input)
            var reader = CSVReader(path: input)
            _ = try reader.read(&source, context: &context, sink: &sink)
            try writer.close()
            guard sink.days != nil else {
                throw ClickstreamError(stage: "inject", path: input, message: "no valid rows: nothing to inject into")
            }
            guard rename(temporary, output) == 0 else { throw ClickstreamError.io(path: output, message: "cannot rename: \(errnoText())") }
        } catch {
            unlink(temporary)
            throw error
        }

        var resolved = incident
        resolved.start = window.lowerBound
        let check = IncidentCheck(segment: incident.segment, firstDay: window.lowerBound, lastDay: window.upperBound,
                                  fraction: incident.fraction, transactionsInWindow: sink.inWindow,
                                  converted: sink.converted, totalsBefore: sink.before, totalsAfter: sink.after)
        let source = MetadataFile.read(for: input)
        let metadata = DatasetMetadata(
            producedBy: "inject", toolVersion: ToolVersion.current, generator: source?.generator, source: input,
            seed: seed, incident: resolved, incidentCheck: check, totals: sink.after, firstDay: sink.days?.lowerBound,
            lastDay: sink.days?.upperBound, visitors: nil, items: nil, sessions: nil)
        try MetadataFile.write(metadata, for: output)
        return metadata
    }
}
