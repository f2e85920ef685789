import ArgumentParser
import ClickstreamKit

@main
struct Clickstream: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clickstream",
        abstract: "Clickstream conversion report generator: generate, inject, ingest and analyse e-commerce events.",
        discussion: """
            Exit codes: 0 success; 1 the run failed (the error names file, line and column); \
            2 an alert level given with --fail-on was reached (report, check); 64 bad command-line usage.
            """,
        version: ToolVersion.current,
        subcommands: [Report.self, Generate.self, Inject.self, Ingest.self, Analyze.self, Check.self, ScorecardCommand.self, RankTrials.self],
        defaultSubcommand: Report.self
    )
}
