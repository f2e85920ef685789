import ClickstreamCore
import Foundation

/// One candidate cause: what its recent transactions should have been at its normal
/// conversion rate, what they were, and how surprising the gap is.
public struct RootCauseCandidate: Codable, Sendable, Equatable {
    public var pattern: SegmentPattern
    public var normalConversion: Double
    @ExplicitNull public var recentConversion: Double? = nil
    public var recentViews: Int
    /// Normal conversion × recent views.
    public var expectedTransactions: Double
    public var actualTransactions: Int
    /// expected − actual (positive when transactions are missing).
    public var shortfall: Double
    /// shortfall / total shortfall of all traffic (nil when all traffic has none).
    @ExplicitNull public var shareExplained: Double? = nil
    /// Binomial z of actual against expected, (actual − expected) / √(views · p · (1 − p)):
    /// the lowest over the recent period and over its last 3 and last 7 days.
    @ExplicitNull public var surprise: Double? = nil
    /// The same z for all traffic outside the candidate.
    @ExplicitNull public var restSurprise: Double? = nil
    /// A more specific candidate inside this one that accounts for its drop and ranks above
    /// it (see `RootCauseRanking`).
    @ExplicitNull public var explainedBy: SegmentPattern? = nil
    /// Surprising (z ≤ −3) while the rest of the traffic is not, and not explained by a candidate inside it.
    public var isCause: Bool
    /// The detector's worst status in the recent period (full segments the detector can run on).
    @ExplicitNull public var detectorVerdict: DetectorStatus? = nil
    /// The log Bayes factor of "lost a share of its transactions over the recent period or
    /// one of its trailing windows" against "nothing changed", every segment inside at its
    /// own normal rate (`CandidateSums.evidence`). Unlike z, it weighs how large the drop is
    /// for the candidate's size: a small segment that lost most of its sales beats a large
    /// one a little down at the same z.
    public var evidence: Double = 0
    /// The log prior odds of the candidate against a full segment or one value of one
    /// dimension: 0 for those, `RootCauseRanking.combinationPriorOdds` for a combination in
    /// between (`* · iOS · Mobile`).
    public var logPriorOdds: Double = 0

    /// What the ranking orders by: evidence + log prior odds, the log posterior odds of
    /// "this candidate lost a share" against "nothing changed".
    public var score: Double { evidence + logPriorOdds }
}

/// Automatic root-cause ranking: every full and partial segment with the volume the
/// validation asks of a monitored segment (SPEC 9: `minViewsPerDay` and
/// `minValidationTransactionsPerDay` in the normal period) is a candidate, ranked by its
/// posterior odds (`RootCauseCandidate.score`). Between a parent and a child inside it,
/// the parent's evidence is the child's with its rest weighed in at the same share: the
/// parent comes first when its rest lost a share like the child's (a whole-OS incident), the child when the rest kept its
/// rate. A parent whose drop a child carries (at least `explainedShare` of its shortfall,
/// ranked above it) is marked as explained by that child.
public struct RootCauseRanking: Sendable {
    /// A child must carry this share of a parent's shortfall to explain it.
    public static let explainedShare = 0.5
    /// z at or below which a gap is surprising.
    public static let surpriseThreshold = -3.0
    /// Candidates a report lists (and gives a page each); results.json holds `reported`.
    public static let listed = 10
    /// Log prior odds (1 : 100) of a combination that is neither a full segment nor one
    /// value of one dimension (`* · iOS · Mobile`, `Safari · * · Mobile`) against those. An
    /// incident usually has one cause: a browser release, an OS update, a device, a country's
    /// payment provider, or one of their combinations in full. There are also many more
    /// combinations than values, so without this each would be as likely a priori as a whole
    /// OS, and the dominant part of an OS would outrank the OS on noise in the rest.
    public static let combinationPriorOdds = log(0.01)
    /// Trailing windows (days) of the recent period on which surprise is also measured.
    public static let trailingWindows = [3, 7]
    /// How many candidates results and reports keep.
    public static let reported = 15

    public var candidates: [RootCauseCandidate]

    /// - Parameters:
    ///   - detector: whether the top candidates that are whole segments get the detector's
    ///     verdict on the recent period (from `runs`, a fresh set unless the analysis shares its own).
    public init(data: DailySeries, periods: Periods, settings: AnalysisSettings, detector: Bool = true,
                runs: DetectorRuns? = nil) {
        guard let normal = periods.normal else {
            candidates = []
            return
        }
        let spans = CandidateSums.Spans(data: data, normal: normal, recent: periods.recent)
        let perSegment = data.segments.map { CandidateSums(data.counts(of: $0), spans: spans) }
        var all = CandidateSums(windows: spans.windows.count)
        for part in perSegment { all.add(part) }
        let (sumsOf, combinations) = Self.patternSums(data.segments, perSegment, windows: spans.windows.count)
        // By name (`SegmentPattern`'s order), each name made once rather than per comparison.
        let byName = sumsOf.keys.map { ($0.description, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        var found = byName.compactMap { pattern -> RootCauseCandidate? in
            guard let sums = sumsOf[pattern] else { return nil }
            let odds = combinations.contains(pattern) ? Self.combinationPriorOdds : 0
            return Self.candidate(pattern, sums, all: all, normalDays: normal.days, logPriorOdds: odds, settings: settings)
        }
        Self.markExplained(&found)
        for index in found.indices {
            let c = found[index]
            found[index].isCause = (c.surprise ?? 0) <= Self.surpriseThreshold && (c.restSurprise ?? 0) > Self.surpriseThreshold
                && c.explainedBy == nil
        }
        found = Self.order(found)
        if detector {
            let runs = runs ?? DetectorRuns(data: data)
            for index in found.indices.prefix(10) {
                guard let segment = found[index].pattern.segment else { continue }
                let recent = runs.days(of: segment, settings: settings).filter { periods.recent.contains($0.date) }
                found[index].detectorVerdict = DetectorStatus.worst(of: recent)
            }
        }
        candidates = found
    }

    /// Every pattern's sums, in one pass over the segments (each segment adds to its 2ⁿ − 1
    /// generalisations), not one scan of all segments per pattern. Patterns that cover the
    /// same segments of this data are one candidate, named by the most specific of them
    /// (`Edge · * · *` is `Edge · Windows · Desktop` when Edge runs only there): the data
    /// cannot tell them apart. `combinations` are the candidates whose patterns are all in
    /// between: none a full segment, none one value of one dimension (`* · iOS · Mobile`,
    /// unless iOS runs only on mobiles).
    static func patternSums(_ segments: [Segment], _ perSegment: [CandidateSums], windows: Int)
        -> (sums: [SegmentPattern: CandidateSums], combinations: Set<SegmentPattern>) {
        var coverageOf: [SegmentPattern: [Int]] = [:]
        var sumsOf: [SegmentPattern: CandidateSums] = [:]
        for (index, segment) in segments.enumerated() {
            for pattern in SegmentPattern.generalisations(of: segment) {
                coverageOf[pattern, default: []].append(index)
                sumsOf[pattern, default: CandidateSums(windows: windows)].add(perSegment[index])
            }
        }
        var byCoverage: [[Int]: (name: SegmentPattern, leastSpecific: Int)] = [:]
        for (pattern, coverage) in coverageOf {
            let kept = byCoverage[coverage]
            let name = kept.map { pattern.isPreferred(over: $0.name) ? pattern : $0.name } ?? pattern
            byCoverage[coverage] = (name, min(kept?.leastSpecific ?? pattern.specificity, pattern.specificity))
        }
        let classes = byCoverage.values
        let sums = Dictionary(uniqueKeysWithValues: classes.map { ($0.name, sumsOf[$0.name] ?? CandidateSums(windows: windows)) })
        // The name is the most specific pattern of its class: a full segment when one is in it.
        let combinations = classes.filter { $0.leastSpecific > 1 && $0.name.segment == nil }.map(\.name)
        return (sums, Set(combinations))
    }

    /// The candidate of one pattern, or nil below the validation's volume minimums.
    static func candidate(_ pattern: SegmentPattern, _ s: CandidateSums, all: CandidateSums, normalDays: Int,
                          logPriorOdds: Double = 0, settings: AnalysisSettings) -> RootCauseCandidate? {
        guard Double(s.normalTransactions) / Double(normalDays) >= settings.minValidationTransactionsPerDay,
              Double(s.normalViews) / Double(normalDays) >= settings.minViewsPerDay,
              let g = s.gap else { return nil }
        let totalShortfall = all.gap?.shortfall ?? 0
        return RootCauseCandidate(
            pattern: pattern, normalConversion: Double(s.normalTransactions) / Double(s.normalViews),
            recentConversion: s.recentViews > 0 ? Double(s.recentTransactions) / Double(s.recentViews) : nil,
            recentViews: s.recentViews, expectedTransactions: g.expected, actualTransactions: s.recentTransactions,
            shortfall: g.shortfall, shareExplained: totalShortfall > 0 ? g.shortfall / totalShortfall : nil,
            surprise: g.z, restSurprise: s.rest(within: all).gap?.z, explainedBy: nil, isCause: false, detectorVerdict: nil,
            evidence: s.evidence, logPriorOdds: logPriorOdds)
    }

    /// A parent is explained by a candidate inside it that carries at least half of the
    /// parent's shortfall and ranks above it (a higher score: the parent's rest adds no
    /// evidence of a drop like the child's). The most specific such child is named, then the
    /// one with the largest shortfall.
    /// Each child meets its parents through its enclosing patterns, so the cost is
    /// candidates × 2^dimensions, not candidates².
    static func markExplained(_ found: inout [RootCauseCandidate]) {
        let position = Dictionary(uniqueKeysWithValues: found.indices.map { (found[$0].pattern, $0) })
        var explaining = [[RootCauseCandidate]](repeating: [], count: found.count)
        for child in found {
            for wider in child.pattern.enclosing {
                guard let index = position[wider] else { continue }
                let parent = found[index]
                if parent.shortfall > 0, child.shortfall >= explainedShare * parent.shortfall, comesBefore(child, parent) {
                    explaining[index].append(child)
                }
            }
        }
        for index in found.indices {
            found[index].explainedBy = explaining[index].min { a, b in
                if a.pattern.specificity != b.pattern.specificity { return a.pattern.specificity > b.pattern.specificity }
                if a.shortfall != b.shortfall { return a.shortfall > b.shortfall }
                return a.pattern < b.pattern
            }?.pattern
        }
    }

    /// Log likelihood ratio of "lost `fraction` of the transactions" against "nothing
    /// changed", for `transactions` out of `views` at the normal rate `p` (binomial); 0 when
    /// `p` or `fraction` leaves nothing to compare.
    package static func logLikelihoodRatio(p: Double, views: Int, transactions: Int, fraction: Double) -> Double {
        guard p > 0, p < 1, fraction > 0, fraction < 1 else { return 0 }
        return Double(transactions) * log(1 - fraction) + Double(views - transactions) * logKeptRatio(p: p, fraction: fraction)
    }

    /// ln((1 − q) / (1 − p)) with q = p(1 − fraction): the log ratio of a view that did not
    /// convert, after the loss against before.
    static func logKeptRatio(p: Double, fraction: Double) -> Double { log((1 - p * (1 - fraction)) / (1 - p)) }

    /// ln(1 − f) for each of `lostShares`: the log ratio of a transaction, the same at every rate.
    static let logLostShares = lostShares.map { log(1 - $0) }

    /// The shares of transactions lost that `evidence` weighs, each as likely a priori.
    static let lostShares = (1...19).map { Double($0) / 20 }

    /// The candidate the summary names: the first cause, else the first candidate.
    public static func headline(of candidates: [RootCauseCandidate]) -> RootCauseCandidate? {
        candidates.first { $0.isCause } ?? candidates.first
    }

    /// The ranking's order: by score, then surprise (lowest z), shortfall and name, so ties
    /// break deterministically. An explained parent comes after its child, as the child's
    /// score is higher.
    static func comesBefore(_ a: RootCauseCandidate, _ b: RootCauseCandidate) -> Bool {
        if a.score != b.score { return a.score > b.score }
        let za = a.surprise ?? 0, zb = b.surprise ?? 0
        if za != zb { return za < zb }
        if a.shortfall != b.shortfall { return a.shortfall > b.shortfall }
        return a.pattern < b.pattern
    }

    /// The candidates in the ranking's order.
    static func order(_ candidates: [RootCauseCandidate]) -> [RootCauseCandidate] {
        candidates.sorted(by: comesBefore)
    }
}
