import ArgumentParser
import ClickstreamAnalysis
import ClickstreamCore

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

    /// Swift reads the command line from /proc/self/cmdline on Linux: without /proc (a bare
    /// chroot or container) it sees no arguments at all, not even the program's name, and
    /// would silently run the default command. Refuse instead.
    static func main() {
        if CommandLine.arguments.isEmpty {
            CommandFailure.printError("error: cannot read the command line: /proc is not mounted (Swift reads its arguments from /proc/self/cmdline)")
            Self.exit(withError: ExitCode.failure)
        }
        Self.main(nil)
    }
}
