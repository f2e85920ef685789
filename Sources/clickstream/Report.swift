import ArgumentParser
import ClickstreamAnalysis
import ClickstreamCore
import ClickstreamPipeline
import ClickstreamReport
import ClickstreamSynthetic
import Foundation

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Analyse the data and publish the static HTML report (the default command).",
        discussion: """
            With no INPUT, uses the embedded synthetic demo dataset (and says so on stderr): \
            generates it once into data/events.csv (or reuses it when its parameters match) and \
            analyses it. The demo is never monitored data: --fail-on and --max-age need an INPUT. \
            Builds the site in a temporary folder and swaps it in, in one step, only when complete: \
            a failed or killed run leaves the previous site untouched. --out must be a new or empty \
            folder or a site this tool wrote (marked by .clickstream-site); entries you add to the \
            site (.git, CNAME, README) are kept. results.json sits beside index.html. The "generated" \
            date is SOURCE_DATE_EPOCH if set, else the data's last day, so the same input gives the \
            same bytes.

            \(ExitStatus.help)
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var verdict: VerdictOptions

    @Option(help: "Folder the site is written to.")
    var out: String = "Site"

    @Option(help: "Folder of restyled templates (files missing there use the built-in ones).")
    var templates: String?

    @Option(help: "Also write results.json here (- for standard output, the summary lines then go to stderr).")
    var json: String?

    @Option(help: "JSON written by rank-trials: adds the ranking's measured quality to the report (measured once into data/rank-trials.json for the demo dataset).")
    var rankTrials: String?

    @Option(help: "JSON written by scorecard: adds the detector scorecard (measured once into data/scorecard.json for the demo dataset).")
    var scorecard: String?

    /// Where the embedded demo dataset lives.
    static let demoPath = DemoDataset.path

    func validate() throws {
        if input.inputs.isEmpty && verdict.monitors {
            throw ValidationError("--fail-on and --max-age need an INPUT: without one, report analyses the synthetic demo dataset, which is never monitored data")
        }
    }

    func run() throws {
        let output = Output(json: json)
        let (results, site) = try CommandFailure.report(stage: "report") { () throws -> (AnalysisResults, String) in
            var paths = input.inputs
            try SiteTarget.check(out, inputs: paths.isEmpty ? [Self.demoPath] : paths)
            let read = try input.resolved(demo: input.inputs.isEmpty)
            var settings = try analysis.resolved(base: read.config?.analysis, schema: read.options.dimensions)
            verdict.apply(to: &settings)
            var scorecardPath = scorecard, rankTrialsPath = rankTrials
            if paths.isEmpty {
                CommandFailure.printError("no input given: analysing the synthetic demo dataset \(Self.demoPath) (an openly stated incident); give files to analyse your own data")
                try Self.ensureDemoDataset(quiet: input.quiet, output: output)
                paths = [Self.demoPath]
                if scorecardPath == nil || rankTrialsPath == nil {
                    try DemoMeasurements.ensure(settings: settings, say: output.say)
                    scorecardPath = scorecardPath ?? DemoMeasurements.scorecardPath
                    rankTrialsPath = rankTrialsPath ?? DemoMeasurements.rankTrialsPath
                }
            }
            let ingest = try input.ingest(paths: paths, options: read.options, describing: true)
            try AnalysisOptions.checkSegment(settings.detectorSegment, option: "--detector-segment", in: ingest.cube)
            var pipeline = ReportPipeline(settings: settings)
            pipeline.templates = try templates.map { (dir) throws(ClickstreamError) in try TemplateSet.load(directory: dir) } ?? .defaults
            pipeline.rankTrialsPath = rankTrialsPath
            pipeline.scorecardPath = scorecardPath
            pipeline.environment = ProcessInfo.processInfo.environment
            let (analysis, warnings) = try pipeline.publish(ingest, paths: paths, to: out)
            for warning in warnings { CommandFailure.printError("warning: \(warning)") }
            try output.writeJSON(try Analyzer.json(analysis.results))
            return (analysis.results, out)
        }
        output.say("site: \(site)/index.html")
        output.say("verdict: \(Self.verdict(results))")
        try Output.finish(results.verdict, failOn: verdict.failOn)
    }

    /// One line: the verdict on the detector's segment and what it means, or why there is none.
    static func verdict(_ results: AnalysisResults) -> String {
        guard let verdict = results.verdict, verdict.hasVerdict, let detector = results.detector else {
            return results.verdict?.summaryLine ?? "no verdict"
        }
        var line = "\(verdict.status.rawValue) for \(detector.segment)"
        if let change = results.funnel?.changes.conversionRate {
            line += ", conversion \(change >= 0 ? "+" : "")\(Format.percent(change, decimals: 0)) recent against normal"
        }
        if let alert = detector.firstCriticalAlert { line += ", first critical alert \(alert)" }
        if let summary = results.validationSummary { line += summary.isolated ? ", isolated" : ", not isolated" }
        return line
    }

    /// Generates the demo dataset unless it is already there, with progress on a terminal.
    static func ensureDemoDataset(quiet: Bool, output: Output = Output(json: nil)) throws {
        let generated = try ProgressDisplay.around(quiet: quiet, verb: "generating") { (meter) throws(ClickstreamError) in
            try DemoDataset.ensure(progress: meter)
        }
        guard let metadata = generated else { return }
        output.say("generated the demo dataset: \(DemoDataset.path) (\(Format.thousands(metadata.totals.all)) events, synthetic incident in \(metadata.incident?.segment.description ?? "none"))")
    }
}
