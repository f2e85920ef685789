import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore

/// The detector scorecard: measured recall, detection day and false alarms per method, the
/// hard case, and the sensitivity of the analysed data to k and the volume minimum.
struct ScorecardSection: SectionModel {
    struct Label: Encodable { var label: String }
    struct Cell: Encodable { var value: String }

    struct SensitivityRow: Encodable {
        var segment: String
        var fullName: String
        /// The segment's page, "" when it has none.
        var page: String
        var hasPage: Bool
        var transactionsPerDay: String
        var cells: [Cell]
    }

    struct FloorRow: Encodable {
        var floor: String
        var segments: String
        var anomalousDays: String
        var dropPeriods: String
        var spikePeriods: String
        var inForce: String
    }

    struct MethodRow: Encodable {
        var method: String
        var label: String
        var cells: [Cell]
    }

    struct SizeRow: Encodable {
        var method: String
        var band: String
        var trials: String
        var cells: [Cell]
    }

    struct FalseAlarms: Encodable {
        var method: String
        var segments: String
        var segmentYears: String
        var anomalousShare: String
        var dropPeriods: String
        var perYear: String
        var spikePeriods: String
        var spikesPerYear: String
    }

    struct GoalRow: Encodable {
        var method: String
        var trials: String
        var byGoalDay: String
        var detected: String
        var median: String
    }

    /// What the scorecard measured (nil when no scorecard was given).
    struct Measured: SharedFacts {
        var trials: String
        var goalTrials: String
        var datasets: String
        var seeds: String
        var shortest: String
        var longest: String
        var goalDay: String
        var goalFraction: String
        var goalTransactionsPerDay: String
        var goalSegments: String
        /// Weeks of data every injected incident has before it (the detector's W).
        var historyWeeks: String
        var fractionHeaders: [Label]
        var recallTable: [MethodRow]
        var delayTable: [MethodRow]
        var sizeTable: [SizeRow]
        var falseAlarms: [FalseAlarms]
        var goal: [GoalRow]
        var hasChallenger: Bool
        var noChallenger: Bool
        var challenger: String
        var hasWinner: Bool
        var noWinner: Bool
        var winner: String
        var winnerInForce: Bool
        var meeting: String
        var goalRecall: String
        var maxDrops: String
        var maxSpikes: String
        var chart_recall: String
        var chart_delay: String
    }

    var hasScorecard: Bool
    var noScorecard: Bool
    var hasSensitivity: Bool?
    var thresholdHeaders: [Label]?
    var sensitivityRows: [SensitivityRow]?
    var floorRows: [FloorRow]?
    var threshold: String?
    var measured: Measured?

    init(_ input: ReportInput, pages: SegmentPageIndex, charts: inout ChartShelf) {
        typealias F = ReportFormat
        let results = input.results
        if let sensitivity = results.sensitivity {
            hasSensitivity = !sensitivity.segments.isEmpty
            thresholdHeaders = sensitivity.thresholds.map { Label(label: "k = \(F.decimal($0, 1))") }
            sensitivityRows = sensitivity.segments.map { row in
                let page = pages.path(of: SegmentPattern(row.segment))
                return SensitivityRow(segment: DisplayName.short(row.segment.displayName, limit: ReportModel.nameLimit),
                               fullName: row.segment.displayName, page: page, hasPage: !page.isEmpty,
                               transactionsPerDay: F.decimal(row.normalTransactionsPerDay, 1),
                               cells: row.outcomes.map { Cell(value: "\($0.anomalousDays) / \($0.dropPeriods + $0.spikePeriods)") })
            }
            floorRows = sensitivity.floors.map {
                FloorRow(floor: F.decimal($0.minTransactionsPerDay, 0), segments: String($0.segments), anomalousDays: F.count($0.anomalousDays),
                         dropPeriods: String($0.dropPeriods), spikePeriods: String($0.spikePeriods),
                         inForce: $0.minTransactionsPerDay == results.settings.minValidationTransactionsPerDay ? "in force" : "")
            }
            threshold = F.decimal(results.settings.threshold, 1)
        }
        hasScorecard = input.scorecard != nil
        noScorecard = input.scorecard == nil
        measured = input.scorecard.map { Self.measured($0, inForce: results.settings.detector, charts: &charts) }
    }

    private static func measured(_ card: ScorecardResult, inForce: DetectorMethod, charts: inout ChartShelf) -> Measured {
        typealias F = ReportFormat
        let methods = card.settings.methods, fractions = card.settings.fractions
        func row(_ method: DetectorMethod, _ fraction: Double) -> RecallRow? {
            card.recall.first { $0.method == method && $0.fraction == fraction }
        }
        func day(_ value: Double?) -> String { F.decimal(value, 1) }
        /// One row per method, one cell per fraction.
        func table(_ cell: (RecallRow) -> String) -> [MethodRow] {
            methods.map { method in
                MethodRow(method: method.rawValue, label: method.label,
                          cells: fractions.map { Cell(value: row(method, $0).map(cell) ?? F.missing) })
            }
        }
        // The hard case's segment in each dataset, once per segment with its range of volumes.
        var names: [Segment] = []
        for goal in card.goalSegments where !names.contains(goal.segment) { names.append(goal.segment) }
        let segments = names.map { segment -> String in
            let volumes = card.goalSegments.filter { $0.segment == segment }.map(\.transactionsPerDay)
            let low = F.decimal(volumes.min(), 1), high = F.decimal(volumes.max(), 1)
            return "\(segment.displayName) (\(low == high ? low : "\(low)–\(high)") a day)"
        }
        // By segment size, for the reference method and the challenger.
        let shown = [methods.first, card.challenger].compactMap { $0 }
        var bands: [String] = []
        for row in card.recallBySize where !bands.contains(row.band) { bands.append(row.band) }
        let sizeTable = shown.flatMap { method in
            bands.map { band -> SizeRow in
                let rows = card.recallBySize.filter { $0.method == method && $0.band == band }
                let cells = fractions.map { fraction in
                    Cell(value: rows.first { $0.fraction == fraction }.map { "\(F.measured($0.recall)) (\(F.measured($0.recallByGoalDay)))" } ?? F.missing)
                }
                return SizeRow(method: method.rawValue, band: band, trials: F.count(rows.reduce(0) { $0 + $1.trials }), cells: cells)
            }
        }
        let recallTable = table { "\(F.measured($0.recall)) (\(F.measured($0.recallByGoalDay)))" }
        let delayTable = table { "\(day($0.medianDetectionDay)) / \(day($0.p90DetectionDay))" }
        let recallChart = charts.place(ScorecardChart.recall(card)), delayChart = charts.place(ScorecardChart.detectionDay(card))
        return Measured(
            trials: F.count(card.trialCount), goalTrials: F.count(card.goalTrialCount), datasets: String(card.datasets.count),
            seeds: card.datasets.map(String.init).joined(separator: ", "), shortest: String(card.settings.shortestIncident),
            longest: String(card.settings.longestIncident), goalDay: String(card.settings.goalDay),
            goalFraction: F.share(card.settings.goalFraction), goalTransactionsPerDay: F.decimal(card.settings.goalTransactionsPerDay, 0),
            goalSegments: segments.joined(separator: ", "), historyWeeks: NumberWords.spelled(card.analysis.baselineWeeks),
            fractionHeaders: fractions.map { Label(label: F.share($0)) },
            recallTable: recallTable, delayTable: delayTable, sizeTable: sizeTable,
            falseAlarms: card.falseAlarms.map {
                FalseAlarms(method: $0.method.rawValue, segments: String($0.segments), segmentYears: F.decimal($0.segmentYears, 1),
                            anomalousShare: F.measured($0.anomalousShare), dropPeriods: String($0.dropPeriods),
                            perYear: F.decimal($0.dropPeriodsPerSegmentYear, 2), spikePeriods: String($0.spikePeriods),
                            spikesPerYear: F.decimal($0.spikePeriodsPerSegmentYear, 2))
            },
            goal: card.goal.map {
                GoalRow(method: $0.method.rawValue, trials: F.count($0.trials), byGoalDay: F.measured($0.recallByGoalDay),
                        detected: F.measured(Double($0.detected) / Double(max($0.trials, 1))), median: day($0.medianDetectionDay))
            },
            hasChallenger: card.challenger != nil, noChallenger: card.challenger == nil, challenger: card.challenger?.rawValue ?? "",
            hasWinner: card.winner != nil, noWinner: card.winner == nil, winner: card.winner?.rawValue ?? "",
            winnerInForce: card.winner == inForce, meeting: card.methodsMeetingGoals.map(\.rawValue).joined(separator: ", "),
            goalRecall: F.share(ScorecardResult.goalRecall), maxDrops: F.decimal(ScorecardResult.maxFalseDropsPerSegmentYear, 2),
            maxSpikes: F.decimal(ScorecardResult.maxFalseSpikesPerSegmentYear, 2), chart_recall: recallChart, chart_delay: delayChart)
    }
}
