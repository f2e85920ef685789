import ArgumentParser
import ClickstreamAnalysis
import ClickstreamCore
import ClickstreamEvaluation
import ClickstreamSynthetic
import Foundation

struct ScorecardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecard",
        abstract: "Measure every detector method on injected incidents: recall, detection day, false alarms.",
        discussion: """
            Generates --datasets clean datasets (seeds --seed, --seed + 1, …) and draws --trials \
            incidents: a segment the validation evaluates, a start with W weeks of history, a \
            length of 3–21 days and a fraction of 10, 20, 40, 60 or 80 %. The same transactions \
            `inject` would convert are converted in the daily counts, and every method runs on \
            the segment. False alarms are counted on every evaluated segment of the clean data. \
            The hard case: a 60 % drop in the segment nearest 20 transactions a day, caught by day 3. \
            Writes scorecard.json; `report --scorecard FILE` shows it.
            """)

    @OptionGroup var analysis: AnalysisOptions

    @Option(help: "Clean datasets to generate.")
    var datasets = ScorecardSettings().datasets

    @Option(help: "Incidents on the grid of fractions.")
    var trials = ScorecardSettings().trials

    @Option(help: "Incidents of the hard case.")
    var goalTrials = ScorecardSettings().goalTrials

    @Option(help: "Seed of the datasets and of every draw.")
    var seed: UInt64 = ScorecardSettings().seed

    @Option(help: "Events per dataset.")
    var events = GeneratorSettings().events

    @Option(help: "Where the scorecard is written (- for standard output, the tables then go to stderr).")
    var json = "scorecard.json"

    @Flag(help: "Give the datasets a fourth dimension, country, drawn per visitor: finer segments, and a dimension no incident depends on.")
    var country = false

    var settings: ScorecardSettings {
        var settings = ScorecardSettings()
        settings.datasets = datasets
        settings.trials = trials
        settings.goalTrials = goalTrials
        settings.seed = seed
        if country { settings.countryDimension = true }
        return settings
    }

    func validate() throws {
        if let problem = settings.problem { throw ValidationError(problem) }
        if !(1...100_000_000).contains(events) { throw ValidationError("--events must lie in 1…100000000") }
        if datasets > 100 || trials > 1_000_000 || goalTrials > 1_000_000 {
            throw ValidationError("--datasets must lie in 1…100, --trials and --goal-trials in 0…1000000")
        }
    }

    func run() throws {
        let result = try CommandFailure.report(stage: "scorecard") { () throws -> ScorecardResult in
            var generator = GeneratorSettings()
            generator.events = events
            if country { generator.export = .countries }
            let result = try ScorecardRun.compute(settings: settings, analysis: try analysis.resolved(), generator: generator)
            try Output(json: json).writeJSON(try StableJSON.data(result))
            return result
        }
        let output = Output(json: json)
        for line in ScorecardRun.table(result) { output.say(line) }
        if !output.jsonIsStandardOutput { output.say("scorecard: \(json)") }
    }
}

/// Computing, writing and printing a scorecard, shared by `scorecard` and `report`.
enum ScorecardRun {
    static func compute(settings: ScorecardSettings, analysis: AnalysisSettings, generator: GeneratorSettings) throws -> ScorecardResult {
        let data = try ScorecardData.generate(seeds: settings.datasetSeeds, generator: generator, settings: analysis)
        return Scorecard(settings: settings, analysis: analysis).run(on: data)
    }

    /// Plain-text tables for the terminal.
    static func table(_ r: ScorecardResult) -> [String] {
        func pct(_ value: Double?) -> String { value.map { Format.percent($0, decimals: 1) } ?? "–" }
        func day(_ value: Double?) -> String { value.map { Format.fixed($0, decimals: 1) } ?? "–" }
        var lines = ["method       fraction  trials  recall  by day \(r.settings.goalDay)  median day  p90 day"]
        for row in r.recall {
            lines.append(pad(row.method.rawValue, 13) + pad(Format.percent(row.fraction, decimals: 0), 10) + pad(String(row.trials), 8)
                         + pad(pct(row.recall), 8) + pad(pct(row.recallByGoalDay), 10) + pad(day(row.medianDetectionDay), 12) + day(row.p90DetectionDay))
        }
        lines.append("")
        lines.append("by segment size (normal transactions/day): recall (by day \(r.settings.goalDay))")
        for row in r.recallBySize where row.fraction == r.settings.goalFraction {
            lines.append(pad(row.method.rawValue, 13) + pad(Format.percent(row.fraction, decimals: 0), 10) + pad(row.band, 8)
                         + pad(String(row.trials), 8) + pct(row.recall) + " (" + pct(row.recallByGoalDay) + ")")
        }
        lines.append("")
        lines.append("method       segment-years  anomalous days  false drop periods  per segment-year  spike periods")
        for row in r.falseAlarms {
            lines.append(pad(row.method.rawValue, 13) + pad(Format.fixed(row.segmentYears, decimals: 1), 15) + pad(pct(row.anomalousShare), 16)
                         + pad(String(row.dropPeriods), 20) + pad(day(row.dropPeriodsPerSegmentYear.map { $0 }), 18) + String(row.spikePeriods))
        }
        lines.append("")
        let segments = r.goalSegments.map { "\($0.segment) (\(Format.fixed($0.transactionsPerDay, decimals: 1))/day)" }.joined(separator: ", ")
        lines.append("hard case: \(Format.percent(r.settings.goalFraction, decimals: 0)) drop in \(segments)")
        for row in r.goal {
            lines.append(pad(row.method.rawValue, 13) + "caught by day \(r.settings.goalDay): \(pct(row.recallByGoalDay)) of \(row.trials), median day \(day(row.medianDetectionDay))")
        }
        lines.append("goals: the hard case caught by day \(r.settings.goalDay) in ≥ \(Format.percent(ScorecardResult.goalRecall, decimals: 0)), "
            + "≤ \(Format.fixed(ScorecardResult.maxFalseDropsPerSegmentYear, decimals: 2)) false drop and "
            + "≤ \(Format.fixed(ScorecardResult.maxFalseSpikesPerSegmentYear, decimals: 2)) false spike periods per segment-year")
        let meeting = r.methodsMeetingGoals.map(\.rawValue)
        lines.append("met by: \(meeting.isEmpty ? "no method" : meeting.joined(separator: ", "))")
        if let winner = r.winner {
            let inForce = r.analysis.detector
            lines.append("default: \(winner.rawValue) meets them best" + (winner == inForce ? " (the method in force)" : "; the method in force is \(inForce.rawValue)"))
        }
        return lines
    }
}
