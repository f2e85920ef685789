import ClickstreamCore

/// Days at the edges of the data that lie far from its bulk: one stray row dated years
/// away (or a day after the export ended) would otherwise stretch the date range, move the
/// recent period onto empty days and change the verdict.
///
/// From each end, inwards, the outermost days with events are set aside while either
/// - the outermost day holds fewer than 1 % of the median day's events (a nearly empty
///   edge day), or
/// - the outermost cluster of days (days with events with no gap of `longGap` empty days
///   inside) is separated from the rest by at least `longGap` empty days and holds fewer
///   than 1 % of all events.
/// The analysis window is what remains; the days set aside are named in the report and in
/// `dataset.outlyingDays`, and their events are counted, never silently dropped.
public struct OutlyingDays: Sendable, Equatable {
    /// A gap this long (in empty days) separates a cluster from the bulk: the detector's
    /// whole 4-week baseline.
    public static let longGap = 28
    /// The share under which a day or a cluster is "tiny".
    public static let tinyShare = 0.01

    /// The days set aside, with their events, in date order.
    public var days: [Day: Int]
    /// The first and last day of the analysis window (nil when nothing remains).
    public var window: ClosedRange<Day>?

    public init(cube: DailyCube) {
        var byDay: [Day: Int] = [:]
        for cell in cube.cells where cell.total > 0 { byDay[cell.day, default: 0] += cell.total }
        var dates = byDay.keys.sorted()
        let total = byDay.values.reduce(0, +)
        let median = Statistics.median(byDay.values.map(Double.init)) ?? 0
        var removed: [Day: Int] = [:]
        /// The outermost cluster at one end, if it is to be set aside: its dates.
        func outlier(fromEnd: Bool) -> [Day]? {
            guard dates.count > 1 else { return nil }
            let edge = fromEnd ? dates[dates.count - 1] : dates[0]
            if Double(byDay[edge] ?? 0) < Self.tinyShare * median { return [edge] }
            var cluster = [edge]
            var index = fromEnd ? dates.count - 2 : 1
            while index >= 0 && index < dates.count {
                let gap = abs(dates[index].distance(to: cluster[cluster.count - 1])) - 1
                if gap >= Self.longGap {
                    let events = cluster.reduce(0) { $0 + (byDay[$1] ?? 0) }
                    return Double(events) < Self.tinyShare * Double(total) ? cluster : nil
                }
                cluster.append(dates[index])
                index += fromEnd ? -1 : 1
            }
            return nil
        }
        for fromEnd in [false, true] {
            while let cluster = outlier(fromEnd: fromEnd) {
                for day in cluster { removed[day] = byDay[day] }
                dates.removeAll { cluster.contains($0) }
            }
        }
        days = removed
        window = dates.first.flatMap { first in dates.last.map { first...$0 } }
    }

    /// The events set aside.
    public var events: Int { days.values.reduce(0, +) }
}
