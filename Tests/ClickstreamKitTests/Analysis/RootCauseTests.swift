import Testing
@testable import ClickstreamKit

/// Root-cause ranking on hand-built cubes: segments A (Chrome · Android · Mobile),
/// B (Safari · iOS · Mobile), C (Chrome · Windows · Desktop), 28 days from 2015-06-01 with
/// R = 14, 1,000 views and 10 transactions a day each in the normal period (1 %).
struct RootCauseTests {
    static let first = Day(iso: "2015-06-01")!

    static func ranking(recentTransactions: [Int]) -> RootCauseRanking {
        var cells: [DailyCube.Cell] = []
        for segment in 0..<3 {
            for day in 0..<28 {
                cells.append(DailyCube.Cell(day: first.advanced(by: day), segment: segment, views: 1000, addtocarts: 0,
                                            transactions: day < 14 ? 10 : recentTransactions[segment]))
            }
        }
        let data = DailySeries(cube: DailyCube(segments: [StagesTests.a, StagesTests.b, StagesTests.c], cells: cells))!
        var settings = AnalysisSettings()
        settings.recentDays = 14
        return RootCauseRanking(data: data, periods: Periods(first: first, last: first.advanced(by: 27), recentDays: 14),
                                settings: settings, detector: false)
    }

    /// B falls to 2 a day: expected 0.01 × 14,000 = 140, actual 28, shortfall 112 (all of the
    /// total), z = −112 / √(14,000 · 0.01 · 0.99) = −9.51. `* · * · Mobile` (A + B) has the same
    /// shortfall but is explained by B (its rest, A, is flat) and follows it.
    @Test func theBrokenChildRanksFirstAndItsParentBelowIt() throws {
        let candidates = Self.ranking(recentTransactions: [10, 2, 10]).candidates
        let top = try #require(candidates.first)
        #expect(top.pattern == SegmentPattern(StagesTests.b))
        #expect(top.isCause)
        #expect(abs(top.shortfall - 112) < 1e-9 && top.actualTransactions == 28)
        #expect(abs(try #require(top.shareExplained) - 1) < 1e-9)
        #expect(abs(try #require(top.surprise) - -9.5133) < 0.001)
        let mobile = SegmentPattern(browser: nil, os: nil, device: "Mobile")
        let parent = try #require(candidates.first { $0.pattern == mobile })
        #expect(parent.explainedBy == top.pattern && !parent.isCause)
        #expect(candidates.firstIndex { $0.pattern == mobile } == 1)
        // Patterns that cover only B (`Safari · * · *`, `* · iOS · *`, …) are B itself.
        #expect(!candidates.contains { $0.pattern == SegmentPattern(browser: "Safari", os: nil, device: nil) })
    }

    /// Every segment falls to 5 a day: each one's rest falls too, so nothing is a cause.
    @Test func anEvenDropHasNoSingleCause() {
        let candidates = Self.ranking(recentTransactions: [5, 5, 5]).candidates
        #expect(!candidates.isEmpty)
        #expect(candidates.allSatisfy { !$0.isCause })
        #expect(candidates.allSatisfy { ($0.surprise ?? 0) < -3 })
    }

    /// A and C fall alike: same z and shortfall, so the name decides, the same way every run.
    @Test func tiesBreakByName() {
        let candidates = Self.ranking(recentTransactions: [5, 10, 5]).candidates
        let fullSegments = candidates.filter { $0.pattern.specificity == 3 && ($0.surprise ?? 0) < -3 }.map(\.pattern.description)
        #expect(fullSegments == ["Chrome · Android · Mobile", "Chrome · Windows · Desktop"])
        #expect(Self.ranking(recentTransactions: [5, 10, 5]).candidates == candidates)
    }

    /// The trial runner finds an 80 % incident in the biggest segment over its last 14 days,
    /// converting the rows `inject` would.
    @Test func trialRunnerRanksAClearIncidentFirst() throws {
        let dir = TemporaryDirectory()
        let data = try ScorecardTests.data(dir).data
        var trials = RootCauseTrials()
        trials.fractions = [0.8]
        trials.lengths = [14]
        trials.settings = ScorecardTests.loose
        let results = trials.run(on: [data])
        let biggest = try #require(data.segments.max { $0.normalTransactionsPerDay < $1.normalTransactionsPerDay })
        let trial = try #require(results.first { $0.kind == "segment" && $0.target == SegmentPattern(biggest.segment) })
        #expect(trial.rank == 1 && trial.rankedAsCause && trial.dataset == 42)
        #expect(results.filter { $0.kind == "segment" }.count == data.segments.count)
        #expect(RootCauseTrials.summarize(results).first { $0.kind == "segment" }.map { $0.trials } == data.segments.count)
        #expect(trials.run(on: [data]) == results)
    }

    /// The summary counts a drop as visible when its own z is −3 or lower, and how many of
    /// those were ranked first.
    @Test func summaryCountsVisibleDrops() {
        let target = SegmentPattern(StagesTests.a)
        func trial(rank: Int?, surprise: Double?) -> RootCauseTrials.Trial {
            RootCauseTrials.Trial(dataset: 1, kind: "segment", target: target, fraction: 0.4, days: 3, rank: rank,
                                  rankedAsCause: rank == 1, surprise: surprise, top: nil)
        }
        let summary = RootCauseTrials.summarize([trial(rank: 1, surprise: -4), trial(rank: 2, surprise: -3),
                                                 trial(rank: 5, surprise: -2.9), trial(rank: nil, surprise: nil)])
        #expect(summary == [RootCauseTrials.Summary(kind: "segment", fraction: 0.4, trials: 4, rankedFirst: 1, inTopThree: 2,
                                                    visible: 2, visibleFirst: 1)])
        #expect(summary.first?.visibleFirstShare == 0.5)
    }
}
