import ClickstreamCore

/// How many events each generated day gets: weekly seasonality × a mild downward trend ×
/// day-level noise, rounded so the days add up to exactly the requested total.
///
/// Only `+ − × ÷` on doubles are used (noise is an Irwin–Hall sum of 12 uniforms), so the
/// counts are identical on every machine. The default shape gives daily events a
/// coefficient of variation of about 0.23 (the issue asks for 0.2–0.3).
public enum DailyProfile {
    /// Relative traffic by weekday, Monday first: shoppers browse most early in the week.
    static let weekly: [Double] = [1.12, 1.14, 1.08, 1.02, 0.92, 0.80, 0.92]

    /// Per-day event counts summing to `total`.
    public static func counts(total: Int, start: Day, days: Int, seed: UInt64) -> [Int] {
        precondition(days > 0 && total >= 0)
        var rng = Xoshiro256StarStar(seed: SplitMix64.hash(seed, 0xDA11_F00D))
        var weights: [Double] = []
        weights.reserveCapacity(days)
        for i in 0..<days {
            let day = start.advanced(by: i)
            let progress = days == 1 ? 0.5 : Double(i) / Double(days - 1)
            let trend = 1.08 - 0.16 * progress
            var irwinHall = -6.0
            for _ in 0..<12 { irwinHall += rng.unit() }
            let noise = max(0.35, 1 + 0.2 * irwinHall)
            weights.append(weekly[day.weekday] * trend * noise)
        }
        return apportion(total: total, weights: weights)
    }

    /// Largest-remainder rounding of `total` in proportion to `weights` (ties to the earlier day).
    static func apportion(total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        var counts = weights.map { Int(Double(total) * $0 / sum) }
        let remainders = weights.enumerated().map { ($0.offset, Double(total) * $0.element / sum - Double(counts[$0.offset])) }
        var missing = total - counts.reduce(0, +)
        for (index, _) in remainders.sorted(by: { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }) where missing > 0 {
            counts[index] += 1
            missing -= 1
        }
        return counts
    }
}
