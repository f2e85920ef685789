import ArgumentParser
import ClickstreamKit
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The daily check: the detector's verdict for one date, from data up to that date.",
        discussion: """
            Loads the history before --date and the date itself (later rows are ignored), picks \
            the segment (--segment, or the end of the drill path computed on that data), builds \
            the same-weekday baseline and checks the streak, exactly as the retrospective run \
            would for that day.

            Exit codes: 0 the day is below the --fail-on level (or no --fail-on); 2 the day \
            reached it (anomaly: ANOMALY or CRITICAL; critical: CRITICAL); 1 the run failed; \
            64 bad usage.
            """)

    /// Alert levels a run can fail on.
    enum FailLevel: String, ExpressibleByArgument, CaseIterable {
        case anomaly, critical
    }

    @OptionGroup var input: InputOptions
    @OptionGroup var analysis: AnalysisOptions

    @Option(help: "The date to check, YYYY-MM-DD.")
    var date: String

    @Option(help: "Segment as Browser/OS/Device (default: the drill path's end on data up to --date).")
    var segment: String?

    @Flag(help: "Print the DailyCheckResult as JSON.")
    var json = false

    @Option(help: "Exit with code 2 when the day reaches this level: anomaly or critical.")
    var failOn: FailLevel?

    func validate() throws {
        guard Day(iso: date) != nil else { throw ValidationError("--date must be YYYY-MM-DD") }
        if let segment, Segment(slashSeparated: segment) == nil {
            throw ValidationError("--segment must look like Safari/iOS/Mobile")
        }
    }

    func run() throws {
        let result = try CommandFailure.report(stage: "check") {
            let settings = try analysis.resolved()
            let ingest = try input.ingest()
            return try DailyCheckResult(cube: ingest.cube, date: Day(iso: date)!, segment: segment.flatMap(Segment.init(slashSeparated:)),
                                        settings: settings)
        }
        if json {
            print(try StableJSON.text(result), terminator: "")
        } else {
            print(result.text)
        }
        switch failOn {
        case .anomaly where result.alertLevel >= .medium, .critical where result.alertLevel >= .high:
            throw ExitCode(2)
        default:
            break
        }
    }
}
