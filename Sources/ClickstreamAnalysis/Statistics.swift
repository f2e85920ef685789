import Foundation

/// The few statistics the spec uses, each returning `nil` where it is undefined (no NaN,
/// no infinity ever leaves these functions).
public enum Statistics {
    /// Arithmetic mean; nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Sample standard deviation (n − 1); nil for fewer than two values.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2, let mean = mean(values) else { return nil }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// Median (the mean of the two middle values for an even count); nil for no values.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Median absolute deviation from the median; nil for no values.
    public static func medianAbsoluteDeviation(_ values: [Double]) -> Double? {
        guard let center = median(values) else { return nil }
        return median(values.map { abs($0 - center) })
    }

    /// The scale that makes the MAD estimate σ for normal data (SPEC 8: σ_MAD = 1.4826·MAD).
    public static let madToSigma = 1.4826

    /// (value − mean) / std, nil when either is missing or std is 0.
    public static func zScore(_ value: Double?, mean: Double?, standardDeviation: Double?) -> Double? {
        guard let value, let mean, let standardDeviation, standardDeviation > 0 else { return nil }
        return (value - mean) / standardDeviation
    }

    /// a / b, nil when b is 0.
    public static func ratio(_ a: Double, _ b: Double) -> Double? { b == 0 ? nil : a / b }

    /// The quantile of χ² with `df` degrees of freedom at the standard normal quantile `z`,
    /// by Wilson–Hilferty. The 95th percentile (z 1.644854) is within 0.5 % for df ≥ 3 and
    /// 2.5 % below for df 1; the 99th (z 2.326348) within 1 % for df ≥ 2 and 0.7 % below
    /// for df 1.
    public static func chiSquareQuantile(_ df: Double, z: Double) -> Double {
        let a = 2 / (9 * df)
        let cube = 1 - a + z * a.squareRoot()
        return df * cube * cube * cube
    }

    /// The standard normal upper-tail probability P(Z > z), from erfc.
    public static func normalUpperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// The z with P(Z > z) = `p` (0 < p < 1/2): `normalUpperQuantile(logTail:)` of ln p.
    public static func normalUpperQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 0.5, "an upper-tail probability in (0, 1/2)")
        return normalUpperQuantile(logTail: log(p))
    }

    /// ln P(Z > z) for the standard normal, also far in the tail where P underflows.
    public static func logNormalUpperTail(_ z: Double) -> Double {
        if z < 30 { return log(normalUpperTail(z)) }
        let inverse = 1 / (z * z)
        return -z * z / 2 - log(z) - 0.5 * log(2 * Double.pi) + log1p(-inverse * (1 - 3 * inverse * (1 - 5 * inverse)))
    }

    /// The z with ln P(Z > z) = `logTail`, for any tail probability in (0, 1): Newton's
    /// method on the logarithm, which is concave, from a start at or beyond the root.
    public static func normalUpperQuantile(logTail: Double) -> Double {
        if logTail >= 0 { return -.infinity }
        if logTail > log(0.5) { return -normalUpperQuantile(logTail: log(-expm1(logTail))) }
        if logTail == -.infinity { return .infinity }
        var z = (-2 * logTail).squareRoot()
        for _ in 0..<100 {
            let value = logNormalUpperTail(z) - logTail
            // d/dz ln P(Z > z) = −φ(z) / P(Z > z).
            let slope = -exp(-z * z / 2 - 0.5 * log(2 * Double.pi) - logNormalUpperTail(z))
            let next = z - value / slope
            if abs(next - z) < 1e-12 * max(1, z) { return next }
            z = next
        }
        return z
    }

    /// ln(mean(exp(x))) without overflow (the largest term factored out): the log of an
    /// average of likelihood ratios given as logarithms. 0 for no terms.
    public static func logMeanExp(_ values: some Collection<Double>) -> Double {
        guard let top = values.max() else { return 0 }
        return top + log(values.reduce(0) { $0 + exp($1 - top) } / Double(values.count))
    }

    /// k ln p + (n − k) ln(1 − p) with p = k / n: the binomial log-likelihood of k
    /// successes in n trials at their own rate, without the binomial coefficient (0 ln 0 =
    /// 0; 0 when n is 0).
    public static func binomialLogLikelihood(_ k: Double, of n: Double) -> Double {
        guard n > 0 else { return 0 }
        let p = k / n
        return (k > 0 ? k * log(p) : 0) + (n - k > 0 ? (n - k) * log(1 - p) : 0)
    }
}
