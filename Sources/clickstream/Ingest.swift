import ArgumentParser
import ClickstreamCore
import ClickstreamIngest
import Foundation

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read clickstream CSV or Parquet files into the daily cube and report what they hold.",
        discussion: """
            INPUT is a CSV or Parquet file or a directory of .csv and .parquet files (read in name \
            order); give several to combine them. Raw (timestamp,visitorid,event,itemid,transactionid) and enriched (plus \
            device,os,browser) layouts are told apart by the header; columns are found by name. \
            Bad rows are counted and listed with file:line:column (a Parquet file: file:row:column); \
            --strict stops at the first one.
            """)

    @OptionGroup var input: InputOptions

    @Option(help: "Write the summary as JSON here (- for standard output, the text then goes to stderr).")
    var json: String?

    func run() throws {
        let output = Output(json: json)
        let summary = try CommandFailure.report(stage: "ingest") { () throws -> IngestSummary in
            let summary = IngestSummary(try input.ingest())
            if json != nil { try output.writeJSON { write throws(ClickstreamError) in try summary.writeJSON(to: write) } }
            return summary
        }
        output.say(summary.text)
    }
}
