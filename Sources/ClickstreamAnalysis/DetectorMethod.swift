import ClickstreamCore

/// How the detector builds a day's baseline and decides that a run of days is critical.
///
/// `pooled-lr` is the default: of the methods the scorecard measures it is the one that
/// meets both of its goals (docs/METHODS.md, section 10). `spec` is the source study's
/// method (SPEC section 8), kept exactly; the others are settings (`--detector NAME`)
/// that the scorecard measures beside them.
public enum DetectorMethod: String, Codable, Sendable, CaseIterable {
    /// Median and MAD of the W same-weekday rates, σ floored as `sigmaFloor` says (SPEC 8).
    case spec
    /// Median and MAD of the W same-weekday rates, no floor: the source study's final method.
    case mad
    /// Mean and sample standard deviation of the W same-weekday rates: the source study's
    /// first attempt.
    case meanStd = "mean-std"
    /// The pooled rate of the previous 7·W days (every weekday W times) as the baseline; σ is
    /// the binomial standard error at the day's volume, inflated by the baseline days'
    /// overdispersion. Critical after C consecutive anomalous days, as in the spec.
    case pooled
    /// The pooled baseline, and a run rule on counts: a day is also critical when it ends C
    /// consecutive days that are all on the same side of their baselines and whose summed
    /// shortfall (or excess), against the baseline of the run's first day (so the run's own
    /// days are not part of what they are compared with), is beyond k·√C standard errors:
    /// the evidence of C days each at k σ.
    case pooledRun = "pooled-run"
    /// The pooled baseline, and a run rule on the likelihood ratio: a day is also critical
    /// when it ends C consecutive days on the same side of their baselines whose counts,
    /// together, are unlikely at the baseline's rate: the exact binomial tail of their summed
    /// transactions at the rate of the run's first day (the likelihood-ratio test taken
    /// exactly), the counts divided by φ and by 1 + (the run's views / the baseline's views)
    /// for the rate's own error, beyond the threshold that gives `falseAlarmsPerSegmentYear`
    /// (the default).
    case pooledLR = "pooled-lr"

    /// A short label for tables and charts.
    public var label: String {
        switch self {
        case .spec: "median + MAD (spec)"
        case .mad: "median + MAD, no floor"
        case .meanStd: "mean + std of 4 weekdays"
        case .pooled: "pooled 28 days"
        case .pooledRun: "pooled 28 days + run sum"
        case .pooledLR: "pooled 28 days + likelihood-ratio run"
        }
    }

    /// What the baseline's centre m is.
    public var centreName: String {
        switch self {
        case .spec, .mad: "median"
        case .meanStd: "mean"
        case .pooled, .pooledRun, .pooledLR: "pooled rate"
        }
    }

    /// Whether the baseline is the pooled previous 7·W days rather than W same weekdays.
    package var pools: Bool { self == .pooled || self == .pooledRun || self == .pooledLR }

    /// Whether C days on one side are also judged together (a run rule on counts).
    package var judgesRuns: Bool { self == .pooledRun || self == .pooledLR }
}

/// A day's baseline as a method computes it: the centre m, the σ and what went into them.
struct DetectorBaseline {
    var center: Double
    var mad: Double?
    var sigmaMAD: Double?
    var sigmaFloor: Double?
    var pooledRate: Double?
    var dispersion: Double?
    var sigma: Double
}

extension DetectorMethod {
    /// The baseline of day `i`, or nil when there is not enough history (INSUFFICIENT_DATA).
    func baseline(at i: Int, views: [Int], transactions: [Int], first: Day, settings: AnalysisSettings) -> (points: [BaselinePoint], baseline: DetectorBaseline?) {
        let weeks = settings.baselineWeeks
        let offsets = pools ? Array(1...(7 * weeks)) : (1...weeks).map { 7 * $0 }
        let points: [BaselinePoint] = offsets.compactMap { offset in
            let j = i - offset
            guard j >= 0, views[j] > 0 else { return nil }
            return BaselinePoint(date: first.advanced(by: j), views: views[j], transactions: transactions[j],
                                 rate: Double(transactions[j]) / Double(views[j]))
        }
        // The pooled baseline needs its whole window inside the data and at least W days with views.
        guard points.count >= weeks, !pools || i >= 7 * weeks else { return (points, nil) }
        let rates = points.map(\.rate)
        let sumT = Double(points.reduce(0) { $0 + $1.transactions })
        let sumV = Double(points.reduce(0) { $0 + $1.views })
        let smoothed = (sumT + 1) / (sumV + 2)
        let binomial = (smoothed * (1 - smoothed) / Double(views[i])).squareRoot()
        switch self {
        case .spec, .mad:
            guard let median = Statistics.median(rates), let mad = Statistics.medianAbsoluteDeviation(rates) else { return (points, nil) }
            let sigmaMAD = Statistics.madToSigma * mad
            let floored = self == .spec && settings.sigmaFloor == .binomial
            return (points, DetectorBaseline(center: median, mad: mad, sigmaMAD: sigmaMAD,
                                             sigmaFloor: floored ? binomial : nil, pooledRate: floored ? smoothed : nil,
                                             dispersion: nil, sigma: floored ? max(sigmaMAD, binomial) : sigmaMAD))
        case .meanStd:
            guard let mean = Statistics.mean(rates), let std = Statistics.sampleStandardDeviation(rates) else { return (points, nil) }
            return (points, DetectorBaseline(center: mean, mad: nil, sigmaMAD: nil, sigmaFloor: nil,
                                             pooledRate: nil, dispersion: nil, sigma: std))
        case .pooled, .pooledRun, .pooledLR:
            let dispersion = Self.dispersion(points, rate: smoothed)
            return (points, DetectorBaseline(center: smoothed, mad: nil, sigmaMAD: nil, sigmaFloor: binomial,
                                             pooledRate: smoothed, dispersion: dispersion,
                                             sigma: binomial * dispersion.squareRoot()))
        }
    }

    /// How much more the baseline days scatter than binomial noise allows: the Pearson χ²
    /// of the days' counts against the pooled rate per degree of freedom, each day's residual
    /// capped at ±3 so that one odd day (an earlier spike) cannot inflate σ on its own; 1
    /// unless χ² is beyond its 95th percentile. A weekday pattern in conversion or clustered
    /// checkouts, which affect most days, still show.
    static func dispersion(_ points: [BaselinePoint], rate p: Double) -> Double {
        dispersion(points.lazy.map { (views: $0.views, transactions: $0.transactions) }, rate: p)
    }

    /// The same for any days' counts (days without views say nothing and are left out).
    static func dispersion(_ days: some Sequence<(views: Int, transactions: Int)>, rate p: Double) -> Double {
        guard p > 0, p < 1 else { return 1 }
        var chi2 = 0.0, count = 0
        for day in days where day.views > 0 {
            let expected = Double(day.views) * p
            let residual = (Double(day.transactions) - expected) / (expected * (1 - p)).squareRoot()
            let capped = min(abs(residual), residualCap)
            chi2 += capped * capped
            count += 1
        }
        guard count >= 2 else { return 1 }
        let freedom = Double(count - 1)
        // Binomial noise alone gives χ² ≈ df ± √(2df): widen σ only when the scatter is beyond
        // what that noise reaches 95 % of the time, so a baseline that merely happens to
        // scatter a little does not blunt the detector.
        return chi2 > chiSquare95(freedom) ? chi2 / freedom : 1
    }

    /// The 95th percentile of χ² with `df` degrees of freedom (Wilson–Hilferty; within 0.5 %
    /// for df ≥ 3).
    static func chiSquare95(_ df: Double) -> Double { Statistics.chiSquareQuantile(df, z: 1.644854) }

    /// The largest residual one baseline day can contribute to the dispersion.
    static let residualCap = 3.0
}
