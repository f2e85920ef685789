import ArgumentParser
import ClickstreamKit
import Foundation

struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read clickstream CSV files into the daily cube and report what they hold.",
        discussion: """
            INPUT is a CSV file or a directory of .csv files (read in name order); give several to \
            combine them. Raw (timestamp,visitorid,event,itemid,transactionid) and enriched (plus \
            device,os,browser) layouts are told apart by the header; columns are found by name. \
            Bad rows are counted and listed with file:line:column; --strict stops at the first one.
            """)

    @OptionGroup var input: InputOptions

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let result = try CommandFailure.report(stage: "ingest") { try input.ingest() }
        let summary = IngestSummary(result)
        if json {
            print(try StableJSON.text(summary), terminator: "")
        } else {
            print(summary.text)
        }
    }
}
