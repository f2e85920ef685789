import ArgumentParser
import ClickstreamCore
import ClickstreamIngest
import ClickstreamPipeline
import ClickstreamSynthetic
import Foundation

/// The input options every command that reads clickstream files shares.
struct InputOptions: ParsableArguments {
    @Argument(help: "CSV or Parquet files, directories of .csv and .parquet files, or - for standard input.")
    var inputs: [String] = []

    @Flag(help: "Stop at the first rejected row and report its location (exit 1).")
    var strict = false

    @Option(help: "Fail (exit 1) when more than this many rows are rejected.")
    var maxErrors: Int?

    @Option(help: """
        Exact duplicate rows: keep (not checked, no extra memory), count, or drop (count and \
        leave out of the cube). count and drop keep a 64-bit fingerprint per distinct row: \
        about 16 bytes per row, some 45 MB for the 2.76 million rows of the default dataset.
        """)
    var duplicates: DuplicatePolicy = .keep

    @Option(help: "Seed of the device/OS/browser enrichment of raw files (use the seed the data was generated with).")
    var enrichmentSeed: UInt64 = 42

    @Option(help: """
        Cache each file's cube in this folder and, on the next run, re-read only files that \
        are new or changed (size, modification time, first and last 64 KiB). Not used with \
        --strict, --max-errors or --duplicates count|drop.
        """)
    var cache: String?

    @Flag(help: "No progress line on stderr (it shows only on a terminal, for reads longer than 0.4 s).")
    var quiet = false

    @Option(help: "The byte between fields: , (default) ; | or \\t for a tab.")
    var delimiter: String?

    @Option(help: "YAML config: the input's column and event names, dimensions and delimiter, and an analysis section (default: ./clickstream.yml when there is one).")
    var config: String?

    @Option(help: "The dimension columns in drill order, coarse to fine, comma-separated (default device,os,browser).")
    var dimensions: String?

    @Option(help: "IANA time zone whose calendar days the analysis counts (default UTC), e.g. America/New_York.")
    var timezone: String?

    @Option(help: "Seconds a database input may take to connect and to answer its query (default 600).")
    var timeout: Int?

    @Option(help: "A Kafka input stops once this many messages are read (at the end of a record batch); with --cache the next run goes on from there.")
    var maxMessages: Int?

    @Option(help: "A Kafka input stops fetching after this many seconds; with --cache the next run goes on from there.")
    var timeLimit: Int?

    @Option(help: "What a Kafka message holds: json (an object, the default) or csv (one line, its fields in the order timestamp, visitorid, event, itemid, transactionid, then the dimensions, as the config names them).")
    var messages: String?

    @Option(help: "Read only events on this day of the shop's calendar and later (YYYY-MM-DD); a database input leaves the rest out in its query.")
    var since: String?

    @Option(help: "Read only events on this day of the shop's calendar and earlier (YYYY-MM-DD).")
    var until: String?

    @Flag(name: .customLong("no-enrichment"), help: """
        Analyse all traffic as one segment: a file without device/OS/browser columns gets no \
        synthetic ones, and any dimension columns are not read. Traffic, funnel and detector \
        work as usual; root cause, drill-down and validation need dimensions.
        """)
    var noEnrichment = false

    func validate() throws {
        if let maxErrors, maxErrors < 0 { throw ValidationError("--max-errors must not be negative") }
        if let timeout, timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        if let maxMessages, maxMessages < 1 { throw ValidationError("--max-messages must be at least 1") }
        if let timeLimit, timeLimit < 1 { throw ValidationError("--time-limit must be at least 1 second") }
        if let messages, messages != "json" && messages != "csv" { throw ValidationError("--messages must be json or csv, found '\(TerminalText.safe(messages))'") }
        for (name, text) in [("--since", since), ("--until", until)] {
            if let text, Day(iso: text) == nil { throw ValidationError("\(name) must be a date, YYYY-MM-DD, found '\(TerminalText.safe(text))'") }
        }
        if let since = since.flatMap(Day.init(iso:)), let until = until.flatMap(Day.init(iso:)), until < since {
            throw ValidationError("--until \(until) is before --since \(since)")
        }
        if let delimiter, Delimiter.byte(delimiter) == nil {
            throw ValidationError("--delimiter must be one of , ; | \\t, found '\(TerminalText.safe(delimiter))'")
        }
        if let timezone {
            do {
                _ = try TimeZoneRules(named: timezone)
            } catch {
                throw ValidationError("--timezone: \(error.message)")
            }
        }
        if let names = dimensionNames, !(1...6).contains(names.count) || Set(names.map { $0.lowercased() }).count != names.count {
            throw ValidationError("--dimensions must name one to six different columns")
        }
        if noEnrichment && dimensions != nil {
            throw ValidationError("--no-enrichment analyses all traffic as one segment; --dimensions names segment columns: give one of them")
        }
    }

    private var dimensionNames: [String]? {
        dimensions.map { $0.split(separator: ",").map { $0.trimming(" ") }.filter { !$0.isEmpty } }
    }

    /// The config file in force: `--config`, else `./clickstream.yml` when there is one.
    func configFile() throws(ClickstreamError) -> ConfigFile? {
        if let config { return try ConfigFile.load(path: config) }
        guard FileManager.default.fileExists(atPath: ConfigFile.defaultPath) else { return nil }
        return try ConfigFile.load(path: ConfigFile.defaultPath)
    }

    /// The config file (read once) and the read options: the defaults, then the config
    /// file, then the command line. `demo: true` keeps the Retail Rocket layout (the demo
    /// dataset is in it, whatever a config in the folder says of the user's own files).
    func resolved(demo: Bool = false) throws(ClickstreamError) -> (config: ConfigFile?, options: IngestOptions) {
        let config = try configFile()
        var options = IngestOptions(enrichmentSeed: enrichmentSeed, strict: strict, maxErrors: maxErrors, duplicates: duplicates,
                                    cacheDirectory: cache)
        options.streamStateDirectory = cache
        options.maxMessages = maxMessages
        options.timeLimit = timeLimit
        options.csvMessages = messages == "csv"
        if !demo {
            config?.apply(to: &options)
            if let delimiter, let byte = Delimiter.byte(delimiter) { options.delimiter = byte }
            if let names = dimensionNames, !names.isEmpty { options.dimensions = DimensionSchema(names) }
            if let timezone { options.timeZone = try TimeZoneRules(named: timezone) }
            if let timeout { options.databaseTimeout = timeout }
        }
        if noEnrichment { options.analyseAsOneSegment() }
        if since != nil || until != nil { options.days = DayBounds(since: since.flatMap(Day.init(iso:)), until: until.flatMap(Day.init(iso:))) }
        return (config, options)
    }

    /// Reads the inputs with the options the config and the command line give.
    func ingest() throws(ClickstreamError) -> IngestResult { try ingest(paths: inputs, options: resolved().options) }

    /// Reads `paths` with `options`, showing progress on a terminal; `describing` takes
    /// each file's size and content hash while reading it (the report's provenance).
    func ingest(paths: [String], options: IngestOptions, describing: Bool = false) throws(ClickstreamError) -> IngestResult {
        var options = options
        options.describeInputs = describing
        let result = try ProgressDisplay.around(quiet: quiet) { (meter) throws(ClickstreamError) in
            var options = options
            options.progress = meter
            return try Ingestor.ingest(paths: paths, options: options)
        }
        for warning in result.warnings { CommandFailure.printError("warning: \(warning)") }
        return result
    }

    /// The injected incident stated by the sidecar of a single input file, if any.
    var incidentCheck: IncidentCheck? {
        inputs.count == 1 ? MetadataFile.read(for: inputs[0])?.incidentCheck : nil
    }
}

extension DuplicatePolicy: ExpressibleByArgument {}
