import ClickstreamAnalysis
import ClickstreamCore

/// Measures detector methods on injected incidents: recall, detection day and false alarms.
///
/// Each trial takes a clean dataset, a monitored segment, a start, a length and a fraction,
/// converts the transactions `inject` would convert (same rows, same seed rule), and runs
/// every method on the segment's series. False alarms come from every monitored segment of
/// the clean datasets. Trials work on daily counts, so thousands take seconds; each draws
/// from its own seed, so the result is the same whatever the number of threads.
public struct Scorecard: Sendable {
    public var settings: ScorecardSettings
    /// k, C, W and the rest; `detector` is replaced by each method in turn.
    public var analysis: AnalysisSettings

    public init(settings: ScorecardSettings = ScorecardSettings(), analysis: AnalysisSettings = AnalysisSettings()) {
        self.settings = settings
        self.analysis = analysis
    }

    /// A method's verdicts on one series.
    public typealias Evaluator = @Sendable (_ views: [Int], _ transactions: [Int], _ first: Day) -> [DetectorDay]

    /// The detector with `method` and the scorecard's parameters.
    public func evaluator(_ method: DetectorMethod) -> Evaluator {
        var settings = analysis
        settings.detector = method
        let detector = Detector(settings: settings)
        return { detector.evaluate(views: $0, transactions: $1, first: $2) }
    }

    /// Runs the trials, the hard case and the false-alarm count on `data`.
    public func run(on data: [ScorecardData]) -> ScorecardResult {
        run(on: data, evaluators: settings.methods.map(evaluator))
    }

    /// As `run(on:)`, with the methods' evaluators given (tests pass detectors that never or
    /// always alert).
    public func run(on data: [ScorecardData], evaluators: [Evaluator]) -> ScorecardResult {
        let usable = data.filter { !$0.segments.isEmpty }
        let trials = Parallel.map(draw(settings.trials, on: usable, goal: false)) { measure($0, in: usable, evaluators: evaluators) }
        let goalTrials = Parallel.map(draw(settings.goalTrials, on: usable, goal: true)) { measure($0, in: usable, evaluators: evaluators) }
        var analysis = analysis
        analysis.detectorSegment = nil
        analysis.incidentStart = nil
        return ScorecardResult(
            toolVersion: ToolVersion.current, settings: settings, analysis: analysis, datasets: data.map(\.seed),
            recall: recallRows(trials), recallBySize: sizeRows(trials), falseAlarms: falseAlarms(usable, evaluators: evaluators),
            goalSegments: usable.compactMap { d in goalSegment(d).map { .init(dataset: d.seed, segment: $0.segment, transactionsPerDay: $0.normalTransactionsPerDay) } },
            goal: goalRows(goalTrials), trialCount: trials.count, goalTrialCount: goalTrials.count, trials: trials,
            goalTrials: goalTrials)
    }

    // MARK: Drawing incidents

    /// An incident before it is measured: where it lands, by index.
    struct Draw: Sendable {
        var dataset: Int
        var segment: Int
        var start: Int
        var days: Int
        var fraction: Double
        var seed: UInt64
    }

    /// The monitored segment whose normal transactions/day are nearest the goal's.
    func goalSegment(_ data: ScorecardData) -> MonitoredSegment? {
        data.segments.min {
            (abs($0.normalTransactionsPerDay - settings.goalTransactionsPerDay), $0.segment)
                < (abs($1.normalTransactionsPerDay - settings.goalTransactionsPerDay), $1.segment)
        }
    }

    /// `count` incidents, each from its own seed: datasets and fractions in turn, the rest drawn.
    func draw(_ count: Int, on data: [ScorecardData], goal: Bool) -> [Draw] {
        guard !data.isEmpty else { return [] }
        let history = 7 * analysis.baselineWeeks
        return (0..<count).compactMap { i in
            var rng = Xoshiro256StarStar(seed: SplitMix64.hash(settings.seed, goal ? 0x60A1 : 0x7A1A, UInt64(i)))
            let datasetIndex = i % data.count
            let dataset = data[datasetIndex]
            let fraction = goal ? settings.goalFraction : settings.fractions[(i / data.count) % settings.fractions.count]
            let segment: Int
            if goal, let target = goalSegment(dataset) {
                segment = dataset.segments.firstIndex { $0.segment == target.segment } ?? 0
            } else {
                segment = rng.below(dataset.segments.count)
            }
            let shortest = goal ? max(settings.shortestIncident, settings.goalDay) : settings.shortestIncident
            let longest = max(shortest, settings.longestIncident)
            let days = shortest + rng.below(longest - shortest + 1)
            // The start leaves W weeks of history before it and the whole window inside the data.
            let latest = dataset.series.dayCount - days
            guard latest >= history else { return nil }
            let start = history + rng.below(latest - history + 1)
            return Draw(dataset: datasetIndex, segment: segment, start: start, days: days, fraction: fraction, seed: rng.next())
        }
    }

    /// Injects one incident and runs every method over the series up to its last day.
    func measure(_ draw: Draw, in data: [ScorecardData], evaluators: [Evaluator]) -> ScorecardTrial {
        let dataset = data[draw.dataset]
        let monitored = dataset.segments[draw.segment]
        let counts = monitored.injected(start: draw.start, days: draw.days, fraction: draw.fraction, seed: draw.seed)
        let end = draw.start + draw.days
        let views = Array(counts.views[..<end]), transactions = Array(counts.transactions[..<end])
        let detection = evaluators.map { evaluate -> Int? in
            let days = evaluate(views, transactions, dataset.series.firstDay)
            return (draw.start..<end).first { days[$0].alertLevel == .high && days[$0].direction == .drop }
                .map { $0 - draw.start + 1 }
        }
        return ScorecardTrial(dataset: dataset.seed, segment: monitored.segment,
                              transactionsPerDay: monitored.normalTransactionsPerDay,
                              start: dataset.series.firstDay.advanced(by: draw.start), days: draw.days,
                              fraction: draw.fraction, injectionSeed: draw.seed, detectionDay: detection)
    }

    // MARK: Summaries

    /// What a set of incidents says about one method: the detection days of those detected,
    /// and how many came by the goal day.
    struct Tally {
        var trials: Int
        var found: [Int]
        var early: Int
        var recall: Double { Scorecard.share(found.count, trials) }
        var recallByGoalDay: Double { Scorecard.share(early, trials) }

        init(_ days: [Int?], goalDay: Int) {
            trials = days.count
            found = days.compactMap { $0 }
            early = found.filter { $0 <= goalDay }.count
        }
    }

    func tally(_ trials: [ScorecardTrial], method index: Int, where include: (ScorecardTrial) -> Bool = { _ in true }) -> Tally {
        Tally(trials.filter(include).map { $0.detectionDay[index] }, goalDay: settings.goalDay)
    }

    /// Recall per method and fraction, over every incident.
    func recallRows(_ trials: [ScorecardTrial]) -> [RecallRow] {
        settings.methods.indices.flatMap { index in
            settings.fractions.map { recallRow(trials, method: index, fraction: $0, from: nil, to: nil) }
        }
    }

    /// Recall per method, size band and fraction.
    func sizeRows(_ trials: [ScorecardTrial]) -> [RecallRow] {
        let edges = settings.sizeEdges.sorted().map { Optional($0) }
        let bands = Array(zip([nil] + edges, edges + [nil]))
        return settings.methods.indices.flatMap { index in
            bands.flatMap { from, to in
                settings.fractions.map { recallRow(trials, method: index, fraction: $0, from: from, to: to) }
            }
        }
    }

    /// One method at one fraction, over the incidents in segments of normal transactions/day
    /// in [from, to).
    func recallRow(_ trials: [ScorecardTrial], method index: Int, fraction: Double, from: Double?, to: Double?) -> RecallRow {
        let t = tally(trials, method: index) {
            $0.fraction == fraction && $0.transactionsPerDay >= (from ?? -.infinity) && $0.transactionsPerDay < (to ?? .infinity)
        }
        return RecallRow(method: settings.methods[index], from: from, to: to, fraction: fraction, trials: t.trials,
                         detected: t.found.count, detectedByGoalDay: t.early, recall: t.recall, recallByGoalDay: t.recallByGoalDay,
                         medianDetectionDay: Statistics.median(t.found.map(Double.init)), p90DetectionDay: Self.percentile(t.found, 0.9))
    }

    func goalRows(_ trials: [ScorecardTrial]) -> [GoalRow] {
        settings.methods.enumerated().map { index, method in
            let t = tally(trials, method: index)
            return GoalRow(method: method, trials: t.trials, detected: t.found.count, detectedByGoalDay: t.early,
                           recallByGoalDay: t.recallByGoalDay, medianDetectionDay: Statistics.median(t.found.map(Double.init)))
        }
    }

    /// Every method on every monitored segment of the clean data.
    func falseAlarms(_ data: [ScorecardData], evaluators: [Evaluator]) -> [FalseAlarmRow] {
        let detector = Detector(settings: analysis)
        let series = data.flatMap { d in d.segments.map { (d.series.firstDay, $0.counts) } }
        return zip(settings.methods, evaluators).map { method, evaluate in
            let runs = Parallel.map(series) { first, counts in evaluate(counts.views, counts.transactions, first) }
            var row = FalseAlarmRow(method: method, segments: series.count, judgedDays: 0, segmentYears: 0, anomalousDays: 0,
                                    dropPeriods: 0, spikePeriods: 0)
            for days in runs {
                row.judgedDays += days.filter(\.isJudged).count
                row.anomalousDays += days.filter(\.isAnomalous).count
                let periods = detector.criticalPeriods(days)
                row.dropPeriods += periods.filter { $0.direction == .drop }.count
                row.spikePeriods += periods.filter { $0.direction == .spike }.count
            }
            row.segmentYears = Double(row.judgedDays) / 365
            row.anomalousShare = row.judgedDays == 0 ? nil : Double(row.anomalousDays) / Double(row.judgedDays)
            row.dropPeriodsPerSegmentYear = row.segmentYears == 0 ? nil : Double(row.dropPeriods) / row.segmentYears
            row.spikePeriodsPerSegmentYear = row.segmentYears == 0 ? nil : Double(row.spikePeriods) / row.segmentYears
            return row
        }
    }

    static func share(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

    /// The nearest-rank percentile; nil for no values.
    static func percentile(_ values: [Int], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return Double(sorted[max(0, min(sorted.count - 1, rank - 1))])
    }
}
