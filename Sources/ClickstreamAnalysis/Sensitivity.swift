import ClickstreamCore

/// What a looser or stricter detector would have said on the analysed data, so an analyst
/// can see the cost of a setting before changing it: per monitored segment, anomalous days
/// and critical periods at several thresholds k; and per minimum volume, how many segments
/// would be monitored and how many alerts they would raise.
public struct Sensitivity: Codable, Sendable, Equatable {
    /// The thresholds tried (the one in force among them).
    public var thresholds: [Double]
    public var segments: [SegmentSensitivity]
    public var floors: [FloorSensitivity]

    public static let defaultThresholds = [1.5, 2.0, 2.5, 3.0]
    public static let defaultFloors = [1.0, 3.0, 5.0, 10.0, 20.0]

    /// The detector at each threshold on every segment the validation monitors; the floors
    /// vary the validation's transactions/day minimum, all else as `settings` says.
    public init(data: DailySeries, periods: Periods, settings: AnalysisSettings,
                thresholds: [Double] = Sensitivity.defaultThresholds, floors: [Double] = Sensitivity.defaultFloors,
                runs: DetectorRuns? = nil) {
        let runs = runs ?? DetectorRuns(data: data)
        let thresholds = Array(Set(thresholds + [settings.threshold])).sorted()
        self.thresholds = thresholds
        var loosest = settings
        loosest.minValidationTransactionsPerDay = min(floors.min() ?? 0, settings.minValidationTransactionsPerDay)
        let candidates = Validation(data: data, periods: periods, detectorRun: nil, settings: loosest, runs: runs).segments
        let outcomes: [(SegmentValidation, [Outcome])] = candidates.map { candidate in
            let outcomes = thresholds.map { k -> Outcome in
                var s = settings
                s.threshold = k
                let detector = Detector(settings: s)
                let days = runs.days(of: candidate.segment, settings: s)
                let periods = detector.criticalPeriods(days)
                return Outcome(threshold: k, anomalousDays: days.filter(\.isAnomalous).count,
                               dropPeriods: periods.filter { $0.direction == .drop }.count,
                               spikePeriods: periods.filter { $0.direction == .spike }.count)
            }
            return (candidate, outcomes)
        }
        segments = outcomes.filter { $0.0.normalTransactionsPerDay >= settings.minValidationTransactionsPerDay }.map {
            SegmentSensitivity(segment: $0.0.segment, normalTransactionsPerDay: $0.0.normalTransactionsPerDay, outcomes: $0.1)
        }
        let current = thresholds.firstIndex(of: settings.threshold) ?? 0
        self.floors = floors.map { floor in
            let outcomes = outcomes.filter { $0.0.normalTransactionsPerDay >= floor }.map { $0.1[current] }
            return FloorSensitivity(minTransactionsPerDay: floor, segments: outcomes.count,
                                    anomalousDays: outcomes.reduce(0) { $0 + $1.anomalousDays },
                                    dropPeriods: outcomes.reduce(0) { $0 + $1.dropPeriods },
                                    spikePeriods: outcomes.reduce(0) { $0 + $1.spikePeriods })
        }
    }

    /// One threshold's result on one segment.
    public struct Outcome: Codable, Sendable, Equatable {
        public var threshold: Double
        public var anomalousDays: Int
        public var dropPeriods: Int
        public var spikePeriods: Int
    }
}

/// One monitored segment at every threshold tried.
public struct SegmentSensitivity: Codable, Sendable, Equatable {
    public var segment: Segment
    public var normalTransactionsPerDay: Double
    public var outcomes: [Sensitivity.Outcome]
}

/// The monitored segments and their alerts (at the threshold in force) under one minimum
/// of normal transactions/day.
public struct FloorSensitivity: Codable, Sendable, Equatable {
    public var minTransactionsPerDay: Double
    public var segments: Int
    public var anomalousDays: Int
    public var dropPeriods: Int
    public var spikePeriods: Int
}
