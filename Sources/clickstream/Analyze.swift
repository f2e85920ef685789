import ArgumentParser
import ClickstreamKit
import Foundation

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the whole analysis (traffic, drill-down, funnel, detector, validation) and write results.json.",
        discussion: """
            Prints a short summary. With --json, writes every number of SPEC section 10 to that \
            file (rates as fractions, dates YYYY-MM-DD, undefined numbers null). When the input \
            is one file with a .meta.json sidecar from generate or inject, its incident is used \
            for the detection timing.
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var analysis: AnalysisOptions

    @Option(help: "Write results.json here.")
    var json: String?

    func run() throws {
        let results = try CommandFailure.report(stage: "analyze") {
            let settings = try analysis.resolved()
            let ingest = try input.ingest()
            return Analyzer(settings: settings).analyze(ingest, incident: input.incidentCheck)
        }
        print(AnalysisSummary(results).text)
        if let json {
            try CommandFailure.report(stage: "analyze") {
                try Analyzer.json(results).write(to: URL(fileURLWithPath: json))
            }
            print("results: \(json)")
        }
    }
}
