import ArgumentParser
import ClickstreamSynthetic

struct Inject: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inject the synthetic checkout incident into an existing file (raw or enriched).",
        discussion: """
            Copies IN to OUT, turning a --incident-fraction of the segment's transactions inside the \
            window into addtocart (transactionid cleared). Which rows are hit depends only on the row \
            and --seed, exactly as in generate, so generate --no-incident followed by inject gives the \
            same file as generate. Rejected rows are copied through unchanged. Prints the check and \
            writes OUT.meta.json.
            """)

    @Argument(help: "Input CSV file.")
    var input: String

    @Argument(help: "Output CSV file.")
    var output: String

    @Option(help: "Seed of the row choice (and of the enrichment of raw files).")
    var seed: UInt64 = 42

    @OptionGroup var incident: IncidentOptions

    func run() throws {
        let metadata = try CommandFailure.report(stage: "inject") {
            try IncidentInjector(incident: incident.settings, seed: seed).inject(input: input, output: output)
        }
        sayLine("wrote \(output)")
        if let check = metadata.incidentCheck { sayLine(check.summary) }
        sayLine("metadata: \(DatasetMetadata.path(for: output))")
    }
}
