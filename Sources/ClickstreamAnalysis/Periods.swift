import ClickstreamCore

/// The two periods of SPEC section 4: the recent period is the last R days of the data,
/// ending at the last day with any event; the normal period is every day before it.
public struct Periods: Codable, Sendable, Equatable {
    public struct Range: Codable, Sendable, Equatable {
        public var first: Day
        public var last: Day
        public var days: Int { first.distance(to: last) + 1 }
        public func contains(_ day: Day) -> Bool { day >= first && day <= last }
    }

    /// nil when the data has no day before the recent period.
    @ExplicitNull public var normal: Range? = nil
    public var recent: Range

    /// Periods for data from `first` to `last` with `recentDays` = R.
    public init(first: Day, last: Day, recentDays: Int) {
        let recentFirst = max(first, last.advanced(by: -(recentDays - 1)))
        recent = Range(first: recentFirst, last: last)
        normal = recentFirst > first ? Range(first: first, last: recentFirst.advanced(by: -1)) : nil
    }
}
