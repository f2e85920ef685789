@testable import ClickstreamAnalysis
@testable import ClickstreamCore
@testable import ClickstreamEvaluation
@testable import ClickstreamIngest
@testable import ClickstreamReport
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

/// The report site: deterministic, safe, self-contained, written atomically.
struct ReportSiteTests {
    /// A small generated dataset with the default incident, analysed, as report input;
    /// `hostile` adds a file of markup-laden dimension values.
    static func makeInput(hostile: Bool, settings analysisSettings: AnalysisSettings = AnalysisSettings()) throws -> ReportInput {
        let dir = TemporaryDirectory()
        var settings = GeneratorSettings()
        settings.events = 150_000
        settings.days = 42
        let metadata = try DatasetGenerator(settings: settings).write(to: dir.file("events.csv"))
        var paths = [dir.file("events.csv")]
        if hostile {
            let noon = Day(iso: "2015-06-01")!.startMilliseconds + 43_200_000
            paths.append(dir.write("hostile<&>.csv", CSVFixtures.enriched([
                "\(noon),1,view,1,,Mobile,<script>alert(1)</script>,Fire\"fox & <b>",
                "\(noon),2,View,1,,Mobile,iOS,<img src=x onerror=alert(1)>",
            ])))
        }
        let ingest = try Ingestor.ingest(paths: paths)
        let analysis = Analyzer(settings: analysisSettings).analysis(ingest.cube, quality: ingest.report, incident: metadata.incidentCheck)
        let inputs = try paths.map { (path) throws(ClickstreamError) in try InputFile.describe(path) }
        return ReportInput(analysis: analysis, quality: ingest.report, inputs: inputs, generatedOn: "2015-06-13")
    }

    /// Made once for every test of the suite (a value: each test changes its own copy).
    static let plain = Result { try makeInput(hostile: false) }

    static func input(hostile: Bool = false) throws -> ReportInput {
        hostile ? try makeInput(hostile: true) : try plain.get()
    }

    /// The prose states the settings in force: with C = 5 and W = 6 (and the run method,
    /// whose rule names C twice) no sentence still says three days or four weeks.
    @Test func theProseFollowsTheSettings() throws {
        var settings = AnalysisSettings()
        settings.criticalStreak = 5
        settings.baselineWeeks = 6
        settings.detector = .pooledRun
        let files = try ReportSite.build(try Self.makeInput(hostile: false, settings: settings), templates: .defaults)
        let html = String(decoding: try #require(files["index.html"]), as: UTF8.self)
        for phrase in ["Five anomalous days in a row", "the previous six weeks (every weekday six times)",
                       "so do five days on the same side whose summed shortfall is beyond k√5 σ",
                       "Six points can agree by chance", "the pooled rate of the previous six weeks",
                       "<td>C, critical streak</td>\n<td>5 days</td>", "<td>W, baseline weeks</td>\n<td>6</td>"] {
            #expect(html.contains(phrase), "\(phrase)")
        }
        for stale in ["Three anomalous", "three days", "four weeks", "Four points", "k√3"] {
            #expect(!html.contains(stale), "\(stale)")
        }
    }

    @Test func everySectionIsThereAndLinked() throws {
        let input = try Self.input()
        let files = try ReportSite.build(input, templates: .defaults)
        #expect(Set(files.keys).isSuperset(of: ["index.html", "style.css", "results.json", "charts/traffic.svg", "charts/detector.svg"]))
        let html = String(decoding: files["index.html"]!, as: UTF8.self)
        for id in ReportSection.allCases.map(\.id) {
            #expect(html.contains("<section id=\"\(id)\">") && html.contains("href=\"#\(id)\""), "\(id)")
        }
        // Every local link resolves to a file of the site or an anchor on the page.
        let links = html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(!links.isEmpty)
        for link in links {
            if link.hasPrefix("#") {
                #expect(html.contains("id=\"\(link.dropFirst())\""), "\(link)")
            } else {
                #expect(files[link] != nil, "\(link)")
            }
        }
        #expect(html.contains("Content-Security-Policy"))
        #expect(html.contains("The math behind every flagged day"))
        #expect(html.contains("synthetic incident"))
    }

    /// No request leaves the page: no http(s) reference in any attribute of any file.
    @Test func nothingLoadsFromTheNetwork() throws {
        let input = try Self.input()
        for (name, data) in try ReportSite.build(input, templates: .defaults) where !name.hasSuffix(".json") {
            let text = String(decoding: data, as: UTF8.self)
            for attribute in ["src=\"http", "href=\"http", "url(http", "@import", "<script"] {
                #expect(!text.contains(attribute), "\(name) has \(attribute)")
            }
        }
    }

    @Test func hostileDataIsTextEverywhere() throws {
        let input = try Self.input(hostile: true)
        let files = try ReportSite.build(input, templates: .defaults)
        for (name, data) in files where !name.hasSuffix(".json") {
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("<script>alert"), "\(name)")
            #expect(!text.contains("<img src=x"), "\(name)")
            #expect(!text.contains("<b>"), "\(name)")
        }
        let html = String(decoding: files["index.html"]!, as: UTF8.self)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("hostile&lt;&amp;&gt;.csv"))
    }


    @Test func restyledTemplatesReplaceTheDefaults() throws {
        let input = try Self.input()
        let dir = TemporaryDirectory()
        dir.write("summary.md", "## Overview\n\nSegment: {{segment}}, alert {{firstAlert}}.\n")
        let files = try ReportSite.build(input, templates: TemplateSet.load(directory: dir.path))
        let html = String(decoding: files["index.html"]!, as: UTF8.self)
        #expect(html.contains("<h2>Overview</h2>") && html.contains("Segment: Safari · iOS · Mobile"))
        #expect(html.contains(">Overview</a>"))
        #expect(html.contains("Traffic variance"))  // the other sections keep the defaults
    }

    @Test func measuredRankingQualityIsShownWhenGiven() throws {
        var input = try Self.input()
        let without = String(decoding: try ReportSite.build(input, templates: .defaults)["index.html"]!, as: UTF8.self)
        #expect(!without.contains("How well the ranking works"))
        input.rankQuality = [RootCauseTrials.Summary(kind: "segment", fraction: 0.4, trials: 128, rankedFirst: 95, inTopThree: 96,
                                                     visible: 77, visibleFirst: 76, ceilingFirst: 99, ceilingTopThree: 112,
                                                     untoldFirst: 87, untoldTopThree: 110)]
        let with = String(decoding: try ReportSite.build(input, templates: .defaults)["index.html"]!, as: UTF8.self)
        // 95 / 128 = 74.2 %, 99 / 128 = 77.3 %, 87 / 128 = 68.0 %, 96 / 128 = 75.0 %,
        // 112 / 128 = 87.5 %, 110 / 128 = 85.9 %, 76 / 77 = 98.7 %.
        #expect(with.contains("How well the ranking works"))
        #expect(with.contains("<td>segment</td>\n<td>40\u{00A0}%</td>\n<td>128</td>\n<td>74.2\u{00A0}%</td>\n<td>77.3\u{00A0}%</td>\n<td>68.0\u{00A0}%</td>\n<td>75.0\u{00A0}%</td>\n<td>87.5\u{00A0}%</td>\n<td>85.9\u{00A0}%</td>\n<td>77</td>\n<td>98.7\u{00A0}%</td>"))
        // A file measured before the oracle not told the length and fraction: its cells say so.
        input.rankQuality?[0].untoldFirst = nil
        input.rankQuality?[0].untoldTopThree = nil
        let older = String(decoding: try ReportSite.build(input, templates: .defaults)["index.html"]!, as: UTF8.self)
        #expect(older.contains("<td>77.3\u{00A0}%</td>\n<td>\(ReportFormat.missing)</td>\n<td>75.0\u{00A0}%</td>"))
    }

    /// A hand-made scorecard: the spec and pooled-run at one fraction; pooled-run catches
    /// 540 of 600 hard cases by day 3 (90.0 %) against 216 (36.0 %) but raises 3 false drop
    /// alerts in 10 segment-years against 1.
    static var scorecard: ScorecardResult {
        var settings = ScorecardSettings()
        settings.fractions = [0.6]
        settings.methods = [.spec, .pooledRun]
        func recall(_ method: DetectorMethod, _ detected: Int) -> RecallRow {
            RecallRow(method: method, fraction: 0.6, trials: 1000, detected: detected, detectedByGoalDay: detected / 2,
                      recall: Double(detected) / 1000, recallByGoalDay: Double(detected / 2) / 1000, medianDetectionDay: 3, p90DetectionDay: 6)
        }
        func alarms(_ method: DetectorMethod, _ drops: Int) -> FalseAlarmRow {
            FalseAlarmRow(method: method, segments: 30, judgedDays: 3650, segmentYears: 10, anomalousDays: 365, anomalousShare: 0.1,
                          dropPeriods: drops, spikePeriods: 0, dropPeriodsPerSegmentYear: Double(drops) / 10, spikePeriodsPerSegmentYear: 0)
        }
        return ScorecardResult(
            toolVersion: ToolVersion.current, settings: settings, analysis: AnalysisSettings(), datasets: [1, 2],
            recall: [recall(.spec, 373), recall(.pooledRun, 462)],
            recallBySize: [RecallRow(method: .pooledRun, from: 25, to: nil, fraction: 0.6, trials: 130, detected: 130,
                                     detectedByGoalDay: 117, recall: 1, recallByGoalDay: 0.9, medianDetectionDay: 1, p90DetectionDay: 2)],
            falseAlarms: [alarms(.spec, 1), alarms(.pooledRun, 3)],
            goalSegments: [.init(dataset: 1, segment: Segment(browser: "Chrome", os: "Android", device: "Mobile"), transactionsPerDay: 19.5)],
            goal: [GoalRow(method: .spec, trials: 600, detected: 450, detectedByGoalDay: 216, recallByGoalDay: 0.36, medianDetectionDay: 4),
                   GoalRow(method: .pooledRun, trials: 600, detected: 570, detectedByGoalDay: 540, recallByGoalDay: 0.9, medianDetectionDay: 3)],
            trialCount: 1000, goalTrialCount: 600, trials: [], goalTrials: [])
    }

    @Test func scorecardIsShownWithItsChallengerWhenGiven() throws {
        var input = try Self.input()
        let without = try ReportSite.build(input, templates: .defaults)
        let plain = String(decoding: without["index.html"]!, as: UTF8.self)
        #expect(plain.contains("Not measured for this report") && without["scorecard.json"] == nil)
        // The default is not the source study's method: that one is drawn beside it, always.
        #expect(plain.contains("Sensitivity on this data") && plain.contains("Beside it: median + MAD (spec)"))
        #expect(without["charts/detector-spec.svg"] != nil)
        input.scorecard = Self.scorecard
        #expect(Self.scorecard.challenger == .pooledRun && Self.scorecard.winner == nil)
        let files = try ReportSite.build(input, templates: .defaults)
        let html = String(decoding: files["index.html"]!, as: UTF8.self)
        #expect(html.contains("<td>pooled-run</td>\n<td>46.2\u{00A0}% (23.1\u{00A0}%)</td>"))
        #expect(html.contains("<td>pooled-run</td>\n<td>600</td>\n<td>90.0\u{00A0}%</td>\n<td>95.0\u{00A0}%</td>\n<td>3.0</td>"))
        #expect(html.contains("<td>spec</td>\n<td>30</td>\n<td>10.0</td>\n<td>10.0\u{00A0}%</td>\n<td>1</td>\n<td>0.10</td>"))
        // pooled-run catches 90 % by day 3 but raises 0.3 false drops a segment-year: no winner.
        #expect(html.contains("<strong>No method meets them</strong> on these trials. pooled-run catches the hard case most often"))
        #expect(html.contains("<td>pooled-run</td>\n<td>≥ 25</td>\n<td>130</td>\n<td>100.0\u{00A0}% (90.0\u{00A0}%)</td>"))
        #expect(html.contains("Beside it: median + MAD (spec)"))
        for chart in ["charts/scorecard-recall.svg", "charts/scorecard-delay.svg", "charts/detector-spec.svg"] {
            #expect(files[chart] != nil, "\(chart)")
        }
        let published = try JSONDecoder().decode(ScorecardResult.self, from: try #require(files["scorecard.json"]))
        #expect(published == Self.scorecard)
    }

    /// With the source study's method in force, the scorecard's most sensitive method is
    /// drawn beside it, and the page says whether it meets the goals for a default.
    @Test func withTheSpecInForceTheChallengerIsDrawnBesideIt() throws {
        var input = try Self.makeInput(hostile: false, settings: .sourceStudy)
        let plain = String(decoding: try ReportSite.build(input, templates: .defaults)["index.html"]!, as: UTF8.self)
        #expect(!plain.contains("Beside it:"))
        input.scorecard = Self.scorecard
        let files = try ReportSite.build(input, templates: .defaults)
        let html = String(decoding: files["index.html"]!, as: UTF8.self)
        #expect(html.contains("Beside it: pooled 28 days + run sum"))
        #expect(html.contains("It does not meet the scorecard's goals for a default"))
        #expect(files["charts/detector-pooled-run.svg"] != nil)
    }
}
