import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore

/// The overview of segments: every segment with a page, its status, a sparkline of its
/// daily conversion and its conversion normal → recent, each row linking to its page (the
/// static counterpart of a dashboard's segment slicer).
struct SegmentsSection: SectionModel {
    struct Row: Encodable {
        var name: String
        var fullName: String
        var page: String
        var kind: String
        var status: String
        var spark: String
        var conversion: String
        var transactionsPerDay: String
    }

    var rows: [Row]
    var hasRows: Bool
    var pageCount: String

    init(_ input: ReportInput, pages: SegmentPageIndex, charts: inout ChartShelf) {
        typealias F = ReportFormat
        let results = input.results
        let recentFrom = results.periods.flatMap { p in results.dataset.firstDay.map { $0.distance(to: p.recent.first) } } ?? 0
        rows = pages.patterns.compactMap { pattern -> Row? in
            guard let detail = input.detail(of: pattern), let slug = pages.slug(of: pattern) else { return nil }
            let monitored = pattern.segment.map { s in results.validation.contains { $0.segment == s } } ?? false
            let kind = pattern == results.detector?.segment ? "detector's segment"
                : monitored ? "monitored" : pattern.segment == nil ? "combination" : "root-cause candidate"
            let f = detail.funnel
            let spark = Sparkline.draw(id: "spark-\(slug)", name: pattern.displayName, conversion: detail.dailyConversion,
                                       recentFrom: recentFrom)
            return Row(name: DisplayName.short(pattern.displayName, limit: ReportModel.nameLimit), fullName: pattern.displayName,
                       page: pages.path(of: pattern), kind: kind,
                       status: SegmentPage.status(run: detail.run, belowMinimums: !monitored && pattern.segment != nil, recent: results.periods?.recent),
                       spark: charts.place(spark),
                       conversion: "\(F.rate(f.normal.conversionRate)) → \(F.rate(f.recent.conversionRate)) (\(F.change(f.changes.conversionRate)))",
                       transactionsPerDay: F.decimal(f.normal.transactionsPerDay, 1))
        }
        hasRows = !rows.isEmpty
        pageCount = String(rows.count)
    }
}
