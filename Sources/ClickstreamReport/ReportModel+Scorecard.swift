import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore

/// The detector scorecard section: measured recall, detection day and false alarms per
/// method, the hard case, and the sensitivity of the analysed data.
extension ReportModel {
    mutating func scorecard() -> [String: Any] {
        var context: [String: Any] = ["hasScorecard": false, "noScorecard": true]
        if let sensitivity = results.sensitivity {
            context["hasSensitivity"] = !sensitivity.segments.isEmpty
            context["thresholdHeaders"] = sensitivity.thresholds.map { ["label": "k = \(F.decimal($0, 1))"] }
            context["sensitivityRows"] = sensitivity.segments.map { row -> [String: Any] in
                ["segment": row.segment.description, "transactionsPerDay": F.decimal(row.normalTransactionsPerDay, 1),
                 "cells": row.outcomes.map { ["value": "\($0.anomalousDays) / \($0.dropPeriods + $0.spikePeriods)"] }]
            }
            context["floorRows"] = sensitivity.floors.map {
                ["floor": F.decimal($0.minTransactionsPerDay, 0), "segments": String($0.segments), "anomalousDays": F.count($0.anomalousDays),
                 "dropPeriods": String($0.dropPeriods), "spikePeriods": String($0.spikePeriods),
                 "inForce": $0.minTransactionsPerDay == results.settings.minValidationTransactionsPerDay ? "in force" : ""]
            }
            context["threshold"] = F.decimal(results.settings.threshold, 1)
        }
        guard let card = input.scorecard else { return context }
        let methods = card.settings.methods, fractions = card.settings.fractions
        func row(_ method: DetectorMethod, _ fraction: Double) -> RecallRow? {
            card.recall.first { $0.method == method && $0.fraction == fraction }
        }
        func day(_ value: Double?) -> String { F.decimal(value, 1) }
        /// One row per method, one cell per fraction.
        func table(_ cell: (RecallRow) -> String) -> [[String: Any]] {
            methods.map { method in
                let cells: [[String: String]] = fractions.map { ["value": row(method, $0).map(cell) ?? F.missing] }
                return ["method": method.rawValue, "label": method.label, "cells": cells]
            }
        }
        // The hard case's segment in each dataset, once per segment with its range of volumes.
        var names: [Segment] = []
        for goal in card.goalSegments where !names.contains(goal.segment) { names.append(goal.segment) }
        let segments = names.map { segment -> String in
            let volumes = card.goalSegments.filter { $0.segment == segment }.map(\.transactionsPerDay)
            let low = F.decimal(volumes.min(), 1), high = F.decimal(volumes.max(), 1)
            return "\(segment) (\(low == high ? low : "\(low)–\(high)") a day)"
        }
        let falseAlarms: [[String: String]] = card.falseAlarms.map {
            ["method": $0.method.rawValue, "segments": String($0.segments), "segmentYears": F.decimal($0.segmentYears, 1),
             "anomalousShare": F.measured($0.anomalousShare), "dropPeriods": String($0.dropPeriods),
             "perYear": F.decimal($0.dropPeriodsPerSegmentYear, 2), "spikePeriods": String($0.spikePeriods)]
        }
        let goal: [[String: String]] = card.goal.map {
            ["method": $0.method.rawValue, "trials": F.count($0.trials), "byGoalDay": F.measured($0.recallByGoalDay),
             "detected": F.measured(Double($0.detected) / Double(max($0.trials, 1))), "median": day($0.medianDetectionDay)]
        }
        let headers: [[String: String]] = fractions.map { ["label": F.share($0)] }
        // By segment size, for the reference method and the challenger.
        let shown = [methods.first, card.challenger].compactMap { $0 }
        var bands: [String] = []
        for row in card.recallBySize where !bands.contains(row.band) { bands.append(row.band) }
        let sizeTable: [[String: Any]] = shown.flatMap { method in
            bands.map { band -> [String: Any] in
                let rows = card.recallBySize.filter { $0.method == method && $0.band == band }
                let cells: [[String: String]] = fractions.map { fraction in
                    ["value": rows.first { $0.fraction == fraction }.map { "\(F.measured($0.recall)) (\(F.measured($0.recallByGoalDay)))" } ?? F.missing]
                }
                return ["method": method.rawValue, "band": band, "trials": F.count(rows.reduce(0) { $0 + $1.trials }), "cells": cells]
            }
        }
        let recallTable = table { "\(F.measured($0.recall)) (\(F.measured($0.recallByGoalDay)))" }
        let delayTable = table { "\(day($0.medianDetectionDay)) / \(day($0.p90DetectionDay))" }
        let charts = [chart(ScorecardChart.recall(card)), chart(ScorecardChart.detectionDay(card))]
        let counts: [String: Any] = [
            "hasScorecard": true, "noScorecard": false,
            "trials": F.count(card.trialCount), "goalTrials": F.count(card.goalTrialCount),
            "datasets": String(card.datasets.count), "seeds": card.datasets.map(String.init).joined(separator: ", "),
            "shortest": String(card.settings.shortestIncident), "longest": String(card.settings.longestIncident),
            "goalDay": String(card.settings.goalDay), "goalFraction": F.share(card.settings.goalFraction),
            "goalTransactionsPerDay": F.decimal(card.settings.goalTransactionsPerDay, 0),
            "goalSegments": segments.joined(separator: ", "),
        ]
        context.merge(counts) { _, new in new }
        context.merge([
            "fractionHeaders": headers, "recallTable": recallTable, "delayTable": delayTable, "sizeTable": sizeTable,
            "falseAlarms": falseAlarms, "goal": goal,
            "hasChallenger": card.challenger != nil, "noChallenger": card.challenger == nil,
            "challenger": card.challenger?.rawValue ?? "", "hasWinner": card.winner != nil, "noWinner": card.winner == nil,
            "chart_recall": charts[0], "chart_delay": charts[1],
        ]) { _, new in new }
        return context
    }
}
