import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore

/// Validation: the detector on every monitored segment, as a table and small multiples.
struct ValidationSection: SectionModel {
    struct Row: Encodable {
        var segment: String
        var fullName: String
        var viewsPerDay: String
        var transactionsPerDay: String
        var daysEvaluated: String
        var anomalousDays: String
        var anomalousShare: String
        var criticalPeriods: String
        var deepestDrop: String
        var highestSpike: String
        /// The segment's page (`segments/<slug>.html`).
        var page: String
    }

    struct Multiple: Encodable { var chart: String }

    /// One segment's row, as the table and the segment's page show it.
    static func row(_ v: SegmentValidation, pages: SegmentPageIndex) -> Row {
        typealias F = ReportFormat
        let critical = v.criticalPeriods.map { "\($0.direction.rawValue) \($0.first)–\($0.last)" }.joined(separator: "; ")
        return Row(segment: DisplayName.short(v.segment.displayName, limit: ReportModel.nameLimit),
                   fullName: v.segment.displayName, viewsPerDay: F.count(v.normalViewsPerDay),
                   transactionsPerDay: F.decimal(v.normalTransactionsPerDay, 1), daysEvaluated: String(v.daysEvaluated),
                   anomalousDays: String(v.anomalousDays), anomalousShare: F.share(v.anomalousShare),
                   criticalPeriods: critical.isEmpty ? "none" : critical, deepestDrop: v.deepestDrop.map { F.signed($0) } ?? "none",
                   highestSpike: v.highestSpike.map { F.signed($0) } ?? "none", page: pages.path(of: SegmentPattern(v.segment)))
    }

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

    init(_ input: ReportInput, pages: SegmentPageIndex, charts: inout ChartShelf) {
        typealias F = ReportFormat
        let results = input.results, page = ReportModel.pageRows
        // Many segments: the largest and every one with a critical period, in the table and
        // as small multiples; the rest only in results.json.
        let shown = results.validation.enumerated().filter { $0.offset < page || !$0.element.criticalPeriods.isEmpty }
        let runs = shown.map { input.validationRuns[$0.offset] }
        multiples = zip(DetectorChart.smallMultiples(runs), runs).map { chart, run in
            var chart = chart
            chart.page = pages.path(of: run.segment)
            return Multiple(chart: charts.place(chart))
        }
        hiddenRows = shown.count < results.validation.count
        shownRows = String(shown.count)
        pageRows = String(page)
        rows = shown.map { Self.row($0.element, pages: pages) }
        let summary = results.validationSummary
        isolated = summary?.isolated ?? false
        notIsolated = !(summary?.isolated ?? false)
        alsoDropping = (summary?.alsoDropping ?? []).map(\.displayName).joined(separator: ", ")
        hasAlsoDropping = !(summary?.alsoDropping ?? []).isEmpty
        segmentsEvaluated = String(summary?.segmentsEvaluated ?? 0)
        minViewsPerDay = F.count(results.settings.minViewsPerDay)
        minValidationTransactionsPerDay = F.decimal(results.settings.minValidationTransactionsPerDay, 1)
    }
}
