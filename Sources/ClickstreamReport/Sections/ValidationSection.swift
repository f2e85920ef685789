import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore

/// Validation: the detector on every monitored segment, as a table and small multiples.
struct ValidationSection: SectionModel {
    struct Row: Encodable {
        var segment: String
        var viewsPerDay: String
        var transactionsPerDay: String
        var daysEvaluated: String
        var anomalousDays: String
        var anomalousShare: String
        var criticalPeriods: String
        var worstDeviation: String
    }

    struct Multiple: Encodable { var chart: String }

    var hiddenRows: Bool
    var shownRows: String
    var pageRows: String
    var rows: [Row]
    var isolated: Bool
    var notIsolated: Bool
    var alsoDropping: String
    var hasAlsoDropping: Bool
    var segmentsEvaluated: String
    var minViewsPerDay: String
    var minValidationTransactionsPerDay: String
    var multiples: [Multiple]

    init(_ input: ReportInput, charts: inout ChartShelf) {
        typealias F = ReportFormat
        let results = input.results, page = ReportModel.pageRows
        // Many segments: the largest and every one with a critical period, in the table and
        // as small multiples; the rest only in results.json.
        let shown = results.validation.enumerated().filter { $0.offset < page || !$0.element.criticalPeriods.isEmpty }
        let runs = shown.map { input.validationRuns[$0.offset] }
        multiples = DetectorChart.smallMultiples(runs).map { Multiple(chart: charts.place($0)) }
        hiddenRows = shown.count < results.validation.count
        shownRows = String(shown.count)
        pageRows = String(page)
        rows = shown.map(\.element).map { v in
            let critical = v.criticalPeriods.map { "\($0.direction.rawValue) \($0.first)–\($0.last)" }.joined(separator: "; ")
            return Row(segment: v.segment.description, viewsPerDay: F.count(v.normalViewsPerDay),
                       transactionsPerDay: F.decimal(v.normalTransactionsPerDay, 1), daysEvaluated: String(v.daysEvaluated),
                       anomalousDays: String(v.anomalousDays), anomalousShare: F.share(v.anomalousShare),
                       criticalPeriods: critical.isEmpty ? "none" : critical, worstDeviation: F.signed(v.worstDeviation))
        }
        let summary = results.validationSummary
        isolated = summary?.isolated ?? false
        notIsolated = !(summary?.isolated ?? false)
        alsoDropping = (summary?.alsoDropping ?? []).map(\.description).joined(separator: ", ")
        hasAlsoDropping = !(summary?.alsoDropping ?? []).isEmpty
        segmentsEvaluated = String(summary?.segmentsEvaluated ?? 0)
        minViewsPerDay = F.count(results.settings.minViewsPerDay)
        minValidationTransactionsPerDay = F.decimal(results.settings.minValidationTransactionsPerDay, 1)
    }
}
