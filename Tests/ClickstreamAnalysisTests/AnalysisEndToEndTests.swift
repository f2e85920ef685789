@testable import ClickstreamAnalysis
@testable import ClickstreamCore
@testable import ClickstreamIngest
@testable import ClickstreamReport
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

/// The whole analysis on generated data. Nothing in the analysis knows which segment was
/// broken: the generator's sidecar only gives the incident start, for detection timing.
struct AnalysisEndToEndTests {
    static func analyze(seed: UInt64 = 42, events: Int, days: Int, incident: IncidentSettings?) throws -> AnalysisResults {
        let dir = TemporaryDirectory()
        var settings = GeneratorSettings()
        settings.seed = seed
        settings.events = events
        settings.days = days
        settings.incident = incident
        let metadata = try DatasetGenerator(settings: settings).write(to: dir.file("events.csv"))
        let ingest = try Ingestor.ingest(paths: [dir.file("events.csv")], options: IngestOptions(enrichmentSeed: seed))
        return Analyzer(settings: AnalysisSettings()).analyze(ingest.cube, quality: ingest.report, incident: metadata.incidentCheck)
    }

    /// The default incident at 20,000 events a day (the default dataset's rate) over 70 days.
    @Test func theDefaultIncidentIsFoundEarlyAndIsolated() throws {
        let results = try Self.analyze(events: 1_400_000, days: 70, incident: IncidentSettings())
        let safari = Segment(browser: "Safari", os: "iOS", device: "Mobile")
        #expect(results.drilldown?.segment?.segment == safari)
        #expect(results.drilldown?.path.map(\.value) == ["Mobile", "iOS", "Safari"])
        let detection = try #require(results.detector?.detection)
        #expect(try #require(detection.detectionDay) <= 3)
        #expect(results.validationSummary?.isolated == true)
        #expect(results.traffic?.withinNormalVariance == true)
        #expect(try #require(results.funnel?.changes.conversionRate) < -0.6)
    }

    /// An incident elsewhere (the Chrome · Android · Mobile case, ending on the last
    /// day): the drill path must end there. Whether the spec's detector alerts is reported, not required.
    @Test func anotherBrokenSegmentIsFoundWithoutBeingNamed() throws {
        let incident = IncidentSettings(segment: Segment(browser: "Chrome", os: "Android", device: "Mobile"),
                                        days: 10, fraction: 0.6)
        let results = try Self.analyze(seed: 7, events: 2_756_101, days: 139, incident: incident)
        #expect(results.drilldown?.segment?.segment == incident.segment)
    }

    @Test func cleanDataHasNoIsolatedIncident() throws {
        let results = try Self.analyze(events: 600_000, days: 42, incident: nil)
        #expect(results.validationSummary?.isolated == false)
        #expect(results.detector?.detection == nil)
    }

    /// For a given segment, the daily check of every date equals that date in the
    /// retrospective run (a day depends only on days up to it).
    @Test func dailyCheckAgreesWithTheRetrospectiveRun() throws {
        let dir = TemporaryDirectory()
        var settings = GeneratorSettings()
        settings.events = 300_000
        settings.days = 49
        _ = try DatasetGenerator(settings: settings).write(to: dir.file("events.csv"))
        let cube = try Ingestor.ingest(paths: [dir.file("events.csv")]).cube
        let segment = Segment(browser: "Safari", os: "iOS", device: "Mobile")
        let run = DetectorRun(segment: segment, data: try #require(DailySeries(cube: cube)), settings: AnalysisSettings())
        #expect(run.days.count == 49)
        for day in run.days {
            let check = try DailyCheckResult(cube: cube, date: day.date, segment: SegmentPattern(segment), settings: AnalysisSettings())
            #expect(check.day == day, "\(day.date)")
        }
        #expect(run.days.contains { $0.status == .ok } && run.days.contains { $0.status == .insufficientData })
    }

    /// The keys of SPEC section 10, present with these names, undefined numbers as null.
    @Test func resultsJSONHasTheSpecKeys() throws {
        let results = try Self.analyze(events: 300_000, days: 42, incident: IncidentSettings())
        let object = try JSONSerialization.jsonObject(with: Analyzer.json(results)) as? [String: Any]
        let json = try #require(object)
        func value(_ path: String) -> Any? {
            var current: Any? = json
            for key in path.split(separator: ".") {
                if let array = current as? [Any] { current = array.first }
                current = (current as? [String: Any])?[String(key)]
            }
            return current
        }
        let paths = """
            dataset.events dataset.eventsByType.view dataset.eventsByType.addtocart dataset.eventsByType.transaction
            dataset.firstDay dataset.lastDay dataset.days dataset.rejectedRows periods.normal.first periods.normal.last
            periods.recent.first periods.recent.last traffic.normalMean traffic.normalStd traffic.recentMean traffic.z
            drilldown.dimensions.device.value drilldown.dimensions.device.normalMean drilldown.dimensions.device.normalStd
            drilldown.dimensions.device.recentMean drilldown.dimensions.device.z drilldown.dimensions.os.value
            drilldown.dimensions.browser.value drilldown.path.dimension drilldown.path.value drilldown.path.z
            funnel.segment.browser funnel.normal.viewsPerDay funnel.normal.addtocartPerDay funnel.normal.transactionsPerDay
            funnel.normal.conversionRate funnel.recent.conversionRate detector.segment.os detector.days.date
            detector.days.views detector.days.transactions detector.days.status detector.days.alertLevel
            detector.days.conversionRate detector.days.baselineMedian detector.days.sigma detector.days.deviation
            detector.days.streak detector.days.direction detector.criticalPeriods detector.firstCriticalAlert
            validation.segment.device validation.daysEvaluated validation.anomalousDays validation.worstDeviation
            validation.criticalPeriods validationSummary.isolated
            """.split(whereSeparator: \.isWhitespace).map(String.init)
        for path in paths {
            #expect(value(path) != nil, "missing \(path)")
        }
        // The first day has no baseline: its undefined numbers are null, not absent.
        #expect(value("detector.days.baselineMedian") is NSNull)
        #expect(value("detector.days.deviation") is NSNull)
        #expect(value("detector.days.status") as? String == "INSUFFICIENT_DATA")
        #expect(value("detector.days.alertLevel") as? String == "NONE")
        #expect((value("dataset.firstDay") as? String) == "2015-05-03")
        let text = String(decoding: try Analyzer.json(results), as: UTF8.self)
        #expect(!text.contains("NaN") && !text.contains("Infinity"))
    }

    @Test func noDataIsStatedNotComputed() throws {
        let ingest = try CSVFixtures.ingest(CSVFixtures.enrichedHeader + "\n")
        let results = Analyzer(settings: AnalysisSettings()).analyze(ingest.cube, quality: ingest.report)
        #expect(results.periods == nil && results.detector == nil && results.validation.isEmpty)
        #expect(AnalysisSummary(results).text.hasPrefix("no data"))
        let text = String(decoding: try Analyzer.json(results), as: UTF8.self)
        #expect(text.contains("\"periods\" : null"))
    }
}
