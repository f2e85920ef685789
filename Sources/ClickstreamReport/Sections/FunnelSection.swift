import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore

/// Funnel: the detector segment's views, add-to-carts and transactions, normal against recent.
struct FunnelSection: SectionModel {
    struct Row: Encodable {
        var step: String
        var normal: String
        var recent: String
        var change: String
    }

    var rows: [Row]
    var conversionNormal: String
    var conversionRecent: String
    var conversionChange: String
    var cartToPurchaseNormal: String
    var cartToPurchaseRecent: String
    var cartToPurchaseChange: String
    var viewsChange: String
    var cartsChange: String
    var transactionsChange: String
    var chart_funnel: String

    init?(_ results: AnalysisResults, charts: inout ChartShelf) {
        typealias F = ReportFormat
        guard let funnel = results.funnel else { return nil }
        let n = funnel.normal, r = funnel.recent, c = funnel.changes
        rows = [("views/day", n.viewsPerDay, r.viewsPerDay, c.viewsPerDay),
                ("add-to-carts/day", n.addtocartPerDay, r.addtocartPerDay, c.addtocartPerDay),
                ("transactions/day", n.transactionsPerDay, r.transactionsPerDay, c.transactionsPerDay)].map {
            Row(step: $0.0, normal: F.decimal($0.1, 1), recent: F.decimal($0.2, 1), change: F.change($0.3))
        }
        conversionNormal = F.rate(n.conversionRate)
        conversionRecent = F.rate(r.conversionRate)
        conversionChange = F.change(c.conversionRate)
        cartToPurchaseNormal = F.rate(n.cartToPurchase)
        cartToPurchaseRecent = F.rate(r.cartToPurchase)
        cartToPurchaseChange = F.change(c.cartToPurchase)
        viewsChange = F.change(c.viewsPerDay)
        cartsChange = F.change(c.addtocartPerDay)
        transactionsChange = F.change(c.transactionsPerDay)
        chart_funnel = charts.place(FunnelChart.draw(funnel: funnel))
    }
}
