@testable import ClickstreamAnalysis
@testable import ClickstreamCore
@testable import ClickstreamEvaluation
@testable import ClickstreamIngest
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

/// The scorecard's trial runner: its injection, its counting and its determinism.
struct ScorecardTests {
    /// The scorecard's datasets come straight from the generator into a cube: the same
    /// cube, monitored segments and transaction rows as reading the generated CSV.
    @Test func generatedStraightIntoACubeEqualsReadingTheCSV() throws {
        let dir = TemporaryDirectory()
        let (_, read) = try ScorecardFixture.data(dir, seed: 5)
        var generator = GeneratorSettings()
        generator.events = 400_000
        generator.days = 70
        let direct = try ScorecardData.generate(seed: 5, generator: generator, settings: ScorecardFixture.loose)
        #expect(direct.cube == read.cube && direct.cube.totals.all == 400_000)
        #expect(direct.transactions == read.transactions && !direct.transactions.isEmpty)
        #expect(direct.segments.map(\.segment) == read.segments.map(\.segment) && direct.segments.count > 1)
    }

    /// With a country: the same cube as reading the CSV `generate --export countries`
    /// writes, its four dimensions in the order device, OS, browser, country.
    @Test func aCountryDimensionMatchesTheCountriesExport() throws {
        let dir = TemporaryDirectory()
        var generator = GeneratorSettings()
        generator.seed = 5
        generator.events = 200_000
        generator.days = 42
        generator.incident = nil
        generator.export = .countries
        _ = try DatasetGenerator(settings: generator).write(to: dir.file("countries.csv"))
        var options = IngestOptions()
        options.dimensions = DimensionSchema(["device", "os", "browser", "country"])
        let read = try Ingestor.ingest(paths: [dir.file("countries.csv")], options: options)
        let direct = try ScorecardData.generate(seed: 5, generator: generator, settings: ScorecardFixture.loose)
        #expect(direct.cube == read.cube && direct.cube.totals.all == 200_000)
        #expect(Set(direct.cube.segments.map { $0[dimension: 3] }).count == 5)
        // The rank trials never target a country: it is the dimension that does not matter.
        let kinds = Set(RootCauseTrials().targets(direct.series).map(\.0))
        #expect(kinds == ["segment", "os", "browser"])
    }

    static func settings(trials: Int = 200) -> ScorecardSettings {
        var settings = ScorecardSettings()
        settings.trials = trials
        settings.goalTrials = 40
        return settings
    }

    /// Injecting into the daily counts converts exactly the transactions `inject` converts
    /// in the CSV: the segment's series after `inject` equals the scorecard's, day by day.
    @Test func injectionMatchesInjectOnCSV() throws {
        let dir = TemporaryDirectory()
        let (path, data) = try ScorecardFixture.data(dir)
        let monitored = try #require(data.segments.first { $0.segment == IncidentSettings.defaultSegment })
        let start = data.series.firstDay.advanced(by: 40)
        let incident = IncidentSettings(segment: monitored.segment, start: start, days: 12, fraction: 0.6)
        let metadata = try IncidentInjector(incident: incident, seed: 9_001).inject(input: path, output: dir.file("injected.csv"))
        // With a start given, one pass: the data's range comes from the rows as they stream by.
        #expect(metadata.firstDay == data.series.firstDay && metadata.lastDay == data.series.lastDay)
        let injected = try Ingestor.ingest(paths: [dir.file("injected.csv")], options: IngestOptions(enrichmentSeed: 42))
        let fromCSV = try #require(DailySeries(cube: injected.cube)).counts(of: monitored.segment)
        let inMemory = monitored.injected(start: 40, days: 12, fraction: 0.6, seed: 9_001)
        #expect(inMemory == fromCSV)
        #expect(inMemory.transactions.reduce(0, +) < monitored.counts.transactions.reduce(0, +))
    }

    /// A method that never alerts has recall 0 at every fraction and raises no false alarm.
    @Test func neverAlertingScoresRecallZero() throws {
        let dir = TemporaryDirectory()
        let data = try ScorecardFixture.data(dir).data
        var settings = Self.settings()
        settings.methods = [.spec]
        let never: Scorecard.Evaluator = { views, transactions, first in
            Self.days(views.count, first: first, status: .ok, direction: nil)
        }
        let result = Scorecard(settings: settings, analysis: ScorecardFixture.loose).run(on: [data], evaluators: [never])
        #expect(result.recall.count == settings.fractions.count)
        #expect(result.recall.allSatisfy { $0.trials > 0 && $0.detected == 0 && $0.recall == 0 && $0.medianDetectionDay == nil })
        #expect(result.goal.first?.recallByGoalDay == 0)
        #expect(result.falseAlarms.first?.dropPeriods == 0 && result.falseAlarms.first?.anomalousShare == 0)
    }

    /// A method that always alerts catches every incident on its first day and scores the
    /// worst possible false alarms: every judged day anomalous, one drop period per segment
    /// covering its whole series.
    @Test func alwaysAlertingScoresTheMaximumFalseAlarms() throws {
        let dir = TemporaryDirectory()
        let data = try ScorecardFixture.data(dir).data
        var settings = Self.settings()
        settings.methods = [.spec]
        let always: Scorecard.Evaluator = { views, transactions, first in
            Self.days(views.count, first: first, status: .critical, direction: .drop)
        }
        let result = Scorecard(settings: settings, analysis: ScorecardFixture.loose).run(on: [data], evaluators: [always])
        #expect(result.recall.allSatisfy { $0.recall == 1 && $0.medianDetectionDay == 1 && $0.p90DetectionDay == 1 })
        let alarms = try #require(result.falseAlarms.first)
        #expect(alarms.anomalousShare == 1)
        #expect(alarms.segments == data.segments.count && alarms.dropPeriods == alarms.segments)
        #expect(alarms.judgedDays == data.segments.count * data.series.dayCount)
    }

    /// The same seed gives the same trials and figures; another seed draws other incidents.
    @Test func sameSeedSameScorecard() throws {
        let dir = TemporaryDirectory()
        let data = try ScorecardFixture.data(dir).data
        let a = Scorecard(settings: Self.settings(), analysis: ScorecardFixture.loose).run(on: [data])
        let b = Scorecard(settings: Self.settings(), analysis: ScorecardFixture.loose).run(on: [data])
        #expect(a == b)
        #expect(try StableJSON.data(a) == StableJSON.data(b))
        var other = Self.settings()
        other.seed = 2
        let c = Scorecard(settings: other, analysis: ScorecardFixture.loose).run(on: [data])
        #expect(c.trials != a.trials)
    }

    /// Trials follow the grid and the draw rules: fractions in turn, lengths in range, W
    /// weeks of history before each start and the whole window inside the data.
    @Test func trialsRespectTheDrawRules() throws {
        let dir = TemporaryDirectory()
        let data = try ScorecardFixture.data(dir).data
        let result = Scorecard(settings: Self.settings(trials: 100), analysis: ScorecardFixture.loose).run(on: [data])
        #expect(result.trials.count == 100)
        #expect(result.recall.filter { $0.method == .spec }.allSatisfy { $0.trials == 20 })
        // The size bands split each fraction's trials and detections without loss or overlap.
        for row in result.recall {
            let bands = result.recallBySize.filter { $0.method == row.method && $0.fraction == row.fraction }
            #expect(bands.count == 3)
            #expect(bands.reduce(0) { $0 + $1.trials } == row.trials && bands.reduce(0) { $0 + $1.detected } == row.detected)
        }
        for trial in result.trials {
            #expect((3...21).contains(trial.days))
            #expect(data.series.firstDay.distance(to: trial.start) >= 28)
            #expect(trial.start.advanced(by: trial.days - 1) <= data.series.lastDay)
            #expect(trial.detectionDay.count == DetectorMethod.allCases.count)
            #expect(trial.detectionDay.allSatisfy { $0 == nil || (1...trial.days).contains($0!) })
        }
    }

    /// Nearest-rank percentile: 90th of 1…10 is 9, of one value that value.
    @Test func percentileIsNearestRank() {
        #expect(Scorecard.percentile(Array(1...10), 0.9) == 9)
        #expect(Scorecard.percentile([4], 0.9) == 4)
        #expect(Scorecard.percentile([], 0.9) == nil)
    }

    static func days(_ count: Int, first: Day, status: DetectorStatus, direction: Direction?) -> [DetectorDay] {
        (0..<count).map { i in
            DetectorDay(date: first.advanced(by: i), views: 1, transactions: 0, status: status,
                        alertLevel: status == .critical ? .high : .none, baseline: [],
                        deviation: direction == nil ? 0 : -9, direction: direction, streak: direction == nil ? 0 : i + 1)
        }
    }
}
