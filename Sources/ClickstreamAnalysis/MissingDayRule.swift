import Foundation

/// When a day without a single view is an alert rather than a gap: the segment went
/// missing (status MISSING). A checkout or page that breaks so badly that it never loads
/// sends no events at all, and a conversion rate of 0 / 0 would otherwise say nothing.
///
/// λ, the views the segment normally has on that weekday, is the median views of the
/// last W same-weekday days that had any, looking back at most 2W weeks (so an outage of
/// up to W weeks is still measured against the weeks before it). Under Poisson noise a
/// day with no views has probability e^−λ; the day is MISSING when that is below Φ(−k),
/// the one-sided chance the detector itself accepts for a drop of k σ (for k = 2: λ above
/// 3.78 views). Fewer than W such days, or a smaller λ: the day stays NO_DATA.
package struct MissingDayRule: Sendable {
    let weeks: Int
    let minimumExpectedViews: Double

    init(settings: AnalysisSettings) {
        weeks = settings.baselineWeeks
        minimumExpectedViews = Self.minimumExpectedViews(threshold: settings.threshold)
    }

    /// Φ(−k): the one-sided chance of a drop beyond k σ that the detector accepts.
    package static func acceptedChance(threshold k: Double) -> Double { 0.5 * erfc(k / 2.0.squareRoot()) }

    /// −ln Φ(−k): the λ above which e^−λ < Φ(−k).
    package static func minimumExpectedViews(threshold k: Double) -> Double { -log(acceptedChance(threshold: k)) }

    /// λ for day `i` when the day counts as MISSING, else nil.
    func expectedViews(at i: Int, views: [Int]) -> Double? {
        guard views[i] == 0 else { return nil }
        var points: [Double] = []
        for week in 1...(2 * weeks) where points.count < weeks {
            let j = i - 7 * week
            guard j >= 0 else { break }
            if views[j] > 0 { points.append(Double(views[j])) }
        }
        guard points.count == weeks, let lambda = Statistics.median(points), lambda > minimumExpectedViews else { return nil }
        return lambda
    }
}
