/// Measures the root-cause ranking on many injected incidents: the scorecard's clean
/// generated datasets, an incident injected into a full segment, a whole OS or a whole
/// browser (ending on the last day, converting exactly the rows `inject` would), and the
/// rank the injected pattern gets. Works on daily cubes, not CSV, so thousands of trials
/// take seconds.
public struct RootCauseTrials: Sendable {
    public var fractions: [Double] = [0.1, 0.2, 0.4, 0.6, 0.8]
    public var lengths: [Int] = [3, 7, 10, 14]
    public var settings = AnalysisSettings()
    /// Seed of the injections (each trial's `Incident.hits` seed is drawn from it).
    public var seed: UInt64 = 1

    public init() {}

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
            summary = RootCauseTrials.summarize(trials)
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
        public var firstShare: Double { trials == 0 ? 0 : Double(rankedFirst) / Double(trials) }
        public var topThreeShare: Double { trials == 0 ? 0 : Double(inTopThree) / Double(trials) }
        public var visibleFirstShare: Double? { visible == 0 ? nil : Double(visibleFirst) / Double(visible) }
        public var ceilingShare: Double { trials == 0 ? 0 : Double(ceilingFirst) / Double(trials) }
        public var ceilingTopThreeShare: Double { trials == 0 ? 0 : Double(ceilingTopThree) / Double(trials) }
    }

    /// Runs every target × fraction × length on each dataset.
    public func run(on datasets: [ScorecardData]) -> [Trial] {
        var trials: [Trial] = []
        var counter: UInt64 = 0
        for dataset in datasets {
            let data = dataset.series
            let targets = targets(data)
            for (kind, target) in targets {
                for fraction in fractions {
                    for length in lengths {
                        counter += 1
                        let injected = dataset.injected(target, from: data.lastDay.advanced(by: -(length - 1)), fraction: fraction,
                                                        seed: SplitMix64.hash(seed, 0x2A4C, counter))
                        guard let series = DailySeries(cube: injected) else { continue }
                        let periods = Periods(first: series.firstDay, last: series.lastDay, recentDays: settings.recentDays)
                        let ranking = RootCauseRanking(data: series, periods: periods, settings: settings, detector: false)
                        // The candidate covering exactly the injected segments (the data
                        // cannot tell `* · Windows · *` from `* · Windows · Desktop`).
                        let coverage = series.segments.filter(target.matches)
                        let index = ranking.candidates.firstIndex { series.segments.filter($0.pattern.matches) == coverage }
                        let ceiling = periods.normal.map { RankingCeiling(data: series, targets: targets.map(\.1), normal: series.indices(of: $0)) }
                        trials.append(Trial(dataset: dataset.seed, kind: kind, target: target, fraction: fraction, days: length,
                                            rank: index.map { $0 + 1 }, rankedAsCause: index.map { ranking.candidates[$0].isCause } ?? false,
                                            surprise: index.flatMap { ranking.candidates[$0].surprise },
                                            top: ranking.candidates.first?.pattern,
                                            ceilingRank: ceiling?.rank(of: target, in: series, days: length, fraction: fraction)))
                    }
                }
            }
        }
        return trials
    }

    /// Full segments the validation would evaluate, and every OS and browser.
    func targets(_ data: DailySeries) -> [(String, SegmentPattern)] {
        let periods = Periods(first: data.firstDay, last: data.lastDay, recentDays: settings.recentDays)
        let validated = Validation(data: data, periods: periods, detectorRun: nil, settings: settings).segments.map(\.segment)
        let systems = Set(data.segments.map(\.os)).sorted().map { SegmentPattern(browser: nil, os: $0, device: nil) }
        let browsers = Set(data.segments.map(\.browser)).sorted().map { SegmentPattern(browser: $0, os: nil, device: nil) }
        return validated.map { ("segment", SegmentPattern($0)) } + systems.map { ("os", $0) } + browsers.map { ("browser", $0) }
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
