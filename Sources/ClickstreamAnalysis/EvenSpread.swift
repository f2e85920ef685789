import Foundation

/// Whether a drop is spread evenly over the values of a dimension: every value lost the
/// same share of its transactions, so the dimension does not matter to the drop (country
/// when every country broke alike) and the drill-down leaves it as a wildcard rather than
/// split the broken traffic by noise.
///
/// The test is Pearson's χ² of homogeneity on the 2 × m table of transactions (normal
/// period, recent period) by value: under "the same share everywhere" each value's recent
/// transactions are its share of the total. Values expected to have fewer than 5 recent
/// transactions are pooled into one (the χ² approximation needs that much).
///
/// Not finding an uneven drop is evidence of an even one only when the test could have
/// found it, so the spread is even when both hold:
/// - χ² of the data stays at or below the 99th percentile of χ² with m − 1 degrees of
///   freedom, and
/// - the test's power against "the whole shortfall (the transactions the recent period
///   lacks against the normal daily means) is in the value the drill-down would pick,
///   every other value as in its normal period" is at least 90 %. The χ² of that table is
///   the noncentrality λ of the statistic under it, whose distribution is taken as normal
///   with mean df + λ and variance 2 (df + 2λ).
/// With little data neither can be told apart, and the drill-down picks as usual.
public struct EvenSpread: Codable, Sendable, Equatable {
    public var chiSquare: Double
    public var degreesOfFreedom: Int
    /// The 99th percentile the statistic is compared with.
    public var critical: Double
    /// χ² had the whole shortfall been in the value the drill-down would pick, that value,
    /// and the chance the test would then have found the spread uneven.
    public var concentrated: Double
    public var concentratedIn: String
    public var power: Double

    /// Expected recent transactions below this are pooled.
    public static let minimumExpected = 5.0
    /// The standard normal quantile of the test's level: 99 %.
    public static let level = 2.326348

    /// The power needed for "not uneven" to mean "even".
    public static let minimumPower = 0.9

    public var isEven: Bool { chiSquare <= critical && power >= Self.minimumPower }

    /// The test on each value's (normal, recent) transactions, `recentShare` being the
    /// recent period's length over the normal period's and `pick` the value the
    /// drill-down would follow; nil when fewer than two groups are left to compare, a
    /// period has no transaction, or nothing is short.
    public init?(_ totals: [(normal: Double, recent: Double)], recentShare: Double, pick: Int, pickName: String) {
        let shortfall = totals.reduce(0) { $0 + $1.normal * recentShare - $1.recent }
        guard shortfall > 0, let observed = Self.statistic(totals) else { return nil }
        var alternative = totals.map { (normal: $0.normal, recent: $0.normal * recentShare) }
        alternative[pick].recent = max(0, alternative[pick].recent - shortfall)
        chiSquare = observed.value
        degreesOfFreedom = observed.freedom
        critical = Statistics.chiSquareQuantile(Double(degreesOfFreedom), z: Self.level)
        concentrated = Self.statistic(alternative)?.value ?? 0
        concentratedIn = pickName
        let df = Double(degreesOfFreedom)
        power = 0.5 * erfc(-(df + concentrated - critical) / (2 * (df + 2 * concentrated)).squareRoot() / 2.0.squareRoot())
    }

    /// Pearson's χ² of the 2 × m table and its degrees of freedom, after pooling.
    static func statistic(_ totals: [(normal: Double, recent: Double)]) -> (value: Double, freedom: Int)? {
        let normal = totals.reduce(0) { $0 + $1.normal }, recent = totals.reduce(0) { $0 + $1.recent }
        let all = normal + recent
        guard normal > 0, recent > 0 else { return nil }
        var groups: [(normal: Double, recent: Double)] = []
        var pooled = (normal: 0.0, recent: 0.0)
        for value in totals where value.normal + value.recent > 0 {
            if (value.normal + value.recent) * recent / all < Self.minimumExpected {
                pooled.normal += value.normal
                pooled.recent += value.recent
            } else {
                groups.append(value)
            }
        }
        if pooled.normal + pooled.recent > 0 { groups.append(pooled) }
        guard groups.count >= 2 else { return nil }
        var statistic = 0.0
        for group in groups {
            let size = group.normal + group.recent
            for (observed, share) in [(group.normal, normal / all), (group.recent, recent / all)] {
                let expected = size * share
                statistic += (observed - expected) * (observed - expected) / expected
            }
        }
        return (statistic, groups.count - 1)
    }
}
