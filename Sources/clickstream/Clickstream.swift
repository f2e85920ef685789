import ArgumentParser
import ClickstreamKit

@main
struct Clickstream: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clickstream",
        abstract: "Clickstream conversion report generator: generate, inject, ingest and analyse e-commerce events.",
        discussion: ExitStatus.help,
        version: ToolVersion.current,
        subcommands: [Report.self, Generate.self, Inject.self, Ingest.self, Analyze.self, Check.self, ScorecardCommand.self, RankTrials.self],
        defaultSubcommand: Report.self
    )
}
