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

    /// The verdict of every day of a series of views and transactions starting at `first`.
    public func evaluate(views: [Int], transactions: [Int], first: Day) -> [DetectorDay] {
        precondition(views.count == transactions.count, "views and transactions must cover the same days")
        let k = settings.threshold
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
                days.append(day)
                continue
            }
            let rate = Double(t) / Double(v)
            day.conversionRate = rate
            day.baseline = (1...settings.baselineWeeks).compactMap { week in
                let j = i - 7 * week
                guard j >= 0, views[j] > 0 else { return nil }
                return BaselinePoint(date: first.advanced(by: j), views: views[j], transactions: transactions[j],
                                     rate: Double(transactions[j]) / Double(views[j]))
            }
            guard day.baseline.count >= settings.baselineWeeks,
                  let median = Statistics.median(day.baseline.map(\.rate)),
                  let mad = Statistics.medianAbsoluteDeviation(day.baseline.map(\.rate)) else {
                day.status = .insufficientData
                days.append(day)
                continue
            }
            let sigmaMAD = Statistics.madToSigma * mad
            var sigma = sigmaMAD
            if settings.sigmaFloor == .binomial {
                let pooled = Double(day.baseline.reduce(0) { $0 + $1.transactions } + 1)
                    / Double(day.baseline.reduce(0) { $0 + $1.views } + 2)
                let floor = (pooled * (1 - pooled) / Double(v)).squareRoot()
                day.pooledRate = pooled
                day.sigmaFloor = floor
                sigma = max(sigmaMAD, floor)
            }
            day.baselineMedian = median
            day.mad = mad
            day.sigmaMAD = sigmaMAD
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
            if let direction = day.direction {
                let previous = days.last
                day.streak = previous?.direction == direction ? (previous?.streak ?? 0) + 1 : 1
                let critical = day.streak >= settings.criticalStreak
                day.status = critical ? .critical : .anomaly
                day.alertLevel = critical ? .high : .medium
            } else {
                day.status = .ok
            }
            days.append(day)
        }
        return days
    }

    /// Maximal runs of at least C consecutive anomalous days in one direction.
    public func criticalPeriods(_ days: [DetectorDay]) -> [CriticalPeriod] {
        var periods: [CriticalPeriod] = []
        var start = 0
        while start < days.count {
            guard let direction = days[start].direction else {
                start += 1
                continue
            }
            var end = start
            while end + 1 < days.count && days[end + 1].direction == direction { end += 1 }
            let length = end - start + 1
            if length >= settings.criticalStreak {
                periods.append(CriticalPeriod(first: days[start].date, last: days[end].date, days: length,
                                              direction: direction,
                                              firstAlert: days[start].date.advanced(by: settings.criticalStreak - 1)))
            }
            start = end + 1
        }
        return periods
    }

    /// Detection timing against a known incident start.
    public func detection(_ days: [DetectorDay], incidentStart: Day) -> Detection {
        let alert = days.first { $0.date >= incidentStart && $0.status == .critical && $0.direction == .drop }?.date
        let detectionDay = alert.map { incidentStart.distance(to: $0) + 1 }
        return Detection(incidentStart: incidentStart, alert: alert, detectionDay: detectionDay,
                         manualDetectionDays: settings.manualDetectionDays,
                         saving: detectionDay.map { 1 - Double($0) / Double(settings.manualDetectionDays) })
    }
}

/// The detector's run over one segment: every day, the critical periods, the first alert.
public struct DetectorRun: Codable, Sendable, Equatable {
    public var segment: Segment
    public var days: [DetectorDay]
    public var criticalPeriods: [CriticalPeriod]
    /// The earliest first alert of a drop period (spikes are shown, not alerted).
    @ExplicitNull public var firstCriticalAlert: Day? = nil
    @ExplicitNull public var detection: Detection? = nil

    public init(segment: Segment, data: DailySeries, settings: AnalysisSettings) {
        let detector = Detector(settings: settings)
        let counts = data.counts(of: segment)
        self.segment = segment
        days = detector.evaluate(views: counts.views, transactions: counts.transactions, first: data.firstDay)
        criticalPeriods = detector.criticalPeriods(days)
        firstCriticalAlert = criticalPeriods.filter { $0.direction == .drop }.map(\.firstAlert).min()
        detection = settings.incidentStart.map { detector.detection(days, incidentStart: $0) }
    }
}
