import ClickstreamCore

/// An input the tool reads events from. A CSV file is the first kind (`CSVFileSource`);
/// Parquet files, a database's GROUP BY and a Kafka topic are further kinds, each in its
/// own folder, listed once in `EventSources.kinds`. Every kind turns its input into the
/// same daily cube (for the schema of `IngestOptions.dimensions`) and the same
/// data-quality counts, with rows checked by `RowRules` whatever their encoding.
package protocol EventSource: Sendable {
    /// How messages and the provenance footer name the input (a path; a URL without its password).
    var name: String { get }
    /// Bytes to read, for progress (0 when unknown).
    var expectedBytes: Int { get }
    /// Reads every event into `intake`: the intake holds the rules that span inputs
    /// (strict, max errors, duplicates) and the counts so far.
    func read(into intake: inout EventIntake) throws(ClickstreamError)
    /// Reads the input on its own, on up to `cores` cores (no rule spans inputs here);
    /// `scratch` is what the kind keeps between inputs on one worker (see `EventIntake.scratch`).
    func readAlone(options: IngestOptions, cores: Int, scratch: inout SourceScratch) throws(ClickstreamError) -> IngestResult
    /// The input's cache key as it is now; nil when it is never cached (a pipe, a stream).
    func cacheKey(in cache: IngestCache, options: IngestOptions) throws(ClickstreamError) -> IngestCache.Key?
}

extension EventSource {
    package func readAlone(options: IngestOptions, cores: Int, scratch: inout SourceScratch) throws(ClickstreamError) -> IngestResult {
        var intake = EventIntake(options: options, rules: false)
        intake.scratch = scratch
        defer { scratch = intake.scratch }
        try read(into: &intake)
        return intake.result()
    }

    package func cacheKey(in cache: IngestCache, options: IngestOptions) throws(ClickstreamError) -> IngestCache.Key? { nil }
}

/// A kind of input: which of the user's inputs it reads.
package protocol EventSourceKind {
    /// How messages name the files of this kind (`.csv files`).
    static var filesDescription: String { get }
    /// Whether a file found in a folder is of this kind (by its name or first bytes).
    static func claims(file path: String) -> Bool
    /// The source of an input the user named (a file, or a URL); nil when not of this kind.
    static func source(for input: String) -> (any EventSource)?
}

/// What a kind of source keeps from one of its inputs to the next on one worker (the CSV
/// reader's buffers), by a name of its choosing.
package typealias SourceScratch = [String: any AnyObject & Sendable]
