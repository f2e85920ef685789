import ArgumentParser
import ClickstreamAnalysis

/// The options that turn an analysis into an exit code a cron job or CI can trust: the
/// alert level that fails the run, and the freshness guard.
struct VerdictOptions: ParsableArguments {
    @Option(help: "Exit with code 2 when a day of the recent period of the detector's segment reaches this level: anomaly (ANOMALY, MISSING or CRITICAL) or critical (CRITICAL, or MISSING for C days in a row).")
    var failOn: FailLevel?

    @Option(help: "The day the verdict is given on: YYYY-MM-DD or now (today, UTC). Data after it is left out; the data's age is counted up to it (default: the data's last day).")
    var asOf: String?

    @Option(help: "No verdict (exit 3) when the data's last day is more than this many days before --as-of: a feed that stopped is never OK.")
    var maxAge: Int?

    func validate() throws {
        if let asOf, DateArgument.day(asOf, allowing: ["now"]) == nil {
            throw ValidationError("--as-of must be a date YYYY-MM-DD or now")
        }
        if let maxAge, maxAge < 0 { throw ValidationError("--max-age must be 0 or more days") }
    }

    /// Whether any option that treats the data as monitored data is given.
    var monitors: Bool { failOn != nil || maxAge != nil }

    func apply(to settings: inout AnalysisSettings) {
        if let asOf { settings.asOf = DateArgument.day(asOf, allowing: ["now"]) }
        if let maxAge { settings.maxAgeDays = maxAge }
    }
}
