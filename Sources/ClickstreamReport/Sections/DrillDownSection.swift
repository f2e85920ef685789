import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore

/// Drill-down: every value of every dimension, and each level of the path with its chart.
struct DrillDownSection: SectionModel {
    struct ValueRow: Encodable {
        var value: String
        var normalMean: String
        var normalStd: String
        var recentMean: String
        var z: String
        var conversionNormal: String
        var conversionRecent: String
        var flag: String
    }

    struct Level: Encodable {
        var dimension: String
        var value: String
        var z: String
        var inside: String
        var candidates: [ValueRow]
        var hiddenCandidates: Bool
        var shown: String
        var total: String
        var chart: String
        /// The drop is spread evenly over this level's values (`EvenSpread`).
        var even: Bool
        var chiSquare: String
        var freedom: String
        var critical: String
        var concentrated: String
        var pick: String
        var power: String
    }

    struct Step: Encodable {
        var dimension: String
        var value: String
        var z: String
    }

    struct Dimension: Encodable {
        var name: String
        var rows: [ValueRow]
        var hiddenRows: Bool
        var shown: String
        var total: String
    }

    var path: [Step]
    var pathText: String
    var pathComplete: Bool
    var pathStopped: Bool
    var levels: [Level]
    var dimensions: [Dimension]
    var minTransactionsPerDay: String
    /// The dimensions in drill order, as prose (`device → OS → browser`).
    var drillOrder: String

    init?(_ input: ReportInput, charts: inout ChartShelf) {
        typealias F = ReportFormat
        guard let drill = input.results.drilldown else { return nil }
        let pageRows = ReportModel.pageRows
        func rows(_ values: [DimensionValue]) -> [ValueRow] {
            values.map {
                ValueRow(value: DisplayName.value($0.value), normalMean: F.decimal($0.transactions.normalMean, 2), normalStd: F.decimal($0.transactions.normalStd, 2),
                         recentMean: F.decimal($0.transactions.recentMean, 2), z: F.signed($0.transactions.z),
                         conversionNormal: F.rate($0.normalConversion), conversionRecent: F.rate($0.recentConversion),
                         flag: $0.strong ? "strong" : $0.flagged ? "flagged" : "")
            }
        }
        let fileNames = drill.schema.fileNames
        levels = drill.path.enumerated().map { index, step in
            let inside = drill.path.prefix(index).compactMap(\.fixedValue).joined(separator: " · ")
            let spread = step.evenSpread
            return Level(dimension: step.dimension, value: DisplayName.value(step.value), z: F.signed(step.z),
                         inside: inside.isEmpty ? "all traffic" : inside, candidates: rows(Array(step.candidates.prefix(pageRows))),
                         hiddenCandidates: step.candidates.count > pageRows, shown: String(pageRows), total: F.count(step.candidates.count),
                         chart: charts.place(ZScoreChart.draw(id: "drill-" + fileNames[index],
                                                              title: "z of transactions/day by \(step.dimension)" + (inside.isEmpty ? "" : " inside \(inside)"),
                                                              values: step.candidates)),
                         even: spread != nil, chiSquare: F.decimal(spread?.chiSquare, 2), freedom: String(spread?.degreesOfFreedom ?? 0),
                         critical: F.decimal(spread?.critical, 2), concentrated: F.decimal(spread?.concentrated, 2),
                         pick: spread?.concentratedIn ?? F.missing, power: spread.map { Format.percent($0.power, decimals: 1) } ?? F.missing)
        }
        path = drill.path.map { Step(dimension: $0.dimension, value: DisplayName.value($0.value), z: F.signed($0.z)) }
        pathText = drill.path.map { DisplayName.value($0.value) }.joined(separator: " → ")
        pathComplete = drill.pathComplete
        pathStopped = !drill.pathComplete
        dimensions = zip(drill.schema.names, drill.dimensions).map { name, values in
            // A dimension of many values: the lowest z on the page, all in results.json.
            let shown = values.count > pageRows
                ? Array(values.sorted { DrillDown.order($0.transactions.z, $0.value, $1.transactions.z, $1.value) }.prefix(pageRows))
                : values
            return Dimension(name: name, rows: rows(shown), hiddenRows: values.count > pageRows, shown: String(pageRows),
                             total: F.count(values.count))
        }
        minTransactionsPerDay = F.decimal(input.results.settings.minTransactionsPerDay, 1)
        drillOrder = drill.schema.drillOrder
    }
}
