import ArgumentParser
import ClickstreamKit
import Foundation

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse the data and publish the static HTML report (the default command).",
        discussion: """
            With no INPUT, uses the embedded demo dataset: generates it once into data/events.csv \
            (or reuses it when its parameters match) and analyses it. Builds the site in a \
            temporary folder and swaps it in only when complete: a failed run leaves the previous \
            site untouched. results.json sits beside index.html. The "generated" date is \
            SOURCE_DATE_EPOCH if set, else the data's last day, so the same input gives the same bytes.

            Exit codes: 0 success; 2 --fail-on reached (some day of the recent period of the \
            detector's segment is at that level: anomaly = ANOMALY or CRITICAL, critical = \
            CRITICAL); the site is written either way; 1 the run failed; 64 bad usage.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var analysis: AnalysisOptions

    @Option(help: "Folder the site is written to.")
    var out: String = "Site"

    @Option(help: "Folder of restyled templates (files missing there use the built-in ones).")
    var templates: String?

    @Option(help: "Exit with code 2 when a day of the recent period reaches this level: anomaly or critical.")
    var failOn: Check.FailLevel?

    @Option(help: "JSON written by rank-trials: adds the ranking's measured quality to the report (measured once into data/rank-trials.json for the demo dataset).")
    var rankTrials: String?

    @Option(help: "JSON written by scorecard: adds the detector scorecard (measured once into data/scorecard.json for the demo dataset).")
    var scorecard: String?

    /// Where the embedded demo dataset lives.
    static let demoPath = "data/events.csv"

    func run() throws {
        let (results, site) = try CommandFailure.report(stage: "report") { () throws -> (AnalysisResults, String) in
            var paths = input.inputs
            let settings = try analysis.resolved()
            var scorecardPath = scorecard, rankTrialsPath = rankTrials
            if paths.isEmpty {
                try Self.ensureDemoDataset(quiet: input.quiet)
                paths = [Self.demoPath]
                if scorecardPath == nil || rankTrialsPath == nil {
                    try DemoMeasurements.ensure(settings: settings)
                    scorecardPath = scorecardPath ?? DemoMeasurements.scorecardPath
                    rankTrialsPath = rankTrialsPath ?? DemoMeasurements.rankTrialsPath
                }
            }
            let ingest = try input.ingest(paths: paths)
            let incident = paths.count == 1 ? MetadataFile.read(for: paths[0])?.incidentCheck : nil
            let results = Analyzer(settings: settings).analyze(ingest, incident: incident)
            let files = try ingest.inputs
                ?? InputFiles.expand(paths).map { (path) throws(ClickstreamError) in try InputFile.describe(path) }
            var reportInput = ReportInput(
                results: results, cube: ingest.cube, quality: ingest.report, inputs: files,
                generatedOn: ReportInput.generatedOn(results: results, environment: ProcessInfo.processInfo.environment))
            if let rankTrialsPath { reportInput.rankQuality = try DemoMeasurements.readRankTrials(rankTrialsPath).summary }
            if let scorecardPath { reportInput.scorecard = try ScorecardRun.read(scorecardPath).summary }
            let templateSet = try templates.map { (dir) throws(ClickstreamError) in try TemplateSet.load(directory: dir) } ?? .defaults
            try SiteWriter.write(try ReportSite.build(reportInput, templates: templateSet), to: out)
            return (results, out)
        }
        print("site: \(site)/index.html")
        print("verdict: \(Self.verdict(results))")
        guard let failOn, let detector = results.detector, let periods = results.periods else { return }
        let level: AlertLevel = failOn == .critical ? .high : .medium
        let hits = detector.days.filter { periods.recent.contains($0.date) && $0.alertLevel >= level }
        if let first = hits.first {
            CommandFailure.printError("fail-on \(failOn.rawValue): \(hits.count) day(s) of the recent period reach it, first \(first.date) (\(first.status.rawValue))")
            throw ExitCode(2)
        }
    }

    /// One line: the worst recent status of the detector's segment and what it means.
    static func verdict(_ results: AnalysisResults) -> String {
        guard let detector = results.detector, let periods = results.periods else {
            return results.periods == nil ? "no data" : "no segment qualifies for the analysis"
        }
        let recent = detector.days.filter { periods.recent.contains($0.date) }
        let worst = recent.max { $0.alertLevel < $1.alertLevel }
        let status = worst?.alertLevel == .high ? "CRITICAL" : worst?.alertLevel == .medium ? "ANOMALY" : "OK"
        var line = "\(status) for \(detector.segment)"
        if let change = results.funnel?.changes.conversionRate {
            line += ", conversion \(change >= 0 ? "+" : "")\(Format.percent(change, decimals: 0)) recent against normal"
        }
        if let alert = detector.firstCriticalAlert { line += ", first critical alert \(alert)" }
        if let summary = results.validationSummary { line += summary.isolated ? ", isolated" : ", not isolated" }
        return line
    }

    /// Generates the demo dataset unless a file with the default parameters is already there.
    static func ensureDemoDataset(quiet: Bool) throws {
        let defaults = GeneratorSettings()
        if FileManager.default.fileExists(atPath: demoPath), MetadataFile.read(for: demoPath)?.generator == defaults { return }
        let metadata = try ProgressDisplay.around(quiet: quiet, verb: "generating") { () throws(ClickstreamError) in
            try DatasetGenerator(settings: defaults).write(to: demoPath)
        }
        print("generated the demo dataset: \(demoPath) (\(Format.thousands(metadata.totals.all)) events, synthetic incident in \(defaults.incident?.segment.description ?? "none"))")
    }
}
