import ClickstreamCore

/// One segment's detector summary in the multi-combination validation (SPEC 9).
public struct SegmentValidation: Codable, Sendable, Equatable {
    public var segment: Segment
    public var normalViewsPerDay: Double
    public var normalTransactionsPerDay: Double
    /// Days with a status other than NO_DATA or INSUFFICIENT_DATA.
    public var daysEvaluated: Int
    public var anomalousDays: Int
    /// anomalousDays / daysEvaluated (nil when nothing was evaluated).
    @ExplicitNull public var anomalousShare: Double? = nil
    /// Both directions.
    public var criticalPeriods: [CriticalPeriod]
    /// The finite deviation of largest magnitude, with its sign.
    @ExplicitNull public var worstDeviation: Double? = nil
    /// The most negative finite deviation (the deepest drop day; nil when no day fell below its baseline).
    @ExplicitNull public var deepestDrop: Double? = nil
    /// The most positive finite deviation (the highest spike day; nil when no day rose above it).
    @ExplicitNull public var highestSpike: Double? = nil
}

/// Whether the incident is specific to the detector's segment.
public struct ValidationSummary: Codable, Sendable, Equatable {
    /// The detector's segment has a drop critical period overlapping the recent period and
    /// no other evaluated segment has one.
    public var isolated: Bool
    /// Other evaluated segments with a drop critical period overlapping the recent period.
    public var alsoDropping: [Segment]
    public var segmentsEvaluated: Int
}

/// Section 9: the same detector on every segment with enough volume, to show the incident
/// is isolated.
public struct Validation: Sendable, Equatable {
    public var segments: [SegmentValidation]
    public var summary: ValidationSummary

    /// - Parameter runs: where the detector's runs come from (a fresh set unless the
    ///   analysis shares its own).
    public init(data: DailySeries, periods: Periods, detectorRun: DetectorRun?, settings: AnalysisSettings,
                runs: DetectorRuns? = nil) {
        let runs = runs ?? DetectorRuns(data: data)
        let detector = Detector(settings: settings)
        var evaluated: [SegmentValidation] = []
        for segment in data.segments {
            let counts = data.counts(of: segment)
            guard let normal = periods.normal else { continue }
            let indices = data.indices(of: normal)
            let views = Double(counts.views[indices].reduce(0, +)) / Double(normal.days)
            let transactions = Double(counts.transactions[indices].reduce(0, +)) / Double(normal.days)
            guard views >= settings.minViewsPerDay, transactions >= settings.minValidationTransactionsPerDay else { continue }
            let days = runs.days(of: segment, settings: settings)
            let judged = days.filter(\.isJudged)
            let anomalous = judged.filter(\.isAnomalous).count
            let deviations = judged.compactMap(\.deviation).filter(\.isFinite)
            let worst = deviations.max { abs($0) < abs($1) }
            evaluated.append(SegmentValidation(
                segment: segment, normalViewsPerDay: views, normalTransactionsPerDay: transactions,
                daysEvaluated: judged.count, anomalousDays: anomalous,
                anomalousShare: judged.isEmpty ? nil : Double(anomalous) / Double(judged.count),
                criticalPeriods: detector.criticalPeriods(days), worstDeviation: worst,
                deepestDrop: deviations.filter { $0 < 0 }.min(), highestSpike: deviations.filter { $0 > 0 }.max()))
        }
        evaluated.sort {
            $0.normalViewsPerDay != $1.normalViewsPerDay ? $0.normalViewsPerDay > $1.normalViewsPerDay : $0.segment < $1.segment
        }
        segments = evaluated
        let recent = periods.recent
        func dropsRecently(_ critical: [CriticalPeriod]) -> Bool {
            critical.contains { $0.direction == .drop && $0.overlaps(recent) }
        }
        let detectorDrops = detectorRun.map { dropsRecently($0.criticalPeriods) } ?? false
        // Segments inside the detector's (a pattern's children) are its drop, not others.
        let others = evaluated.filter { v in !(detectorRun?.segment.matches(v.segment) ?? false) && dropsRecently(v.criticalPeriods) }
            .map(\.segment)
        summary = ValidationSummary(isolated: detectorDrops && others.isEmpty, alsoDropping: others,
                                    segmentsEvaluated: evaluated.count)
    }
}
