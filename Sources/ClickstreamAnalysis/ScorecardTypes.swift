import ClickstreamCore

/// What the scorecard draws and measures. Codable so `scorecard.json` says how it was made.
public struct ScorecardSettings: Codable, Sendable, Equatable {
    /// Clean datasets to draw incidents in (seeds `seed`, `seed + 1`, …).
    public var datasets = 3
    /// Incidents on the grid of fractions, spread evenly over the fractions and datasets.
    public var trials = 3000
    /// Seed of the datasets and of every draw.
    public var seed: UInt64 = 1
    public var fractions = [0.1, 0.2, 0.4, 0.6, 0.8]
    /// Incident lengths are drawn uniformly from this range of days.
    public var shortestIncident = 3
    public var longestIncident = 21
    /// The methods compared; the first is the one the others are measured against.
    public var methods = DetectorMethod.allCases
    /// The hard case: a drop of `goalFraction` in the monitored segment whose normal
    /// transactions/day are nearest `goalTransactionsPerDay`, caught by day `goalDay`.
    public var goalTransactionsPerDay = 20.0
    public var goalFraction = 0.6
    public var goalDay = 3
    public var goalTrials = 600
    /// Recall is also broken down by the segment's normal transactions/day: below the first
    /// edge, between edges, from the last edge up.
    public var sizeEdges = [10.0, 25.0]
    /// The datasets have a fourth dimension, country, after the browser, drawn per visitor
    /// (`generate --export countries`): finer segments, and a dimension no incident depends
    /// on. nil (left out of scorecard.json) when they do not.
    public var countryDimension: Bool?

    public init() {}

    /// The clean datasets' seeds: `seed`, `seed + 1`, ….
    public var datasetSeeds: [UInt64] { (0..<UInt64(max(0, datasets))).map { seed &+ $0 } }

    /// Explains the first setting that cannot work, or nil.
    public var problem: String? {
        if datasets < 1 { return "datasets must be at least 1" }
        if trials < 0 || goalTrials < 0 { return "trials must not be negative" }
        if fractions.isEmpty || fractions.contains(where: { !($0 > 0 && $0 <= 1) }) { return "fractions must lie in (0, 1]" }
        if shortestIncident < 1 || longestIncident < shortestIncident { return "incident lengths must satisfy 1 ≤ shortest ≤ longest" }
        if methods.isEmpty { return "at least one detector method is needed" }
        if goalDay < 1 || !(goalFraction > 0 && goalFraction <= 1) { return "the goal needs a day ≥ 1 and a fraction in (0, 1]" }
        return nil
    }
}

/// One injected incident and the day each method first raised a critical drop alert
/// inside it (nil: no alert inside the window).
public struct ScorecardTrial: Codable, Sendable, Equatable {
    public var dataset: UInt64
    public var segment: Segment
    public var transactionsPerDay: Double
    public var start: Day
    public var days: Int
    public var fraction: Double
    /// Seed of `Incident.hits` for this incident.
    public var injectionSeed: UInt64
    /// 1-based day of the first alert, per method in `ScorecardSettings.methods` order.
    public var detectionDay: [Int?]

    public init(dataset: UInt64, segment: Segment, transactionsPerDay: Double, start: Day, days: Int, fraction: Double, injectionSeed: UInt64, detectionDay: [Int?]) {
        self.dataset = dataset
        self.segment = segment
        self.transactionsPerDay = transactionsPerDay
        self.start = start
        self.days = days
        self.fraction = fraction
        self.injectionSeed = injectionSeed
        self.detectionDay = detectionDay
    }
}

/// Recall and detection delay of one method at one fraction, over every incident or over
/// the segments of one size band.
public struct RecallRow: Codable, Sendable, Equatable {
    public var method: DetectorMethod
    /// The band, by normal transactions/day: at least `from`, below `to` (nil: unbounded;
    /// both nil: every segment).
    @ExplicitNull public var from: Double? = nil
    @ExplicitNull public var to: Double? = nil
    public var fraction: Double
    public var trials: Int
    /// Incidents with a critical drop alert inside their window.
    public var detected: Int
    /// … by the goal day.
    public var detectedByGoalDay: Int
    public var recall: Double
    public var recallByGoalDay: Double
    /// Median and 90th percentile (nearest rank) of the detection day among detected incidents.
    @ExplicitNull public var medianDetectionDay: Double? = nil
    @ExplicitNull public var p90DetectionDay: Double? = nil

    public init(method: DetectorMethod, from: Double? = nil, to: Double? = nil, fraction: Double, trials: Int, detected: Int, detectedByGoalDay: Int, recall: Double, recallByGoalDay: Double, medianDetectionDay: Double? = nil, p90DetectionDay: Double? = nil) {
        self.method = method
        self.from = from
        self.to = to
        self.fraction = fraction
        self.trials = trials
        self.detected = detected
        self.detectedByGoalDay = detectedByGoalDay
        self.recall = recall
        self.recallByGoalDay = recallByGoalDay
        self.medianDetectionDay = medianDetectionDay
        self.p90DetectionDay = p90DetectionDay
    }

    /// The band as text: `< 10`, `10–25`, `≥ 25`, or `all`.
    public var band: String {
        func number(_ value: Double) -> String { Format.fixed(value, decimals: 0) }
        switch (from, to) {
        case (nil, let to?): return "< \(number(to))"
        case (let from?, nil): return "≥ \(number(from))"
        case (let from?, let to?): return "\(number(from))–\(number(to))"
        case (nil, nil): return "all"
        }
    }
}

/// What one method does on clean data: every monitored segment of every dataset, no incident.
public struct FalseAlarmRow: Codable, Sendable, Equatable {
    public var method: DetectorMethod
    public var segments: Int
    /// Days with a verdict (not NO_DATA or INSUFFICIENT_DATA), all segments.
    public var judgedDays: Int
    public var segmentYears: Double
    public var anomalousDays: Int
    @ExplicitNull public var anomalousShare: Double? = nil
    /// Critical drop periods: false alarms, since no incident is there.
    public var dropPeriods: Int
    public var spikePeriods: Int
    @ExplicitNull public var dropPeriodsPerSegmentYear: Double? = nil
    @ExplicitNull public var spikePeriodsPerSegmentYear: Double? = nil

    public init(method: DetectorMethod, segments: Int, judgedDays: Int, segmentYears: Double, anomalousDays: Int, anomalousShare: Double? = nil, dropPeriods: Int, spikePeriods: Int, dropPeriodsPerSegmentYear: Double? = nil, spikePeriodsPerSegmentYear: Double? = nil) {
        self.method = method
        self.segments = segments
        self.judgedDays = judgedDays
        self.segmentYears = segmentYears
        self.anomalousDays = anomalousDays
        self.anomalousShare = anomalousShare
        self.dropPeriods = dropPeriods
        self.spikePeriods = spikePeriods
        self.dropPeriodsPerSegmentYear = dropPeriodsPerSegmentYear
        self.spikePeriodsPerSegmentYear = spikePeriodsPerSegmentYear
    }
}

/// The hard case, per method.
public struct GoalRow: Codable, Sendable, Equatable {
    public var method: DetectorMethod
    public var trials: Int
    public var detected: Int
    public var detectedByGoalDay: Int
    public var recallByGoalDay: Double
    @ExplicitNull public var medianDetectionDay: Double? = nil

    public init(method: DetectorMethod, trials: Int, detected: Int, detectedByGoalDay: Int, recallByGoalDay: Double, medianDetectionDay: Double? = nil) {
        self.method = method
        self.trials = trials
        self.detected = detected
        self.detectedByGoalDay = detectedByGoalDay
        self.recallByGoalDay = recallByGoalDay
        self.medianDetectionDay = medianDetectionDay
    }
}

/// Everything `scorecard` measures, as written to `scorecard.json`.
public struct ScorecardResult: Codable, Sendable, Equatable {
    public var toolVersion: String
    public var settings: ScorecardSettings
    /// The detector parameters (k, C, W, …) every method ran with.
    public var analysis: AnalysisSettings
    public var datasets: [UInt64]
    public var recall: [RecallRow]
    /// The same by segment size (`ScorecardSettings.sizeEdges`).
    public var recallBySize: [RecallRow]
    public var falseAlarms: [FalseAlarmRow]
    /// The segments the hard case ran on, one per dataset, with their normal transactions/day.
    public var goalSegments: [GoalSegment]
    public var goal: [GoalRow]
    /// Incidents measured on the grid and in the hard case.
    public var trialCount: Int
    public var goalTrialCount: Int
    /// Every incident and its detection days (empty in `summary`).
    public var trials: [ScorecardTrial]
    public var goalTrials: [ScorecardTrial]

    public init(toolVersion: String, settings: ScorecardSettings, analysis: AnalysisSettings, datasets: [UInt64], recall: [RecallRow], recallBySize: [RecallRow], falseAlarms: [FalseAlarmRow], goalSegments: [GoalSegment], goal: [GoalRow], trialCount: Int, goalTrialCount: Int, trials: [ScorecardTrial], goalTrials: [ScorecardTrial]) {
        self.toolVersion = toolVersion
        self.settings = settings
        self.analysis = analysis
        self.datasets = datasets
        self.recall = recall
        self.recallBySize = recallBySize
        self.falseAlarms = falseAlarms
        self.goalSegments = goalSegments
        self.goal = goal
        self.trialCount = trialCount
        self.goalTrialCount = goalTrialCount
        self.trials = trials
        self.goalTrials = goalTrials
    }

    /// The figures without the per-incident list (what the report reads and publishes).
    public var summary: ScorecardResult {
        var copy = self
        copy.trials = []
        copy.goalTrials = []
        return copy
    }

    /// True when this scorecard was made by this tool version with these settings and the
    /// same detector parameters (the segment, incident start and method in force do not
    /// change it: every method is measured).
    public func matches(settings: ScorecardSettings, analysis: AnalysisSettings) -> Bool {
        func parameters(_ s: AnalysisSettings) -> AnalysisSettings {
            var s = s
            s.detector = .spec
            s.detectorSegment = nil
            s.incidentStart = nil
            s.minTransactionsPerDay = 0
            s.manualDetectionDays = 1
            return s
        }
        return toolVersion == ToolVersion.current && self.settings == settings && parameters(self.analysis) == parameters(analysis)
    }

    public struct GoalSegment: Codable, Sendable, Equatable {
        public var dataset: UInt64
        public var segment: Segment
        public var transactionsPerDay: Double

        public init(dataset: UInt64, segment: Segment, transactionsPerDay: Double) {
            self.dataset = dataset
            self.segment = segment
            self.transactionsPerDay = transactionsPerDay
        }
    }

    /// The method other than the reference (the first, the spec's) that catches the hard
    /// case by the goal day most often, if it catches it more often than the reference.
    public var challenger: DetectorMethod? {
        guard let reference = goal.first else { return nil }
        let best = goal.dropFirst().max { $0.recallByGoalDay < $1.recallByGoalDay }
        guard let best, best.recallByGoalDay > reference.recallByGoalDay else { return nil }
        return best.method
    }

    /// The goals a default detector must meet: catch at least this share of the hard case
    /// by the goal day…
    public static let goalRecall = 0.9
    /// … and raise at most these false critical periods per segment-year on clean data.
    public static let maxFalseDropsPerSegmentYear = 0.05
    public static let maxFalseSpikesPerSegmentYear = 0.25

    /// Whether `method` meets all three goals on this scorecard.
    public func meetsGoals(_ method: DetectorMethod) -> Bool {
        guard let goal = goal.first(where: { $0.method == method }), let alarms = falseAlarms.first(where: { $0.method == method }),
              let drops = alarms.dropPeriodsPerSegmentYear, let spikes = alarms.spikePeriodsPerSegmentYear else { return false }
        return goal.recallByGoalDay >= Self.goalRecall && drops <= Self.maxFalseDropsPerSegmentYear
            && spikes <= Self.maxFalseSpikesPerSegmentYear
    }

    /// The methods that meet the goals, in the scorecard's order.
    public var methodsMeetingGoals: [DetectorMethod] { goal.map(\.method).filter(meetsGoals) }

    /// Of the methods that meet the goals, the one that catches the hard case by the goal
    /// day most often: the method to make the default.
    public var winner: DetectorMethod? {
        goal.filter { meetsGoals($0.method) }.max { $0.recallByGoalDay < $1.recallByGoalDay }?.method
    }
}
