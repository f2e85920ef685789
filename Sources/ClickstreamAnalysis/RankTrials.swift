import ClickstreamCore

/// What `rank-trials` measured: the root-cause ranking's rank of injected incidents
/// (`RootCauseTrials` in the evaluation module runs them; the report shows the summary).
public enum RankTrials {
    /// One injected incident and where the ranking put it.
    public struct Trial: Codable, Sendable, Equatable {
        /// The clean dataset's seed.
        public var dataset: UInt64
        public var kind: String
        public var target: SegmentPattern
        public var fraction: Double
        public var days: Int
        /// 1-based rank of the injected pattern; nil when it is not a candidate at all.
        public var rank: Int?
        public var rankedAsCause: Bool
        /// The injected pattern's own surprise (its candidate's z); nil when not a candidate.
        public var surprise: Double?
        /// What the ranking put first.
        public var top: SegmentPattern?
        /// Where the oracle of `RankingCeiling` (told the length and fraction) ranked the
        /// injected pattern: the Bayes ranking under the binomial model.
        public var ceilingRank: Int?
        /// Where the oracle told only the lengths and fractions the trials draw from, not
        /// this trial's, ranked it (`RankingCeiling.untoldRank`); nil in files written before it.
        public var untoldRank: Int?

        public init(dataset: UInt64, kind: String, target: SegmentPattern, fraction: Double, days: Int, rank: Int? = nil, rankedAsCause: Bool, surprise: Double? = nil, top: SegmentPattern? = nil, ceilingRank: Int? = nil, untoldRank: Int? = nil) {
            self.dataset = dataset
            self.kind = kind
            self.target = target
            self.fraction = fraction
            self.days = days
            self.rank = rank
            self.rankedAsCause = rankedAsCause
            self.surprise = surprise
            self.top = top
            self.ceilingRank = ceilingRank
            self.untoldRank = untoldRank
        }
    }

    /// What `rank-trials` writes: how it was made, the summary and every trial.
    public struct Output: Codable, Sendable {
        public var toolVersion: String
        /// The settings the ranking ran with.
        public var settings: AnalysisSettings
        public var datasets: [UInt64]
        public var summary: [Summary]
        public var trials: [Trial]

        public init(settings: AnalysisSettings, datasets: [UInt64], trials: [Trial]) {
            toolVersion = ToolVersion.current
            self.settings = settings
            self.datasets = datasets
            summary = RankTrials.summarize(trials)
            self.trials = trials
        }

        /// True when made by this tool version on these datasets with the same ranking settings.
        public func matches(settings: AnalysisSettings, datasets: [UInt64]) -> Bool {
            toolVersion == ToolVersion.current && self.datasets == datasets
                && Self.ranking(self.settings) == Self.ranking(settings)
        }

        /// The settings that shape a ranking trial (not the detector's segment, method or incident start).
        private static func ranking(_ s: AnalysisSettings) -> AnalysisSettings {
            var s = s
            s.detectorSegment = nil
            s.incidentStart = nil
            s.detector = .spec
            s.manualDetectionDays = 1
            return s
        }
    }

    /// Trials per kind and fraction.
    public struct Summary: Codable, Sendable, Equatable {
        public var kind: String
        public var fraction: Double
        public var trials: Int
        public var rankedFirst: Int
        public var inTopThree: Int
        /// Trials whose injected drop is visible in the data at all: its own z ≤ −3.
        public var visible = 0
        /// … and of those, ranked first.
        public var visibleFirst = 0
        /// Trials the oracle of `RankingCeiling` ranked first, and in its top 3: the ceilings
        /// for `rankedFirst` and `inTopThree`.
        public var ceilingFirst = 0
        public var ceilingTopThree = 0
        /// The same for the oracle not told the trial's length and fraction: what a ranking
        /// that judges them from the data can reach (nil in files written before it).
        public var untoldFirst: Int? = nil
        public var untoldTopThree: Int? = nil
        public var firstShare: Double { trials == 0 ? 0 : Double(rankedFirst) / Double(trials) }
        public var topThreeShare: Double { trials == 0 ? 0 : Double(inTopThree) / Double(trials) }
        public var visibleFirstShare: Double? { visible == 0 ? nil : Double(visibleFirst) / Double(visible) }
        public var ceilingShare: Double { trials == 0 ? 0 : Double(ceilingFirst) / Double(trials) }
        public var ceilingTopThreeShare: Double { trials == 0 ? 0 : Double(ceilingTopThree) / Double(trials) }
        public var untoldShare: Double? { untoldFirst.map { trials == 0 ? 0 : Double($0) / Double(trials) } }
        public var untoldTopThreeShare: Double? { untoldTopThree.map { trials == 0 ? 0 : Double($0) / Double(trials) } }
    }

    /// Per kind and fraction, in a fixed order.
    public static func summarize(_ trials: [Trial]) -> [Summary] {
        var summaries: [String: Summary] = [:]
        for trial in trials {
            let key = "\(trial.kind)|\(trial.fraction)"
            var s = summaries[key] ?? Summary(kind: trial.kind, fraction: trial.fraction, trials: 0, rankedFirst: 0, inTopThree: 0)
            s.trials += 1
            if trial.rank == 1 { s.rankedFirst += 1 }
            if trial.ceilingRank == 1 { s.ceilingFirst += 1 }
            if let rank = trial.ceilingRank, rank <= 3 { s.ceilingTopThree += 1 }
            if let rank = trial.rank, rank <= 3 { s.inTopThree += 1 }
            if let rank = trial.untoldRank {
                s.untoldFirst = (s.untoldFirst ?? 0) + (rank == 1 ? 1 : 0)
                s.untoldTopThree = (s.untoldTopThree ?? 0) + (rank <= 3 ? 1 : 0)
            }
            if let z = trial.surprise, z <= RootCauseRanking.surpriseThreshold {
                s.visible += 1
                if trial.rank == 1 { s.visibleFirst += 1 }
            }
            summaries[key] = s
        }
        let order = ["segment": 0, "os": 1, "browser": 2]
        return summaries.values.sorted { ((order[$0.kind] ?? 9), $0.fraction) < ((order[$1.kind] ?? 9), $1.fraction) }
    }
}
