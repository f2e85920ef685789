import ArgumentParser
import ClickstreamAnalysis
import Foundation

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the whole analysis (traffic, drill-down, funnel, detector, validation) and write results.json.",
        discussion: """
            Prints a short summary. With --json, writes every number of results.json to that \
            file, or to standard output for - (rates as fractions, dates YYYY-MM-DD, undefined \
            numbers null). When the input is one file with a .meta.json sidecar from generate or \
            inject, its incident is used for the detection timing.

            \(ExitStatus.help)
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var analysis: AnalysisOptions
    @OptionGroup var verdict: VerdictOptions

    @Option(help: "Write results.json here (- for standard output, the summary then goes to stderr).")
    var json: String?

    func validate() throws {
        if input.inputs.isEmpty { throw ValidationError("analyze needs an INPUT (files or folders of .csv or .parquet files)") }
    }

    func run() throws {
        let output = Output(json: json)
        let results = try CommandFailure.report(stage: "analyze") { () throws -> AnalysisResults in
            let read = try input.resolved()
            var settings = try analysis.resolved(base: read.config?.analysis, schema: read.options.dimensions)
            verdict.apply(to: &settings)
            let ingest = try input.ingest(paths: input.inputs, options: read.options)
            try AnalysisOptions.checkSegment(settings.detectorSegment, option: "--detector-segment", in: ingest.cube)
            let results = Analyzer(settings: settings).analyze(ingest.cube, quality: ingest.report, incident: input.incidentCheck)
            try output.writeJSON(try Analyzer.json(results))
            return results
        }
        output.say(AnalysisSummary(results).text)
        if let json, !output.jsonIsStandardOutput { output.say("results: \(json)") }
        try Output.finish(results.verdict, failOn: verdict.failOn)
    }
}
