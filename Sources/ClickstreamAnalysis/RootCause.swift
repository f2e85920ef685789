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
    /// A more specific candidate inside this one that accounts for its drop (see `RootCauseRanking`).
    @ExplicitNull public var explainedBy: SegmentPattern? = nil
    /// Surprising (z ≤ −3) while the rest of the traffic is not, and not explained by a candidate inside it.
    public var isCause: Bool
    /// The detector's worst status in the recent period (full segments the detector can run on).
    @ExplicitNull public var detectorVerdict: DetectorStatus? = nil
    /// What the ranking orders by: the log Bayes factor of "lost a share of its
    /// transactions" against "nothing changed", the highest over the recent period and its
    /// trailing windows (`RootCauseRanking.evidence`). Unlike z, it weighs how large the
    /// drop is for the candidate's size: a small segment that lost most of its sales beats
    /// a large one a little down at the same z.
    public var evidence: Double = 0
}

/// Automatic root-cause ranking: every full and partial segment with the volume the
/// validation asks of a monitored segment (SPEC 9: `minViewsPerDay` and
/// `minValidationTransactionsPerDay` in the normal period) is a candidate, ranked by
/// evidence, so that the most specific one that explains the drop comes first. A parent whose drop is carried by a child inside it (the child holds at
/// least `explainedShare` of the parent's shortfall, and the rest of the parent is neither
/// surprisingly down nor clearly down like the child) never ranks above that child: it
/// explains the drop only by containing it.
public struct RootCauseRanking: Sendable {
    /// A child must carry this share of a parent's shortfall to explain it.
    public static let explainedShare = 0.5
    /// z at or below which a gap is surprising.
    public static let surpriseThreshold = -3.0
    /// Candidates a report lists (and gives a page each); results.json holds `reported`.
    public static let listed = 10
    /// Log likelihood ratio (100 : 1) at which the rest of a parent counts as dropped like a
    /// child inside it, so the child does not explain the parent (a whole-OS incident whose
    /// other browsers are too small to be surprising on their own). Under no change, odds
    /// this high come up at most 1 time in 100.
    public static let restDropEvidence = log(100.0)
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
        let sumsOf = Self.patternSums(data.segments, perSegment, windows: spans.windows.count)
        // By name (`SegmentPattern`'s order), each name made once rather than per comparison.
        let byName = sumsOf.keys.map { ($0.description, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        var found = byName.compactMap { pattern -> RootCauseCandidate? in
            guard let sums = sumsOf[pattern] else { return nil }
            return Self.candidate(pattern, sums, all: all, normalDays: normal.days, settings: settings)
        }
        Self.markExplained(&found, sumsOf: sumsOf)
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
    /// cannot tell them apart.
    static func patternSums(_ segments: [Segment], _ perSegment: [CandidateSums], windows: Int) -> [SegmentPattern: CandidateSums] {
        var coverageOf: [SegmentPattern: [Int]] = [:]
        var sumsOf: [SegmentPattern: CandidateSums] = [:]
        for (index, segment) in segments.enumerated() {
            for pattern in SegmentPattern.generalisations(of: segment) {
                coverageOf[pattern, default: []].append(index)
                sumsOf[pattern, default: CandidateSums(windows: windows)].add(perSegment[index])
            }
        }
        var byCoverage: [[Int]: SegmentPattern] = [:]
        for (pattern, coverage) in coverageOf {
            if let kept = byCoverage[coverage], !pattern.isPreferred(over: kept) { continue }
            byCoverage[coverage] = pattern
        }
        return Dictionary(uniqueKeysWithValues: byCoverage.values.map { ($0, sumsOf[$0] ?? CandidateSums(windows: windows)) })
    }

    /// The candidate of one pattern, or nil below the validation's volume minimums.
    static func candidate(_ pattern: SegmentPattern, _ s: CandidateSums, all: CandidateSums, normalDays: Int,
                          settings: AnalysisSettings) -> RootCauseCandidate? {
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
            evidence: s.evidence)
    }

    /// A parent is explained by a candidate inside it when that child carries at least
    /// half of the parent's shortfall and the rest of the parent is neither surprisingly
    /// down nor clearly down like the child (so an incident in a whole OS is not pinned on
    /// its biggest browser). The most specific such child wins, then the one with the
    /// largest shortfall.
    static func markExplained(_ found: inout [RootCauseCandidate], sumsOf: [SegmentPattern: CandidateSums]) {
        for index in found.indices where found[index].shortfall > 0 {
            let parent = found[index]
            let explaining = found.filter { child in
                guard child.pattern.isInside(parent.pattern), child.shortfall >= explainedShare * parent.shortfall,
                      let childSums = sumsOf[child.pattern], let parentSums = sumsOf[parent.pattern] else { return false }
                // The child lies inside the parent: the parent's rest is their difference.
                let rest = childSums.rest(within: parentSums)
                return (rest.gap?.z ?? 0) > surpriseThreshold && !childSums.dropsLike(rest: rest)
            }
            found[index].explainedBy = explaining.min { a, b in
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
        let q = p * (1 - fraction)
        return Double(transactions) * log(q / p) + Double(views - transactions) * log((1 - q) / (1 - p))
    }

    /// The shares of transactions lost that `evidence` weighs, each as likely a priori.
    static let lostShares = (1...19).map { Double($0) / 20 }

    /// Log Bayes factor of "lost a share of the transactions", the share uniform over
    /// `lostShares` (5 to 95 %), against "nothing changed", for `transactions` out of
    /// `views` at the normal rate `p` (binomial): the log of the mean of the likelihood
    /// ratios. Positive when the data favour a loss.
    static func evidence(p: Double, views: Int, transactions: Int) -> Double {
        let ratios = lostShares.map { logLikelihoodRatio(p: p, views: views, transactions: transactions, fraction: $0) }
        let top = ratios.max() ?? 0
        return top + log(ratios.reduce(0) { $0 + exp($1 - top) } / Double(ratios.count))
    }

    /// The candidate the summary names: the first cause, else the first candidate.
    public static func headline(of candidates: [RootCauseCandidate]) -> RootCauseCandidate? {
        candidates.first { $0.isCause } ?? candidates.first
    }

    /// The ranking: by evidence, then surprise (lowest z), shortfall and name (so ties
    /// break deterministically), except that an explained candidate never comes before the
    /// candidate that explains it. So a parent that is down only because it contains a
    /// broken child ranks below that child, but not above an unrelated candidate with more
    /// evidence than the parent.
    static func order(_ candidates: [RootCauseCandidate]) -> [RootCauseCandidate] {
        let names = candidates.map(\.pattern.description)  // `SegmentPattern`'s order, made once
        func before(_ i: Int, _ j: Int) -> Bool {
            let a = candidates[i], b = candidates[j]
            if a.evidence != b.evidence { return a.evidence > b.evidence }
            let za = a.surprise ?? 0, zb = b.surprise ?? 0
            if za != zb { return za < zb }
            if a.shortfall != b.shortfall { return a.shortfall > b.shortfall }
            return names[i] < names[j]
        }
        // Positions in the ranking, sorted by index (moving whole candidates is slow).
        let sorted = candidates.indices.sorted(by: before)
        // An explainer lies strictly inside what it explains, so the chains end. The next
        // candidate is always the first in the ranking whose explainer (if any) is placed.
        var free: [Int] = []  // positions, descending: the next one is last
        var blocked: [SegmentPattern: [Int]] = [:]
        for position in sorted.indices.reversed() {
            if let explainer = candidates[sorted[position]].explainedBy {
                blocked[explainer, default: []].append(position)
            } else {
                free.append(position)
            }
        }
        var ordered: [RootCauseCandidate] = []
        ordered.reserveCapacity(candidates.count)
        var placedAt = [Bool](repeating: false, count: sorted.count)
        while let position = free.popLast() {
            let candidate = candidates[sorted[position]]
            ordered.append(candidate)
            placedAt[position] = true
            for released in blocked.removeValue(forKey: candidate.pattern) ?? [] {
                var low = 0, high = free.count  // the first place holding a smaller position
                while low < high {
                    let middle = (low + high) / 2
                    if free[middle] < released { high = middle } else { low = middle + 1 }
                }
                free.insert(released, at: low)
            }
        }
        // Whatever waits on an explainer that never comes, in ranking order.
        return ordered + sorted.indices.filter { !placedAt[$0] }.map { candidates[sorted[$0]] }
    }
}
