@testable import ClickstreamAnalysis
@testable import ClickstreamCore
@testable import ClickstreamReport
import ClickstreamTestSupport
import Testing

/// The detector methods other than the spec's, with hand-computed numbers.
struct DetectorMethodTests {
    func evaluate(_ views: [Int], _ transactions: [Int], _ method: DetectorMethod) -> [DetectorDay] {
        var settings = AnalysisSettings.sourceStudy
        settings.detector = method
        return Detector(settings: settings).evaluate(views: views, transactions: transactions, first: DetectorTests.first)
    }

    /// 28 days of 1,000 views and `history` transactions, then the given days.
    func series(_ history: [Int], then days: [(Int, Int)]) -> ([Int], [Int]) {
        (Array(repeating: 1000, count: history.count) + days.map(\.0), history + days.map(\.1))
    }

    /// Pooled: p = (280 + 1) / (28,000 + 2) = 0.0100350, φ = 1 (the days agree),
    /// σ = √(p(1−p)/1000) = 0.0031519, and 5 of 1,000 deviates by −1.5975.
    @Test func pooledBaselineOfTwentyEightDays() throws {
        let (views, transactions) = series(Array(repeating: 10, count: 28), then: [(1000, 5)])
        let day = evaluate(views, transactions, .pooled)[28]
        #expect(day.baseline.isEmpty && day.baselineDays == 28)
        #expect(day.pool?.views == 28_000 && day.pool?.transactions == 280)
        #expect(day.pool?.first.description == "2015-03-02" && day.pool?.last.description == "2015-03-29")
        #expect(abs(try #require(day.baselineMedian) - 281.0 / 28002) < 1e-12)
        #expect(day.dispersion == 1)
        #expect(abs(try #require(day.sigma) - 0.0031519) < 1e-7)
        #expect(abs(try #require(day.deviation) - -1.5975) < 5e-4)
        #expect(day.status == .ok && day.mad == nil)
        // Day 27 has only 27 days of history: not enough for a pooled baseline.
        #expect(evaluate(views, transactions, .pooled)[27].status == .insufficientData)
    }

    /// Days alternating 5 and 15 sales scatter more than binomial noise: Pearson χ² / 27 =
    /// 2.6099, and σ grows by √φ.
    @Test func dispersionWidensSigma() throws {
        let history = (0..<28).map { $0 % 2 == 0 ? 5 : 15 }
        let (views, transactions) = series(history, then: [(1000, 5)])
        let day = evaluate(views, transactions, .pooled)[28]
        #expect(abs(try #require(day.dispersion) - 2.6099) < 5e-4)
        #expect(abs(try #require(day.sigma) - 0.0031519 * 2.6099.squareRoot()) < 1e-6)
    }

    /// Residuals are capped at 3: days of 2 and 40 sales (residuals −3.4 and +6.4 against
    /// p = 589/28,002) each count 9, so φ = 28 · 9 / 27 = 9.333.
    @Test func residualsAreCappedAtThree() throws {
        let history = (0..<28).map { $0 % 2 == 0 ? 2 : 40 }
        let (views, transactions) = series(history, then: [(1000, 10)])
        let day = evaluate(views, transactions, .pooled)[28]
        #expect(abs(try #require(day.dispersion) - 28.0 * 9 / 27) < 1e-9)
    }

    /// Scatter that binomial noise reaches 95 % of the time leaves σ alone: days alternating
    /// 8 and 12 sales give χ² = 11.3, under the 95th percentile of χ² with 27 degrees of
    /// freedom (40.11), so φ = 1.
    @Test func ordinaryScatterLeavesSigmaAlone() throws {
        #expect(abs(DetectorMethod.chiSquare95(27) - 40.113) < 0.05)
        #expect(abs(DetectorMethod.chiSquare95(3) - 7.815) < 0.05)
        let history = (0..<28).map { $0 % 2 == 0 ? 8 : 12 }
        let (views, transactions) = series(history, then: [(1000, 10)])
        #expect(evaluate(views, transactions, .pooled)[28].dispersion == 1)
    }

    /// Pooled-run: 5, 4 and 2 sales on 1,000 views are −1.60, −1.9 and −2.5 σ alone (only the
    /// last is anomalous, streak 1), but together 11 against 3,000·p = 30.105 is
    /// (11 − 30.105) / √(3,000·p(1−p)) = −3.4996 beyond k√C = 3.4641: critical on the third
    /// day, a period covering the three.
    @Test func pooledRunAddsUpThreeDays() throws {
        let (views, transactions) = series(Array(repeating: 10, count: 28), then: [(1000, 5), (1000, 4), (1000, 2)])
        let days = evaluate(views, transactions, .pooledRun)
        #expect(days[28].status == .ok && days[29].status == .ok)
        let third = days[30]
        #expect(abs(try #require(third.runDeviation) - -3.4996) < 5e-4)
        #expect(third.status == .critical && third.direction == .drop && third.alertLevel == .high)
        #expect(try #require(third.deviation) < -2 && third.streak == 1)
        let periods = Detector(settings: { var s = AnalysisSettings.sourceStudy; s.detector = .pooledRun; return s }()).criticalPeriods(days)
        #expect(periods == [CriticalPeriod(first: days[28].date, last: days[30].date, days: 3, direction: .drop,
                                           firstAlert: days[30].date)])
        // The spec's rule sees one anomalous day: no critical period.
        #expect(Detector(settings: AnalysisSettings.sourceStudy).criticalPeriods(evaluate(views, transactions, .spec)).isEmpty)
    }

    /// Pooled-run needs all C days on one side: 5, 12, 2 is no run.
    @Test func pooledRunNeedsOneSide() {
        let (views, transactions) = series(Array(repeating: 10, count: 28), then: [(1000, 5), (1000, 12), (1000, 2)])
        let third = evaluate(views, transactions, .pooledRun)[30]
        #expect(third.runDeviation == nil && third.status == .anomaly)
    }

    /// Mean-std: same-weekday rates 0.010, 0.012, 0.008, 0.010 give mean 0.010 and sample std
    /// √(8·10⁻⁶ / 3) = 0.0016330, so 6 of 1,000 deviates by −2.449: an anomaly.
    @Test func meanAndStandardDeviationOfFourWeekdays() throws {
        let history = [10, 12, 8, 10].flatMap { Array(repeating: $0, count: 7) }
        let (views, transactions) = series(history, then: [(1000, 6)])
        let day = evaluate(views, transactions, .meanStd)[28]
        #expect(abs(try #require(day.baselineMedian) - 0.010) < 1e-12)
        #expect(abs(try #require(day.sigma) - 0.0016330) < 1e-7)
        #expect(abs(try #require(day.deviation) - -2.4495) < 5e-4)
        #expect(day.status == .anomaly && day.sigmaFloor == nil)
    }

    /// `mad` is the spec's median and MAD without the floor, whatever `sigmaFloor` says.
    @Test func madIsTheSpecWithoutFloor() {
        let (views, transactions) = series(Array(repeating: 10, count: 28), then: [(1000, 9)])
        var bare = AnalysisSettings.sourceStudy
        bare.sigmaFloor = .none
        let spec = Detector(settings: bare).evaluate(views: views, transactions: transactions, first: DetectorTests.first)
        #expect(evaluate(views, transactions, .mad) == spec)
    }
}

/// The sensitivity table agrees with the validation at the threshold in force and keeps
/// fewer segments as the volume minimum rises.
struct SensitivityTests {
    @Test func agreesWithTheValidationAndNarrowsWithTheFloor() throws {
        let dir = TemporaryDirectory()
        let data = try ScorecardFixture.data(dir).data.series
        var settings = ScorecardFixture.loose
        settings.threshold = 1.8
        let periods = Periods(first: data.firstDay, last: data.lastDay, recentDays: settings.recentDays)
        let sensitivity = Sensitivity(data: data, periods: periods, settings: settings)
        #expect(sensitivity.thresholds == [1.5, 1.8, 2, 2.5, 3])
        let validation = Validation(data: data, periods: periods, detectorRun: nil, settings: settings).segments
        #expect(sensitivity.segments.map(\.segment) == validation.map(\.segment))
        for (row, check) in zip(sensitivity.segments, validation) {
            #expect(row.outcomes[1].anomalousDays == check.anomalousDays)
            #expect(row.outcomes[1].dropPeriods + row.outcomes[1].spikePeriods == check.criticalPeriods.count)
            // A higher threshold never flags more days.
            #expect(zip(row.outcomes, row.outcomes.dropFirst()).allSatisfy { $0.anomalousDays >= $1.anomalousDays })
        }
        #expect(zip(sensitivity.floors, sensitivity.floors.dropFirst()).allSatisfy { $0.segments >= $1.segments })
    }
}

/// The daily check names the method's baseline and, for `pooled-run`, the run's evidence.
struct DailyCheckMethodTests {
    @Test func pooledRunCheckExplainsItself() throws {
        let segment = Segment(browser: "Safari", os: "iOS", device: "Mobile")
        let transactions = Array(repeating: 10, count: 28) + [5, 4, 2]
        let cells = transactions.enumerated().map { day, t in
            DailyCube.Cell(day: DetectorTests.first.advanced(by: day), segment: 0, views: 1000, addtocarts: 0, transactions: t)
        }
        var settings = AnalysisSettings.sourceStudy
        settings.detector = .pooledRun
        let check = try DailyCheckResult(cube: DailyCube(segments: [segment], cells: cells), date: DetectorTests.first.advanced(by: 30),
                                         segment: SegmentPattern(segment), settings: settings)
        #expect(check.status == .critical)
        // The day's own baseline holds the run's first two days: (26·10 + 5 + 4 + 1) / 28,002 = 0.96 %.
        #expect(check.text.contains("baseline pooled rate 0.96 % from 28 previous days"))
        #expect(check.text.contains("last 3 days together -3.50 σ (pooled-run)"))
    }
}

/// Critical periods, now built from critical days, are still exactly SPEC 8's "maximal runs
/// of at least C anomalous days in one direction, first alert on the C-th day" under the
/// spec's rule, on noisy series with many short and long runs.
struct CriticalPeriodTests {
    @Test func specPeriodsAreMaximalRunsOfAnomalousDays() {
        var rng = Xoshiro256StarStar(seed: 7)
        var periods = 0
        for trial in 0..<40 {
            let views = (0..<120).map { _ in 2000 + rng.below(2000) }
            // The rate holds a level (0.3 %, 1 % or 2 %) for a few days, then jumps, so runs
            // of anomalies of every length come and go.
            var level = 0.01
            let transactions = views.map { v -> Int in
                if rng.chance(0.2) { level = [0.003, 0.01, 0.02][rng.below(3)] }
                return Int(Double(v) * level)
            }
            var settings = AnalysisSettings.sourceStudy
            settings.criticalStreak = 2 + trial % 3
            let detector = Detector(settings: settings)
            let days = detector.evaluate(views: views, transactions: transactions, first: DetectorTests.first)
            var expected: [CriticalPeriod] = []
            var i = 0
            while i < days.count {
                guard let direction = days[i].direction else { i += 1; continue }
                var end = i
                while end + 1 < days.count && days[end + 1].direction == direction { end += 1 }
                if end - i + 1 >= settings.criticalStreak {
                    expected.append(CriticalPeriod(first: days[i].date, last: days[end].date, days: end - i + 1, direction: direction,
                                                   firstAlert: days[i].date.advanced(by: settings.criticalStreak - 1)))
                }
                i = end + 1
            }
            #expect(detector.criticalPeriods(days) == expected, "trial \(trial)")
            periods += expected.count
        }
        #expect(periods > 40)  // the series do have critical runs to compare
    }
}

/// The sensitivity table by hand: 28 days of 10 sales on 1,000 views, then 5, 3, 2, 0, 9 and
/// 10. Every baseline is four days of 1.0 % (MAD 0), so σ is the floor √(p(1−p)/1000) with
/// p = 41/4,002: 0.3185 %. The deviations are −1.57, −2.20, −2.51, −3.14, −0.31 and 0.
struct SensitivityByHandTests {
    @Test func anomalousDaysAndPeriodsAtEachThreshold() throws {
        let segment = Segment(browser: "Safari", os: "iOS", device: "Mobile")
        let transactions = Array(repeating: 10, count: 28) + [5, 3, 2, 0, 9, 10]
        let cells = transactions.enumerated().map { day, t in
            DailyCube.Cell(day: DetectorTests.first.advanced(by: day), segment: 0, views: 1000, addtocarts: 0, transactions: t)
        }
        let data = try #require(DailySeries(cube: DailyCube(segments: [segment], cells: cells)))
        let settings = AnalysisSettings.sourceStudy
        let periods = Periods(first: data.firstDay, last: data.lastDay, recentDays: 6)
        let sensitivity = Sensitivity(data: data, periods: periods, settings: settings)
        let outcomes = try #require(sensitivity.segments.first).outcomes
        // k = 1.5: four drops in a row (one period); 2: three (one period); 2.5: two; 3: one.
        #expect(outcomes.map(\.threshold) == [1.5, 2, 2.5, 3])
        #expect(outcomes.map(\.anomalousDays) == [4, 3, 2, 1])
        #expect(outcomes.map(\.dropPeriods) == [1, 1, 0, 0])
        #expect(outcomes.allSatisfy { $0.spikePeriods == 0 })
        // 10 sales a day in the normal period: monitored at every minimum up to 10, not at 20.
        #expect(sensitivity.floors.map(\.segments) == [1, 1, 1, 1, 0])
    }
}
