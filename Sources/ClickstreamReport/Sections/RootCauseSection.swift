import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore

/// Root cause: the candidates ranked, the headline cause, and the ranking's measured quality.
struct RootCauseSection: SectionModel {
    struct QualityRow: Encodable {
        var kind: String
        var fraction: String
        var trials: String
        var first: String
        var ceiling: String
        var topThree: String
        var ceilingTopThree: String
        var visible: String
        var visibleFirst: String
    }

    struct CandidateRow: Encodable {
        var rank: String
        var pattern: String
        var expected: String
        var actual: String
        var shortfall: String
        var share: String
        var normal: String
        var recent: String
        var surprise: String
        var evidence: String
        var verdict: String
        var detector: String
    }

    var hasQuality: Bool
    var quality: [QualityRow]
    var hasCause: Bool
    var candidates: [CandidateRow]
    var topPattern: String?
    var topShortfall: String?
    var topShare: String?
    var topNormal: String?
    var topRecent: String?
    var topSurprise: String?
    var chart_rootcause: String?
    /// The dimensions in drill order, as prose (`device → OS → browser`).
    var drillOrder: String

    init(_ input: ReportInput, charts: inout ChartShelf) {
        typealias F = ReportFormat
        let candidates = Array(input.results.rootCause.prefix(10))
        hasQuality = input.rankQuality != nil
        quality = (input.rankQuality ?? []).map {
            QualityRow(kind: $0.kind, fraction: F.share($0.fraction), trials: F.count($0.trials), first: F.measured($0.firstShare),
                       ceiling: F.measured($0.ceilingShare), topThree: F.measured($0.topThreeShare),
                       ceilingTopThree: F.measured($0.ceilingTopThreeShare), visible: F.count($0.visible),
                       visibleFirst: F.measured($0.visibleFirstShare))
        }
        drillOrder = (input.results.drilldown?.schema ?? .standard).drillOrder
        guard let top = RootCauseRanking.headline(of: candidates) else {
            hasCause = false
            self.candidates = []
            return
        }
        hasCause = top.isCause
        topPattern = top.pattern.description
        topShortfall = F.count(top.shortfall)
        topShare = F.share(top.shareExplained)
        topNormal = F.rate(top.normalConversion)
        topRecent = F.rate(top.recentConversion)
        topSurprise = F.signed(top.surprise)
        self.candidates = candidates.enumerated().map { index, c in
            CandidateRow(rank: String(index + 1), pattern: c.pattern.description, expected: F.count(c.expectedTransactions),
                         actual: F.count(c.actualTransactions), shortfall: F.count(c.shortfall), share: F.share(c.shareExplained),
                         normal: F.rate(c.normalConversion), recent: F.rate(c.recentConversion), surprise: F.signed(c.surprise),
                         evidence: F.decimal(c.evidence),
                         verdict: c.isCause ? "cause" : c.explainedBy.map { "inside the drop of \($0)" } ?? "",
                         detector: c.detectorVerdict?.rawValue ?? "–")
        }
        chart_rootcause = charts.place(RootCauseChart.draw(candidates))
    }
}
