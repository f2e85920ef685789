import ArgumentParser
import ClickstreamAnalysis
import ClickstreamCore
import ClickstreamEvaluation
import ClickstreamPipeline
import ClickstreamSynthetic
import Foundation

struct RankTrials: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank-trials",
        abstract: "Measure the root-cause ranking on injected incidents (segments, whole OSes, whole browsers).",
        discussion: """
            Generates --datasets clean datasets (seeds --seed, --seed + 1, …; from 1, the \
            scorecard's), injects each \
            incident into the daily cube, converting the rows `inject` would (fractions 10–80 %, \
            lengths 3–14 days ending on the last day), and reports how often the injected \
            pattern is ranked first and in the top 3.
            """)

    @Option(help: "Clean datasets to generate.")
    var datasets = 3

    @Option(help: "Seed of the first dataset (a later one checks the ranking on datasets it was not tuned on).")
    var seed: UInt64 = 1

    @Option(help: "Events per dataset.")
    var events = GeneratorSettings().events

    @Option(help: "Days per dataset.")
    var days = GeneratorSettings().days

    @Option(help: "Write every trial and the summary as JSON here.")
    var json: String?

    @Flag(help: "Give the datasets a fourth dimension, country, drawn per visitor, that no incident depends on (never a target).")
    var country = false

    func validate() throws {
        if !(1...100).contains(datasets) { throw ValidationError("--datasets must lie in 1…100") }
        if seed == 0 || seed > UInt64.max - 100 { throw ValidationError("--seed must lie in 1…\(UInt64.max - 100)") }
        if !(1...100_000_000).contains(events) || !(1...3_660).contains(days) {
            throw ValidationError("--events must lie in 1…100000000 and --days in 1…3660")
        }
    }

    func run() throws {
        let trials = try CommandFailure.report(stage: "rank-trials") { () throws -> RootCauseTrials.Output in
            var generator = GeneratorSettings()
            generator.events = events
            generator.days = days
            if country { generator.export = .countries }
            let seeds = Array(seed..<(seed + UInt64(datasets)))
            let data = try ScorecardData.generate(seeds: seeds, generator: generator, settings: AnalysisSettings())
            return DemoMeasurements.rankTrials(on: data, settings: AnalysisSettings())
        }
        let output = Output(json: json)
        let percent = { (share: Double?) in share.map { Format.percent($0, decimals: 1) } ?? "–" }
        output.say("kind      fraction  trials  ranked first  best possible  not told  in top 3  best possible  not told")
        for s in trials.summary {
            output.say([pad(s.kind, 9), pad(Format.percent(s.fraction, decimals: 0), 9), pad(String(s.trials), 7),
                        pad(percent(s.firstShare), 13), pad(percent(s.ceilingShare), 14), pad(percent(s.untoldShare), 9),
                        pad(percent(s.topThreeShare), 9), pad(percent(s.ceilingTopThreeShare), 14), percent(s.untoldTopThreeShare)]
                .joined(separator: " "))
        }
        output.say("best possible: an oracle told each incident's length and fraction; not told: the same oracle told only")
        output.say("the lengths and fractions the trials draw from, as the ranking has to judge them from the data")
        if let json {
            try CommandFailure.report(stage: "rank-trials") { try Output(json: json).writeJSON(try StableJSON.data(trials)) }
            if !output.jsonIsStandardOutput { output.say("trials: \(json)") }
        }
    }
}
