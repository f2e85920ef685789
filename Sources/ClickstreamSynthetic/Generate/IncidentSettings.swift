import ClickstreamCore

/// What the synthetic incident of SPEC section 3 does: inside `segment`, on the days
/// `start ..< start + days`, a `fraction` of `transaction` events become `addtocart`.
public struct IncidentSettings: Codable, Sendable, Equatable {
    /// The segment that loses its checkouts (default `Safari · iOS · Mobile`).
    public var segment: Segment
    /// First day of the window; `nil` means "the last `days` days of the data".
    public var start: Day?
    /// Length of the window in days (default 14).
    public var days: Int
    /// Share of the window's transactions that are converted (default 0.8).
    public var fraction: Double

    public static let defaultSegment = Segment(browser: "Safari", os: "iOS", device: "Mobile")

    public init(segment: Segment = IncidentSettings.defaultSegment, start: Day? = nil, days: Int = 14,
                fraction: Double = 0.8) {
        self.segment = segment
        self.start = start
        self.days = days
        self.fraction = fraction
    }

    /// The window's first and last day for data whose last day is `lastDay`.
    public func window(lastDay: Day) -> ClosedRange<Day> {
        let first = start ?? lastDay.advanced(by: -(days - 1))
        return first...first.advanced(by: days - 1)
    }
}
