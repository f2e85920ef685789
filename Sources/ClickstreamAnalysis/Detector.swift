import ClickstreamCore
import Foundation

/// The same-weekday robust anomaly detector of SPEC section 8.
///
/// For each day d: NO_DATA without views; otherwise the rates of d − 7, …, d − 7W with
/// views form the baseline (fewer than W: INSUFFICIENT_DATA); m is their median, σ the
/// larger of 1.4826·MAD and the binomial floor; the day is anomalous when |c − m| / σ > k,
/// and critical once C consecutive days are anomalous in the same direction. A day's
/// verdict depends only on days up to it, which is what makes the daily check agree with
/// the retrospective run.
public struct Detector: Sendable {
    public var settings: AnalysisSettings

    public init(settings: AnalysisSettings) { self.settings = settings }

    /// The settings a run depends on: two runs of one series with equal parameters are equal.
    public struct Parameters: Hashable, Sendable {
        public var method: DetectorMethod
        public var threshold: Double
        public var criticalStreak: Int
        public var baselineWeeks: Int
        public var sigmaFloor: SigmaFloor

        public init(_ settings: AnalysisSettings) {
            method = settings.detector
            threshold = settings.threshold
            criticalStreak = settings.criticalStreak
            baselineWeeks = settings.baselineWeeks
            sigmaFloor = settings.sigmaFloor
        }
    }

    /// Where a test sees every evaluation made inside `withValue` (task-local: no state
    /// shared across tests).
    @TaskLocal package static var evaluationLog: EvaluationLog?

    /// The verdict of every day of a series of views and transactions starting at `first`.
    public func evaluate(views: [Int], transactions: [Int], first: Day) -> [DetectorDay] {
        precondition(views.count == transactions.count, "views and transactions must cover the same days")
        Self.evaluationLog?.record(EvaluationLog.Entry(views: views, transactions: transactions, first: first,
                                                       parameters: Parameters(settings)))
        let k = settings.threshold
        // Once per series: for pooled-lr it is a quantile found by bisection.
        let runThreshold = settings.runThreshold
        let method = settings.detector
        let missingRule = MissingDayRule(settings: settings)
        var days: [DetectorDay] = []
        days.reserveCapacity(views.count)
        for i in views.indices {
            let date = first.advanced(by: i)
            let v = views[i], t = transactions[i]
            var day = DetectorDay(date: date, views: v, transactions: t, status: .noData, alertLevel: .none,
                                  conversionRate: nil, baseline: [], baselineMedian: nil, mad: nil, sigmaMAD: nil,
                                  sigmaFloor: nil, pooledRate: nil, sigma: nil, deviation: nil, bandLower: nil,
                                  bandUpper: nil, direction: nil, streak: 0)
            guard v > 0 else {
                if let expected = missingRule.expectedViews(at: i, views: views) {
                    day.expectedViews = expected
                    day.direction = .drop
                    day.streak = Self.streak(of: .drop, after: days.last)
                    day.status = .missing
                    day.alertLevel = day.streak >= settings.criticalStreak ? .high : .medium
                }
                days.append(day)
                continue
            }
            let rate = Double(t) / Double(v)
            day.conversionRate = rate
            let (points, found) = method.baseline(at: i, views: views, transactions: transactions, first: first, settings: settings)
            if method.pools { day.pool = BaselinePool(points) } else { day.baseline = points }
            guard let baseline = found else {
                day.status = .insufficientData
                days.append(day)
                continue
            }
            let median = baseline.center, sigma = baseline.sigma
            day.baselineMedian = median
            day.mad = baseline.mad
            day.sigmaMAD = baseline.sigmaMAD
            day.sigmaFloor = baseline.sigmaFloor
            day.pooledRate = baseline.pooledRate
            day.dispersion = baseline.dispersion
            day.sigma = sigma
            day.bandLower = median - k * sigma
            day.bandUpper = median + k * sigma
            if sigma > 0 {
                let deviation = (rate - median) / sigma
                day.deviation = deviation
                if abs(deviation) > k { day.direction = deviation < 0 ? .drop : .spike }
            } else if rate != median {
                // σ = 0 with c ≠ m: an anomaly of infinite size (deviation stays nil).
                day.direction = rate < median ? .drop : .spike
            } else {
                day.deviation = 0
            }
            var runCritical = false
            if method.judgesRuns, let run = runEvidence(ending: day, before: days) {
                day.runDeviation = run
                if abs(run) > runThreshold {
                    runCritical = true
                    day.direction = run < 0 ? .drop : .spike
                }
            }
            if let direction = day.direction {
                day.streak = Self.streak(of: direction, after: days.last)
                let critical = runCritical || day.streak >= settings.criticalStreak
                day.status = critical ? .critical : .anomaly
                day.alertLevel = critical ? .high : .medium
            } else {
                day.status = .ok
            }
            days.append(day)
        }
        return days
    }

    /// Consecutive days in `direction` ending with a day after `previous` (the day before).
    static func streak(of direction: Direction, after previous: DetectorDay?) -> Int {
        previous?.direction == direction ? (previous?.streak ?? 0) + 1 : 1
    }

    /// The run rule's evidence at `day`, when the C days ending there were all judged and
    /// lie on the same side of their own baselines (nil otherwise), against the pooled rate
    /// p and dispersion φ of the first of them (so the run's own days are not part of what
    /// they are compared with), with T transactions of V views over the C days:
    /// - `pooled-run`: the summed count deviation, (T − V·p) / √(φ·V·p(1−p));
    /// - `pooled-lr`: the likelihood-ratio test of "the run's own rate" against "p", taken
    ///   exactly: the ratio orders outcomes as T does, so its tail is the binomial's, with
    ///   T and V divided by φ·(1 + V / V_b) (V_b the baseline's views, for p's own error),
    ///   as the normal z of the same tail (`exactEvidence`). The normal approximation of
    ///   the ratio is too light in the lower tail of a small count (three days expecting
    ///   7.4 sales that see none), the count deviation too light in the lower tail and too
    ///   heavy in the upper.
    func runEvidence(ending day: DetectorDay, before days: [DetectorDay]) -> Double? {
        let c = settings.criticalStreak
        guard days.count >= c - 1 else { return nil }
        let window = Array(days.suffix(c - 1)) + [day]
        guard let p = window[0].pooledRate, window[0].date == day.date.advanced(by: -(c - 1)) else { return nil }
        let dispersion = window[0].dispersion ?? 1
        var transactions = 0.0, views = 0.0, sign = 0.0
        for (offset, d) in window.enumerated() {
            guard d.date == day.date.advanced(by: offset - (c - 1)), let deviation = d.deviation, deviation != 0 else { return nil }
            let side = deviation < 0 ? -1.0 : 1.0
            if sign == 0 { sign = side } else if side != sign { return nil }
            transactions += Double(d.transactions)
            views += Double(d.views)
        }
        let expected = views * p
        guard expected > 0, expected < views else { return nil }
        switch settings.detector {
        case .pooledLR:
            let baselineViews = Double(window[0].pool?.views ?? 0)
            let inflation = baselineViews > 0 ? 1 + views / baselineViews : 1
            return Self.exactEvidence(transactions, of: views, rate: p, scale: dispersion * inflation)
        default:
            return (transactions - expected) / (dispersion * views * p * (1 - p)).squareRoot()
        }
    }

    /// The z with the same tail probability as `t` transactions of `n` views at rate p, on
    /// t's side of n·p, both counts divided by `scale` (φ and p's own error): the binomial's
    /// mid-p tail P(X < t) + ½ P(X = t), written ½ [P(X ≤ t) + P(X ≤ t − 1)] so that it holds
    /// for the fractional counts the scale makes (and ½ [P(X ≥ t) + P(X ≥ t + 1)] above).
    /// More transactions than views, which no binomial draws, count as all of them.
    static func exactEvidence(_ t: Double, of n: Double, rate p: Double, scale: Double) -> Double {
        let views = n / scale, count = min(t, n) / scale
        if t < n * p {
            let tail = Statistics.logMeanExp([BinomialTail.logLower(count, n: views, p: p),
                                              BinomialTail.logLower(count - 1, n: views, p: p)])
            return -Statistics.normalUpperQuantile(logTail: tail)
        }
        let tail = Statistics.logMeanExp([BinomialTail.logUpper(count, n: views, p: p),
                                          BinomialTail.logUpper(count + 1, n: views, p: p)])
        return Statistics.normalUpperQuantile(logTail: tail)
    }

    /// The critical periods: each maximal run of consecutive critical days (CRITICAL, or
    /// MISSING at alert HIGH) in one direction,
    /// widened back to the C days that made its first one critical (overlapping periods of
    /// one direction merge). With the spec's rule this is exactly "every maximal run of at
    /// least C consecutive anomalous days", and the first alert is the run's C-th day.
    public func criticalPeriods(_ days: [DetectorDay]) -> [CriticalPeriod] {
        var periods: [CriticalPeriod] = []
        var i = 0
        while i < days.count {
            guard days[i].alertLevel == .high, let direction = days[i].direction else {
                i += 1
                continue
            }
            var end = i
            while end + 1 < days.count && days[end + 1].alertLevel == .high && days[end + 1].direction == direction { end += 1 }
            let first = days[i].date.advanced(by: -(settings.criticalStreak - 1))
            if let last = periods.last, last.direction == direction, last.last >= first.advanced(by: -1) {
                periods[periods.count - 1].last = days[end].date
                periods[periods.count - 1].days = last.first.distance(to: days[end].date) + 1
            } else {
                periods.append(CriticalPeriod(first: first, last: days[end].date, days: first.distance(to: days[end].date) + 1,
                                              direction: direction, firstAlert: days[i].date))
            }
            i = end + 1
        }
        return periods
    }

    /// Detection timing against a known incident start.
    public func detection(_ days: [DetectorDay], incidentStart: Day) -> Detection {
        let alert = days.first { $0.date >= incidentStart && $0.alertLevel == .high && $0.direction == .drop }?.date
        let detectionDay = alert.map { incidentStart.distance(to: $0) + 1 }
        return Detection(incidentStart: incidentStart, alert: alert, detectionDay: detectionDay,
                         manualDetectionDays: settings.manualDetectionDays,
                         saving: detectionDay.map { 1 - Double($0) / Double(settings.manualDetectionDays) })
    }
}

/// The detector's run over one segment: every day, the critical periods, the first alert.
public struct DetectorRun: Codable, Sendable, Equatable {
    /// A full segment, or a pattern when the drill-down left a dimension that does not
    /// matter as a wildcard.
    public var segment: SegmentPattern
    public var days: [DetectorDay]
    public var criticalPeriods: [CriticalPeriod]
    /// The earliest first alert of a drop period (spikes are shown, not alerted).
    @ExplicitNull public var firstCriticalAlert: Day? = nil
    @ExplicitNull public var detection: Detection? = nil

    /// The run on `segment` under `settings`, read from `runs` (computed there once).
    public init(segment: SegmentPattern, runs: DetectorRuns, settings: AnalysisSettings) {
        let detector = Detector(settings: settings)
        self.segment = segment
        days = runs.days(of: segment, settings: settings)
        criticalPeriods = detector.criticalPeriods(days)
        firstCriticalAlert = criticalPeriods.filter { $0.direction == .drop }.map(\.firstAlert).min()
        detection = settings.incidentStart.map { detector.detection(days, incidentStart: $0) }
    }
}

extension DetectorRun {
    /// The run on `segment` of `data`, computed on its own (tests, and one-off checks).
    public init(segment: SegmentPattern, data: DailySeries, settings: AnalysisSettings) {
        self.init(segment: segment, runs: DetectorRuns(data: data), settings: settings)
    }

    /// The run on one full segment of `data`, computed on its own.
    public init(segment: Segment, data: DailySeries, settings: AnalysisSettings) {
        self.init(segment: SegmentPattern(segment), data: data, settings: settings)
    }
}
