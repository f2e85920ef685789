import ArgumentParser
import ClickstreamKit
import Foundation

struct RankTrials: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank-trials",
        abstract: "Measure the root-cause ranking on injected incidents (segments, whole OSes, whole browsers).",
        discussion: """
            Generates --datasets clean datasets (seeds 1, 2, …), injects each incident into the \
            daily cube (fractions 10–80 %, lengths 3–14 days ending on the last day) and reports \
            how often the injected pattern is ranked first and in the top 3.
            """)

    @Option(help: "Clean datasets to generate.")
    var datasets = 3

    @Option(help: "Events per dataset.")
    var events = GeneratorSettings().events

    @Option(help: "Days per dataset.")
    var days = GeneratorSettings().days

    @Option(help: "Write every trial and the summary as JSON here.")
    var json: String?

    func run() throws {
        let trials = try CommandFailure.report(stage: "rank-trials") { () throws -> [RootCauseTrials.Trial] in
            var cubes: [DailyCube] = []
            let folder = NSTemporaryDirectory() + "clickstream-rank-trials-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: folder) }
            for seed in 1...max(1, datasets) {
                var settings = GeneratorSettings()
                settings.seed = UInt64(seed)
                settings.events = events
                settings.days = days
                settings.incident = nil
                let path = "\(folder)/clean-\(seed).csv"
                _ = try DatasetGenerator(settings: settings).write(to: path)
                cubes.append(try Ingestor.ingest(paths: [path], options: IngestOptions(enrichmentSeed: UInt64(seed))).cube)
                try? FileManager.default.removeItem(atPath: path)
            }
            return RootCauseTrials().run(on: cubes)
        }
        let summary = RootCauseTrials.summarize(trials)
        print("kind      fraction  trials  ranked first  in top 3")
        for s in summary {
            print("\(s.kind.padding(toLength: 9, withPad: " ", startingAt: 0)) \(Format.percent(s.fraction, decimals: 0).padding(toLength: 9, withPad: " ", startingAt: 0)) \(String(s.trials).padding(toLength: 7, withPad: " ", startingAt: 0)) \(Format.percent(s.firstShare, decimals: 1).padding(toLength: 13, withPad: " ", startingAt: 0)) \(Format.percent(s.topThreeShare, decimals: 1))")
        }
        if let json {
            try StableJSON.data(RootCauseTrials.Output(summary: summary, trials: trials)).write(to: URL(fileURLWithPath: json))
            print("trials: \(json)")
        }
    }
}
