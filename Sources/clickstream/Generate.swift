import ArgumentParser
import ClickstreamCore
import ClickstreamSynthetic

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic Retail-Rocket-shaped dataset with an openly stated synthetic incident.",
        discussion: """
            The defaults mirror the public Retail Rocket events.csv (2,756,101 events, 2015-05-03 to \
            2015-09-18) and inject the Safari/iOS/Mobile checkout bug into the last 14 days. The same \
            arguments give byte-identical files on every machine. A sidecar FILE.meta.json records every \
            parameter and the incident check.
            """)

    @Option(help: "Output CSV file.")
    var out: String

    @Option(help: "Seed of every random choice (and of the enrichment of --raw files).")
    var seed: UInt64 = 42

    @Option(help: "Number of events.")
    var events: Int = GeneratorSettings().events

    @Option(help: "First day, YYYY-MM-DD.")
    var start: String = GeneratorSettings().start.description

    @Option(help: "Number of days.")
    var days: Int = GeneratorSettings().days

    @Flag(help: "Write the 5-column Retail Rocket layout (segments are then assigned on ingest).")
    var raw = false

    @Option(help: "Write batch files of this many rows into the folder --out instead of one file.")
    var splitEvery: Int?

    @Option(help: """
        Write the events as a shop's own export instead: ga4 (semicolons, local ISO times in \
        America/New_York, GA4 event names, text ids, a country column; read it with \
        --config docs/examples/ga4-shop.yml) or countries (the same events in the canonical \
        layout with a country column).
        """)
    var export: ShopExport?

    @Flag(help: "Generate clean data, without the synthetic incident.")
    var noIncident = false

    @OptionGroup var incident: IncidentOptions

    @Flag(help: "No progress line on stderr (it shows only on a terminal, for runs longer than 0.4 s).")
    var quiet = false

    func validate() throws {
        guard Day(iso: start) != nil else { throw ValidationError("--start must be a date YYYY-MM-DD") }
        guard (1...36_600).contains(days) else { throw ValidationError("--days must lie in 1…36600") }
        guard (0...1_000_000_000).contains(events) else { throw ValidationError("--events must lie in 0…1000000000") }
        if let splitEvery, splitEvery < 1 { throw ValidationError("--split-every must be at least 1") }
        if export != nil && (raw || splitEvery != nil) { throw ValidationError("--export writes one file in its own layout: not with --raw or --split-every") }
    }

    func run() throws {
        var settings = GeneratorSettings()
        settings.seed = seed
        settings.events = events
        settings.start = Day(iso: start) ?? settings.start
        settings.days = days
        settings.layout = raw ? .raw : .enriched
        settings.incident = noIncident ? nil : incident.settings
        settings.splitEvery = splitEvery
        settings.export = export
        let metadata = try CommandFailure.report(stage: "generate") {
            try ProgressDisplay.around(quiet: quiet, verb: "generating") { (meter) throws(ClickstreamError) in
                try DatasetGenerator(settings: settings, progress: meter).write(to: out)
            }
        }
        let totals = metadata.totals
        sayLine("wrote \(out): \(totals.all) events (\(totals.view) views, \(totals.addtocart) addtocart, "
            + "\(totals.transaction) transactions), \(settings.start) to \(settings.lastDay), "
            + "\(metadata.visitors ?? 0) visitors, \(metadata.items ?? 0) items")
        if let check = metadata.incidentCheck { sayLine(check.summary) } else { sayLine("incident: none") }
        sayLine("metadata: \(DatasetMetadata.path(for: out))")
    }
}

extension ShopExport: ExpressibleByArgument {}
