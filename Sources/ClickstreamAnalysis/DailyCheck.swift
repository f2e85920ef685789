import ClickstreamCore

/// The daily check of SPEC 8 for one date: the detector's verdict on that day, computed
/// from data up to and including it (as the source study's pipeline did each morning).
public struct DailyCheckResult: Codable, Sendable, Equatable {
    public var date: Day
    public var segment: SegmentPattern
    /// How the segment was chosen: given by the user, or the drill path on data up to the date.
    public var segmentSource: String
    /// The detector method the verdict comes from, and C (the days of a critical run).
    public var method: DetectorMethod
    public var criticalStreak: Int
    public var day: DetectorDay
    /// The data's last day: a date after it has no verdict.
    public var dataLastDay: Day
    /// The other segments the validation monitors (SPEC 9) that are ANOMALY, MISSING or
    /// CRITICAL on the date: shown beside the verdict, which stays the chosen segment's.
    public var alsoFlagged: [FlaggedSegment] = []
    /// Why the day has no verdict (a date after the data, or a day the detector could not
    /// judge); nil when it has one.
    @ExplicitNull public var noVerdict: Verdict.Reason? = nil

    public var status: DetectorStatus { day.status }
    public var alertLevel: AlertLevel { noVerdict == nil ? day.alertLevel : .none }

    /// Runs the check on the data up to `date` (as `report --as-of DATE` would, so both
    /// choose the same segment); throws when no segment is given and none qualifies, or
    /// there is no data on or before the date.
    public init(cube all: DailyCube, date: Day, segment: SegmentPattern?, settings: AnalysisSettings) throws(ClickstreamError) {
        // The data without outlying days at its edges, as the report reads it: its last day
        // says whether the date is known yet; the series runs up to the date (a day without
        // any event inside the data is a day of zeros).
        let last = OutlyingDays(cube: all).window?.upperBound
        var asOfDate = settings
        asOfDate.asOf = date
        let cube = AnalysisCube(all, settings: asOfDate).cube
        guard let first = cube.firstDay, let last, date >= first,
              let data = DailySeries(cube: cube, endingAt: min(date, last)) else {
            throw ClickstreamError(stage: "check", message: "no data on or before \(date)")
        }
        self.date = date
        dataLastDay = last
        method = settings.detector
        criticalStreak = settings.criticalStreak
        if let segment {
            self.segment = segment
            segmentSource = "given"
        } else {
            let periods = Periods(first: data.firstDay, last: data.lastDay, recentDays: settings.recentDays)
            guard let chosen = DrillDown(data: data, periods: periods, settings: settings).segment else {
                throw ClickstreamError(stage: "check", message: "no segment qualifies for the drill path up to \(date); name one with --segment")
            }
            self.segment = chosen
            segmentSource = "drill path up to \(data.lastDay)"
        }
        let runs = DetectorRuns(data: data)
        let days = runs.days(of: self.segment, settings: settings)
        if date <= last {
            alsoFlagged = Self.flagged(on: date, runs: runs, except: self.segment, settings: settings)
        }
        if date > last {
            day = DetectorDay(date: date, views: 0, transactions: 0, status: .noData, alertLevel: .none, baseline: [], streak: 0)
            noVerdict = Verdict.Reason(.dateAfterData, "the data ends on \(last), before \(date): nothing is known about that day yet")
        } else {
            day = days[days.count - 1]
            if !day.isJudged {
                let why = day.status == .noData
                    ? "\(self.segment) has no views on \(date), and too little history to call that missing"
                    : "\(self.segment) has fewer than \(settings.baselineWeeks) baseline days with views before \(date)"
                noVerdict = Verdict.Reason(.noEvaluableDay, why)
            }
        }
    }

    /// The monitored segments other than `chosen` with an alert on `date` (the last day of `data`).
    static func flagged(on date: Day, runs: DetectorRuns, except chosen: SegmentPattern, settings: AnalysisSettings) -> [FlaggedSegment] {
        let data = runs.data
        let periods = Periods(first: data.firstDay, last: data.lastDay, recentDays: settings.recentDays)
        return Validation(data: data, periods: periods, detectorRun: nil, settings: settings, runs: runs).segments
            .filter { !chosen.matches($0.segment) }
            .compactMap { monitored in
                guard let day = runs.days(of: monitored.segment, settings: settings).last,
                      day.alertLevel > .none else { return nil }
                return FlaggedSegment(segment: monitored.segment, status: day.status, alertLevel: day.alertLevel, deviation: day.deviation)
            }
    }

    /// A few lines for the terminal.
    public var text: String {
        if let noVerdict { return "\(date) \(segment): no verdict: \(noVerdict.message)\n  segment: \(segmentSource)" }
        var lines = ["\(date) \(segment): \(day.status.rawValue) (alert \(day.alertLevel.rawValue))"]
        lines.append("  views \(Format.thousands(day.views)), transactions \(Format.thousands(day.transactions))"
            + (day.conversionRate.map { ", conversion \(Format.percent($0, decimals: 2))" } ?? ""))
        let points = method.pools ? "previous days" : "same-weekday points"
        if let m = day.baselineMedian, let sigma = day.sigma {
            lines.append("  baseline \(method.centreName) \(Format.percent(m, decimals: 2)) from \(day.baselineDays) \(points), σ \(Format.percent(sigma, decimals: 3))")
            let deviation = day.deviation.map { Format.fixed($0, decimals: 2) } ?? (day.isAnomalous ? "∞" : "undefined")
            lines.append("  deviation \(deviation) σ" + (day.direction.map { ", \($0.rawValue), streak \(day.streak)" } ?? ""))
            if let run = day.runDeviation { lines.append("  last \(criticalStreak) days together \(Format.fixed(run, decimals: 2)) σ (\(method.rawValue))") }
        } else if let expected = day.expectedViews {
            lines.append("  no views; the same weekdays had a median of \(Format.fixed(expected, decimals: 0)) views (streak \(day.streak))")
        } else if day.status == .insufficientData {
            lines.append("  only \(day.baselineDays) baseline \(points) with views; the detector needs its full baseline")
        }
        lines.append("  segment: \(segmentSource)")
        if !alsoFlagged.isEmpty {
            let others = alsoFlagged.map { "\($0.segment) \($0.status.rawValue)" + ($0.deviation.map { " (\(Format.fixed($0, decimals: 2)) σ)" } ?? "") }
            lines.append("  also flagged among the monitored segments: " + others.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

/// A monitored segment with an alert on the checked day.
public struct FlaggedSegment: Codable, Sendable, Equatable {
    public var segment: Segment
    public var status: DetectorStatus
    public var alertLevel: AlertLevel
    @ExplicitNull public var deviation: Double? = nil
}
