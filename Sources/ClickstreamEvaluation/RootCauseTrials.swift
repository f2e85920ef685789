import ClickstreamAnalysis
import ClickstreamCore

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

    public typealias Trial = RankTrials.Trial
    public typealias Output = RankTrials.Output
    public typealias Summary = RankTrials.Summary

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
                                            ceilingRank: ceiling?.rank(of: target, in: series, days: length, fraction: fraction),
                                            untoldRank: ceiling?.untoldRank(of: target, in: series, lengths: lengths, fractions: fractions)))
                    }
                }
            }
        }
        return trials
    }

    /// Full segments the validation would evaluate, and every value of each dimension after
    /// the first of the standard schema (every OS and every browser; a country added as a
    /// fourth dimension is never a target), named by the dimension.
    func targets(_ data: DailySeries) -> [(String, SegmentPattern)] {
        let periods = Periods(first: data.firstDay, last: data.lastDay, recentDays: settings.recentDays)
        let validated = Validation(data: data, periods: periods, detectorRun: nil, settings: settings).segments.map(\.segment)
        let schema = data.schema
        let wholeValues = schema.names.indices.dropFirst().filter { DimensionSchema.standard.names.contains(schema.names[$0]) }
            .flatMap { dimension in
            Set(data.segments.map { $0[dimension: dimension] }).sorted().map {
                (schema.names[dimension], SegmentPattern(dimension: dimension, value: $0, schema: schema))
            }
        }
        return validated.map { ("segment", SegmentPattern($0)) } + wholeValues
    }
}
