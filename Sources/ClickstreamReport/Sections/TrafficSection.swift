import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore

/// Traffic variance: events per day, recent against normal, by event type.
struct TrafficSection: SectionModel {
    struct TypeRow: Encodable {
        var type: String
        var normalMean: String
        var normalStd: String
        var recentMean: String
        var z: String
    }

    var normalMean: String
    var normalStd: String
    var recentMean: String
    var z: String
    var within: Bool
    var rangeLow: String
    var rangeHigh: String
    var byType: [TypeRow]
    var chart_traffic: String

    init?(_ input: ReportInput, charts: inout ChartShelf) {
        typealias F = ReportFormat
        guard let traffic = input.results.traffic, let periods = input.results.periods, let total = input.dailyEvents else { return nil }
        let e = traffic.events
        normalMean = F.count(e.normalMean)
        normalStd = F.count(e.normalStd)
        recentMean = F.count(e.recentMean)
        z = F.signed(e.z)
        within = traffic.withinNormalVariance ?? false
        rangeLow = F.count(e.normalRange?.lowerBound)
        rangeHigh = F.count(e.normalRange?.upperBound)
        byType = [("all events", e), ("views", traffic.views), ("add-to-carts", traffic.addtocarts), ("transactions", traffic.transactions)].map {
            TypeRow(type: $0.0, normalMean: F.count($0.1.normalMean), normalStd: F.count($0.1.normalStd),
                    recentMean: F.count($0.1.recentMean), z: F.signed($0.1.z))
        }
        chart_traffic = charts.place(TrafficChart.draw(days: total.days, events: total.events, comparison: e, periods: periods))
    }
}
