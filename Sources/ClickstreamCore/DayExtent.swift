/// When a day's first and last events happened, on the shop's clock: milliseconds after
/// local midnight (by the wall clock, so a 23- or 25-hour day still runs 00:00–24:00).
/// The partial-day check compares the data's first and last day with the others.
public struct DayExtent: Codable, Sendable, Equatable {
    public var day: Day
    /// Wall-clock milliseconds after midnight of the day's first and last event.
    public var first: Int
    public var last: Int

    public init(day: Day, first: Int, last: Int) {
        self.day = day
        self.first = first
        self.last = last
    }

    /// The extent of a day from its earliest and latest instants (epoch milliseconds).
    public init(day: Day, earliest: Int64, latest: Int64, zone: TimeZoneRules) {
        func clock(_ instant: Int64) -> Int {
            Int(instant + zone.offset(atMilliseconds: instant) - day.startMilliseconds)
        }
        self.init(day: day, first: clock(earliest), last: clock(latest))
    }

    /// Two lists in day order joined into one: a day in both spans both.
    public static func merge(_ a: [DayExtent], _ b: [DayExtent]) -> [DayExtent] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var merged: [DayExtent] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].day < b[j].day) {
                merged.append(a[i])
                i += 1
            } else if i == a.count || b[j].day < a[i].day {
                merged.append(b[j])
                j += 1
            } else {
                merged.append(DayExtent(day: a[i].day, first: min(a[i].first, b[j].first), last: max(a[i].last, b[j].last)))
                i += 1
                j += 1
            }
        }
        return merged
    }

    /// `hh:mm` of wall-clock milliseconds after midnight (24:00 at the very end of a day).
    public static func clockText(_ milliseconds: Int) -> String {
        let minutes = milliseconds / 60_000
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return two(minutes / 60) + ":" + two(minutes % 60)
    }
}
