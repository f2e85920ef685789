import ArgumentParser
import ClickstreamCore
import ClickstreamSynthetic

/// The incident options shared by `generate` and `inject` (SPEC section 3).
struct IncidentOptions: ParsableArguments {
    @Option(name: .customLong("incident-segment"), help: "Segment that loses checkouts, as Browser/OS/Device.")
    var segment: String = IncidentSettings.defaultSegment.slashSeparated

    @Option(name: .customLong("incident-start"),
            help: "First day of the incident (YYYY-MM-DD). Default: the last --incident-days days of the data.")
    var start: String?

    @Option(name: .customLong("incident-days"), help: "Length of the incident in days.")
    var days: Int = 14

    @Option(name: .customLong("incident-fraction"), help: "Share of the segment's transactions turned into addtocart, 0-1.")
    var fraction: Double = 0.8

    func validate() throws {
        guard Segment(named: segment) != nil else {
            throw ValidationError("--incident-segment must look like Safari/iOS/Mobile, found '\(segment)'")
        }
        if let start, Day(iso: start) == nil {
            throw ValidationError("--incident-start must be a date YYYY-MM-DD, found '\(start)'")
        }
        guard (1...36_600).contains(days) else { throw ValidationError("--incident-days must lie in 1…36600") }
        guard (0...1).contains(fraction) else { throw ValidationError("--incident-fraction must be between 0 and 1") }
    }

    var settings: IncidentSettings {
        IncidentSettings(segment: Segment(named: segment) ?? IncidentSettings.defaultSegment,
                         start: start.flatMap(Day.init(iso:)), days: days, fraction: fraction)
    }
}
