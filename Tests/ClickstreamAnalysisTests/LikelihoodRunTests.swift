@testable import ClickstreamAnalysis
@testable import ClickstreamCore
import Foundation
import Testing

/// The default detector, `pooled-lr`: its run rule and the threshold it takes from the
/// false-alarm target, with numbers worked out by hand.
struct LikelihoodRunTests {
    /// The threshold is the z whose upper tail is the target / 365: 0.06 a segment-year →
    /// 1.6438e-4 a day → 3.5915; 0.05 → 3.6387; 0.5 → 2.9955. pooled-run keeps k√C = 2√3.
    @Test func theThresholdFollowsTheFalseAlarmTarget() {
        var settings = AnalysisSettings()
        #expect(settings.detector == .pooledLR && settings.falseAlarmsPerSegmentYear == 0.06)
        #expect(abs(settings.runThreshold - 3.59151) < 1e-4)
        settings.falseAlarmsPerSegmentYear = 0.05
        #expect(abs(settings.runThreshold - 3.63874) < 1e-4)
        settings.falseAlarmsPerSegmentYear = 0.5
        #expect(abs(settings.runThreshold - 2.99553) < 1e-4)
        settings.detector = .pooledRun
        #expect(abs(settings.runThreshold - 2 * 3.0.squareRoot()) < 1e-12)
        #expect(abs(Statistics.normalUpperQuantile(0.025) - 1.959964) < 1e-6)
        #expect(abs(Statistics.normalUpperTail(1.959964) - 0.025) < 1e-7)
        settings.falseAlarmsPerSegmentYear = 0
        #expect(settings.problem?.contains("falseAlarmsPerSegmentYear") == true)
    }

    /// 28 days of 1,000 views and 10 sales, then 5, 4 and 3 sales. Day 30's run: the three
    /// days (each below its baseline: −1.60, −1.87, −2.15 σ) hold T = 12 of V = 3,000 views
    /// against p = 281 / 28,002 (the first day's baseline, φ = 1), so V·p = 30.105. Divided
    /// by 1 + 3,000 / 28,000 for p's own error, 10.8387 of 2,709.677: the binomial P(X ≤
    /// 10.8387) = 3.1011 × 10⁻⁴ and P(X ≤ 9.8387) = 1.1648 × 10⁻⁴ (SciPy's betainc), mid-p
    /// 2.1330 × 10⁻⁴, the z −3.5231: beyond pooled-run's 3.46, not beyond h = 3.5915. The
    /// count deviation pooled-run uses is only (12 − 30.105) / √(3,000 p(1 − p)) = −3.3164.
    @Test func theRunsLikelihoodRatioByHand() throws {
        let views = Array(repeating: 1000, count: 31), transactions = Array(repeating: 10, count: 28) + [5, 4, 3]
        func run(_ method: DetectorMethod, target: Double = 0.06) -> [DetectorDay] {
            var settings = AnalysisSettings()
            settings.detector = method
            settings.falseAlarmsPerSegmentYear = target
            return Detector(settings: settings).evaluate(views: views, transactions: transactions, first: DetectorTests.first)
        }
        let days = run(.pooledLR, target: 0.06)
        #expect(abs(try #require(days[30].runDeviation) - -3.5231) < 5e-4)
        #expect(abs(try #require(days[30].deviation) - -2.1494) < 5e-4)
        // Beyond 3.59 it is not: one anomalous day, no alert.
        #expect(days[30].status == .anomaly && days[29].runDeviation == nil)
        // At 0.5 false alarms a segment-year (2.9955) it is critical on the run alone.
        #expect(run(.pooledLR, target: 0.5)[30].status == .critical)
        let counted = run(.pooledRun)[30]
        #expect(abs(try #require(counted.runDeviation) - -3.3164) < 5e-4)
        #expect(counted.status == .anomaly)
    }
}

/// The scorecard's goals for a default: ≥ 90 % of the hard case by the goal day, ≤ 0.05
/// false drop and ≤ 0.25 false spike periods per segment-year, all three.
struct ScorecardGoalTests {
    func card(_ rows: [(DetectorMethod, recall: Double, drops: Double, spikes: Double)]) -> ScorecardResult {
        ScorecardResult(
            toolVersion: "test", settings: ScorecardSettings(), analysis: AnalysisSettings(), datasets: [1], recall: [], recallBySize: [],
            falseAlarms: rows.map {
                FalseAlarmRow(method: $0.0, segments: 10, judgedDays: 3650, segmentYears: 10, anomalousDays: 0, dropPeriods: Int($0.drops * 10),
                              spikePeriods: Int($0.spikes * 10), dropPeriodsPerSegmentYear: $0.drops, spikePeriodsPerSegmentYear: $0.spikes)
            },
            goalSegments: [],
            goal: rows.map { GoalRow(method: $0.0, trials: 1000, detected: 1000, detectedByGoalDay: Int($0.recall * 1000),
                                     recallByGoalDay: $0.recall, medianDetectionDay: 3) },
            trialCount: 0, goalTrialCount: 1000, trials: [], goalTrials: [])
    }

    @Test func goalsAreMetOnlyWithinAllThreeBounds() {
        let result = card([(.spec, 0.312, 0, 0.05), (.pooledRun, 0.912, 0.052, 0.55), (.pooledLR, 0.9, 0.05, 0.25), (.mad, 0.95, 0.0, 0.3)])
        #expect(!result.meetsGoals(.spec))  // misses the hard case
        #expect(!result.meetsGoals(.pooledRun))  // 0.052 false drops a segment-year
        #expect(result.meetsGoals(.pooledLR))  // on every bound exactly
        #expect(!result.meetsGoals(.mad))  // 0.3 false spikes
        #expect(result.methodsMeetingGoals == [.pooledLR] && result.winner == .pooledLR)
        #expect(card([(.spec, 0.5, 0, 0)]).winner == nil)
    }
}
