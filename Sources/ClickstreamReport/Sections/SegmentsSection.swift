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
            let kind = pattern == results.detector?.segment ? "detector's segment"
                : detail.validation != nil ? "monitored" : pattern.segment == nil ? "combination" : "root-cause candidate"
            let f = detail.funnel
            let spark = Sparkline.draw(id: "spark-\(slug)", name: pattern.displayName, conversion: detail.dailyConversion,
                                       recentFrom: recentFrom)
            return Row(name: DisplayName.short(pattern.displayName, limit: ReportModel.nameLimit), fullName: pattern.displayName,
                       page: pages.path(of: pattern), kind: kind,
                       status: SegmentPage.status(run: detail.run, belowMinimums: detail.belowMinimums, recent: results.periods?.recent),
                       spark: charts.place(spark),
                       conversion: F.conversion(f),
                       transactionsPerDay: F.decimal(f.normal.transactionsPerDay, 1))
        }
        hasRows = !rows.isEmpty
        pageCount = String(rows.count)
    }
}
