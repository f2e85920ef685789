/// The shop's calendar days a run reads (`--since`, `--until`, both inclusive; either may
/// be open). Every source applies it to every row alike: a row whose time is valid and falls
/// on another day is left out and counted (`IngestReport.eventsOutsideBounds`); a row
/// whose time is not valid is rejected as always, as it falls on no day.
public struct DayBounds: Codable, Sendable, Equatable {
    @ExplicitNull public var since: Day? = nil
    @ExplicitNull public var until: Day? = nil

    public init(since: Day?, until: Day?) {
        self.since = since
        self.until = until
    }

    public func contains(_ day: Day) -> Bool {
        (since.map { day >= $0 } ?? true) && (until.map { day <= $0 } ?? true)
    }

    /// `2015-06-01 to 2015-06-30`, `2015-06-01 on`, `up to 2015-06-30`.
    public var description: String {
        switch (since, until) {
        case let (since?, until?): "\(since) to \(until)"
        case let (since?, nil): "\(since) on"
        case let (nil, until?): "up to \(until)"
        case (nil, nil): "every day"
        }
    }
}
