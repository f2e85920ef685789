import ClickstreamCore

/// The first or last day of the data when the data covers it only in part: an export cut
/// at 00:59 leaves a last day with an hour of traffic, which reads as a collapse of
/// traffic and of everything counted per day.
///
/// Measured from the timestamps against the other days (`DayExtent`): the last day is
/// partial when its last event comes more than `margin` earlier on the clock than the last
/// event of all but `quantile` of the days inside the window; the first day, when its first
/// event comes more than `margin` later than the first event of all but that share. A small shop whose evenings are
/// quiet ends its days at varied times, and the rule then needs a larger gap. Fewer than
/// `minimumDays` days inside leave the question open (nothing is partial).
public struct PartialDays: Sendable, Equatable {
    /// The share of the other days allowed to end (or start) beyond a day that is still
    /// whole: 5 %.
    public static let quantile = 0.05
    /// Days inside the window needed to judge its edges: a week.
    public static let minimumDays = 7
    /// How much earlier (later) than usual an edge day must end (begin) to be partial: an
    /// hour, so that a day a few minutes short is not given up.
    public static let margin = 3_600_000

    /// The partial days, in date order (at most the first and the last).
    public var days: [PartialDay]

    public init(days: [PartialDay]) { self.days = days }

    /// The partial days at the edges of `window`, from the days' extents.
    public init(extents: [DayExtent], window: ClosedRange<Day>, events: [Day: Int]) {
        let inside = extents.filter { $0.day > window.lowerBound && $0.day < window.upperBound }
        guard inside.count >= Self.minimumDays, window.lowerBound < window.upperBound else {
            days = []
            return
        }
        let byDay = Dictionary(extents.map { ($0.day, $0) }, uniquingKeysWith: { first, _ in first })
        // Nearest rank: the value with `quantile` of the days before (or after) it.
        let lasts = inside.map(\.last).sorted(), firsts = inside.map(\.first).sorted()
        let rank = Int((Self.quantile * Double(inside.count - 1)).rounded(.down))
        let usualEnd = lasts[rank], usualStart = firsts[firsts.count - 1 - rank]
        var found: [PartialDay] = []
        if let first = byDay[window.lowerBound], first.first > usualStart + Self.margin {
            found.append(PartialDay(date: first.day, edge: .first, events: events[first.day] ?? 0, from: first.first,
                                    until: first.last, usual: usualStart))
        }
        if let last = byDay[window.upperBound], last.last < usualEnd - Self.margin {
            found.append(PartialDay(date: last.day, edge: .last, events: events[last.day] ?? 0, from: last.first,
                                    until: last.last, usual: usualEnd))
        }
        days = found
    }

    /// The window without the partial days.
    public func trimmed(_ window: ClosedRange<Day>) -> ClosedRange<Day>? {
        var lower = window.lowerBound, upper = window.upperBound
        for day in days {
            if day.edge == .first { lower = lower.advanced(by: 1) } else { upper = upper.advanced(by: -1) }
        }
        return lower <= upper ? lower...upper : nil
    }

    /// The events on the partial days.
    public var events: Int { days.reduce(0) { $0 + $1.events } }
}

/// A first or last day the data covers only in part (`PartialDays`), as results.json
/// lists it in `dataset.partialDays`.
public struct PartialDay: Codable, Sendable, Equatable {
    public enum Edge: String, Codable, Sendable {
        case first, last
    }

    public var date: Day
    public var edge: Edge
    public var events: Int
    /// The day's first and last event, `hh:mm` on the shop's clock.
    public var from: String
    public var until: String
    /// On the first day: the time by which 95 % of the other days had begun; on the last,
    /// the time after which 95 % of them still had events.
    public var usual: String
    /// Whether the analysis counted the day anyway (`keepPartialDays`).
    public var kept = false

    init(date: Day, edge: Edge, events: Int, from: Int, until: Int, usual: Int) {
        self.date = date
        self.edge = edge
        self.events = events
        self.from = DayExtent.clockText(from)
        self.until = DayExtent.clockText(until)
        self.usual = DayExtent.clockText(usual)
    }

    /// `2015-09-18 (events from 00:00 to 00:59 only; the other days run to 23:41 or later)`.
    public var description: String {
        let other = edge == .last ? "the other days run to \(usual) or later" : "the other days begin by \(usual)"
        return "\(date) (events from \(from) to \(until) only; \(other))"
    }
}
