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
        /// The oracle not told the incident's length and fraction ("–" in a file written before it).
        var untold: String
        var topThree: String
        var ceilingTopThree: String
        var untoldTopThree: String
        var visible: String
        var visibleFirst: String
    }

    struct CandidateRow: Encodable {
        var rank: String
        var pattern: String
        var fullName: String
        /// The candidate's page (`segments/<slug>.html`).
        var page: String
        var expected: String
        var actual: String
        var shortfall: String
        var share: String
        /// The gap as a sentence's words: "10 short (3 % of the total shortfall)", or "43
        /// more than expected" when the candidate sold more.
        var gap: String
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
    /// The rest of the traffic's surprise, and the segments the validation finds dropping
    /// besides the detector's (so the two sections tell one story).
    var restSurprise: String?
    var othersDropping: String?
    var hasOthersDropping: Bool?
    /// The dimensions in drill order, as prose (`device → OS → browser`).
    var drillOrder: String

    /// Candidates the page lists (results.json holds `RootCauseRanking.reported`).
    static let shown = RootCauseRanking.listed

    /// One candidate's row, as the table and the candidate's page show it. "down through"
    /// names the candidate inside it that carries its shortfall, only when both are
    /// surprisingly down (a candidate that is not down is never said to be in a drop).
    static func row(_ c: RootCauseCandidate, rank: Int, in all: [RootCauseCandidate]) -> CandidateRow {
        typealias F = ReportFormat
        let threshold = RootCauseRanking.surpriseThreshold
        func down(_ candidate: RootCauseCandidate?) -> Bool { (candidate?.surprise ?? 0) <= threshold }
        var verdict = c.isCause ? "cause" : ""
        if !c.isCause, down(c), let inner = c.explainedBy, down(all.first { $0.pattern == inner }) {
            verdict = "down through \(inner.displayName)"
        }
        return CandidateRow(rank: String(rank), pattern: DisplayName.short(c.pattern.displayName, limit: ReportModel.nameLimit),
                            fullName: c.pattern.displayName, page: "", expected: F.count(c.expectedTransactions),
                            actual: F.count(c.actualTransactions), shortfall: F.count(c.shortfall), share: F.share(c.shareExplained),
                            gap: c.shortfall.rounded() < 0 ? "\(F.count(-c.shortfall)) more than expected"
                                : "\(F.count(c.shortfall)) short (\(F.share(c.shareExplained)) of the total shortfall)",
                            normal: F.rate(c.normalConversion), recent: F.rate(c.recentConversion), surprise: F.signed(c.surprise),
                            evidence: evidence(c), verdict: verdict, detector: c.detectorVerdict?.rawValue ?? "–")
    }

    /// The evidence, and for a combination the prior it ranks with (`58.2 − 4.6 prior`).
    static func evidence(_ c: RootCauseCandidate) -> String {
        typealias F = ReportFormat
        return c.logPriorOdds == 0 ? F.decimal(c.evidence) : "\(F.decimal(c.evidence)) − \(F.decimal(-c.logPriorOdds)) prior"
    }

    init(_ input: ReportInput, pages: SegmentPageIndex, charts: inout ChartShelf) {
        typealias F = ReportFormat
        let candidates = Array(input.results.rootCause.prefix(Self.shown))
        hasQuality = input.rankQuality != nil
        quality = (input.rankQuality ?? []).map {
            QualityRow(kind: $0.kind, fraction: F.share($0.fraction), trials: F.count($0.trials), first: F.measured($0.firstShare),
                       ceiling: F.measured($0.ceilingShare), untold: F.measured($0.untoldShare), topThree: F.measured($0.topThreeShare),
                       ceilingTopThree: F.measured($0.ceilingTopThreeShare), untoldTopThree: F.measured($0.untoldTopThreeShare),
                       visible: F.count($0.visible),
                       visibleFirst: F.measured($0.visibleFirstShare))
        }
        drillOrder = (input.results.drilldown?.schema ?? .standard).drillOrder
        guard let top = RootCauseRanking.headline(of: candidates) else {
            hasCause = false
            self.candidates = []
            return
        }
        hasCause = top.isCause
        topPattern = top.pattern.displayName
        topShortfall = F.count(top.shortfall)
        topShare = F.share(top.shareExplained)
        topNormal = F.rate(top.normalConversion)
        topRecent = F.rate(top.recentConversion)
        topSurprise = F.signed(top.surprise)
        self.candidates = candidates.enumerated().map { index, c in
            var row = Self.row(c, rank: index + 1, in: input.results.rootCause)
            row.page = pages.path(of: c.pattern)
            return row
        }
        let dropping = input.results.validationSummary?.alsoDropping ?? []
        othersDropping = dropping.map(\.displayName).joined(separator: ", ")
        hasOthersDropping = !dropping.isEmpty
        restSurprise = F.signed(top.restSurprise)
        chart_rootcause = charts.place(RootCauseChart.draw(candidates))
    }
}
