import ArgumentParser
import ClickstreamAnalysis
import ClickstreamCore
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The daily check: the detector's verdict for one date, from data up to that date.",
        discussion: """
            Loads the history before --date and the date itself (later rows are ignored), picks \
            the segment (--segment, or the end of the drill path computed on that data, as \
            `report --as-of DATE` does), builds the same-weekday baseline and checks the streak, \
            exactly as the retrospective run would for that day. Needs an INPUT: the synthetic \
            demo dataset is never monitored data.

            \(ExitStatus.help)
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var analysis: AnalysisOptions

    @Option(help: "The date to check: YYYY-MM-DD, today or yesterday (UTC days, like the data's).")
    var date: String

    @Option(help: "Segment as Browser/OS/Device, exactly as the data writes it (default: the drill path's end on data up to --date).")
    var segment: String?

    @Option(help: "Write the check as JSON here (- for standard output, the text then goes to stderr).")
    var json: String?

    @Option(help: "Exit with code 2 when the day reaches this level: anomaly (ANOMALY, MISSING or CRITICAL) or critical (CRITICAL, or MISSING for C days in a row).")
    var failOn: FailLevel?

    func validate() throws {
        guard DateArgument.day(date, allowing: ["today", "yesterday"]) != nil else {
            throw ValidationError("--date must be YYYY-MM-DD, today or yesterday")
        }
        if let segment, segment.trimming(" ").isEmpty {
            throw ValidationError("--segment must name a segment, e.g. Safari/iOS/Mobile")
        }
        if input.inputs.isEmpty {
            throw ValidationError("check needs an INPUT: the synthetic demo dataset is never monitored data")
        }
    }

    func run() throws {
        let output = Output(json: json)
        let result = try CommandFailure.report(stage: "check") { () throws -> DailyCheckResult in
            let read = try input.resolved()
            let schema = read.options.dimensions
            let settings = try analysis.resolved(base: read.config?.analysis, schema: schema)
            let ingest = try input.ingest(paths: input.inputs, options: read.options)
            let chosen = try segment.map { (text) throws(ClickstreamError) in
                try AnalysisOptions.segment(text, option: "--segment", schema: schema)
            } ?? settings.detectorSegment
            try AnalysisOptions.checkSegment(chosen, option: segment == nil ? "--detector-segment" : "--segment", in: ingest.cube)
            guard let day = DateArgument.day(date, allowing: ["today", "yesterday"]) else {
                throw ClickstreamError(stage: "check", isUsage: true, message: "--date must be YYYY-MM-DD, today or yesterday")
            }
            let result = try DailyCheckResult(cube: ingest.cube, date: day, segment: chosen, settings: settings)
            try output.writeJSON(Data(try StableJSON.text(result).utf8))
            return result
        }
        output.say(result.text)
        if let reason = result.noVerdict {
            CommandFailure.printError("no verdict: \(reason.message)")
            throw ExitStatus.noVerdict
        }
        if let failOn, failOn.isReached(by: result.alertLevel) { throw ExitStatus.alert }
    }
}
