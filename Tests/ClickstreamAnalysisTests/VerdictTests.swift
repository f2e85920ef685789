@testable import ClickstreamAnalysis
@testable import ClickstreamCore
@testable import ClickstreamReport
import Foundation
import Testing

/// The verdict a cron job reads, the MISSING rule, and the daily check's agreement with
/// the report as of the same day.
struct VerdictTests {
    /// A cube of one segment with `views(day)` views and `sales(day)` transactions a day.
    func cube(days: Int, start: Day = Day(iso: "2015-06-01")!, segments: [Segment] = [Segment(browser: "Safari", os: "iOS", device: "Mobile")],
              views: (Int, Int) -> Int, sales: (Int, Int) -> Int) -> DailyCube {
        var cells: [DailyCube.Cell] = []
        for day in 0..<days {
            for index in segments.indices where views(index, day) + sales(index, day) > 0 {
                cells.append(DailyCube.Cell(day: start.advanced(by: day), segment: index, views: views(index, day), addtocarts: 0,
                                            transactions: sales(index, day)))
            }
        }
        return DailyCube(segments: segments, cells: cells)
    }

    func analyze(_ cube: DailyCube, _ settings: AnalysisSettings = AnalysisSettings()) -> AnalysisResults {
        Analyzer(settings: settings).analyze(cube, quality: IngestReport())
    }

    /// −ln Φ(−2): Φ(−2) = 0.0227501 (normal table), ln 0.0227501 = −3.78318.
    @Test func missingNeedsMoreThanFourViewsAtTheDefaultThreshold() {
        #expect(abs(MissingDayRule.minimumExpectedViews(threshold: 2) - 3.78318) < 1e-4)
        // Φ(−3) = 0.0013499, −ln = 6.60772.
        #expect(abs(MissingDayRule.minimumExpectedViews(threshold: 3) - 6.60772) < 1e-4)
    }

    /// Views on the same weekday 7, 14, 21, 28 days back: 10, 0, 12, 8 → skipping the empty
    /// one and reaching back to day −35 (9): points 10, 12, 8, 9, median (9 + 10) / 2 = 9.5.
    @Test func expectedViewsReachBackOverEmptyWeeks() {
        var views = [Int](repeating: 5, count: 36)
        views[35] = 0
        views[28] = 10; views[21] = 0; views[14] = 12; views[7] = 8; views[0] = 9
        let rule = MissingDayRule(settings: AnalysisSettings())
        #expect(rule.expectedViews(at: 35, views: views) == 9.5)
        // Two points only (the rest empty or before the data): not MISSING.
        #expect(rule.expectedViews(at: 28, views: [Int](repeating: 0, count: 1) + views.suffix(28)) == nil)
        // A median of 3 views: e^−3 = 0.0498 > Φ(−2), so a day without views is ordinary.
        #expect(rule.expectedViews(at: 35, views: views.enumerated().map { $0.offset == 35 ? 0 : 3 }) == nil)
    }

    /// 200 views a day for eight weeks, then none for 14 days while another segment goes on:
    /// MISSING from the first empty day, MEDIUM on days 1 and 2, HIGH from day 3 (C = 3),
    /// one critical drop period from 2015-07-27 (day 56) with its first alert on day 58.
    @Test func aVanishedSegmentIsMissingAndThenCritical() throws {
        let segments = [Segment(browser: "Chrome", os: "Windows", device: "Desktop"), Segment(browser: "Safari", os: "iOS", device: "Mobile")]
        let results = analyze(cube(days: 70, segments: segments, views: { index, day in index == 0 ? 300 : day < 56 ? 200 : 0 },
                                   sales: { index, day in index == 0 ? 9 + day % 2 : day < 56 ? 6 + day % 2 : 0 }))
        // The drill path follows the segment whose sales fell to nothing.
        let run = try #require(results.detector)
        let recent = run.days.suffix(14)
        #expect(recent.allSatisfy { $0.status == .missing && $0.expectedViews == 200 })
        #expect(recent.map(\.alertLevel).prefix(3) == [.medium, .medium, .high])
        #expect(run.criticalPeriods.count == 1)
        #expect(run.criticalPeriods.first?.first == Day(iso: "2015-07-27"))
        #expect(run.criticalPeriods.first?.firstAlert == Day(iso: "2015-07-29"))
        let verdict = try #require(results.verdict)
        #expect(verdict.status == .missing && verdict.alertLevel == .high && verdict.flaggedDays == 14)
    }

    @Test func noVerdictReasons() throws {
        // No rows.
        #expect(analyze(DailyCube()).verdict?.noVerdictReasons.map(\.code) == [.noRows])
        // 28 days: one short of 7W + 1 = 29.
        let short = analyze(cube(days: 28, views: { _, _ in 100 }, sales: { _, day in 3 + day % 2 }))
        #expect(short.verdict?.noVerdictReasons.map(\.code) == [.tooLittleData])
        #expect(analyze(cube(days: 29, views: { _, _ in 100 }, sales: { _, day in 3 + day % 2 })).verdict?.hasVerdict == true)
        // Stale: the data ends 2015-07-09 (day 39); as of 2015-07-12 it is 3 days old.
        var settings = AnalysisSettings()
        settings.asOf = Day(iso: "2015-07-12")
        settings.maxAgeDays = 2
        let data = cube(days: 39, views: { _, _ in 100 }, sales: { _, day in 3 + day % 2 })
        let stale = try #require(analyze(data, settings).verdict)
        #expect(stale.noVerdictReasons.map(\.code) == [.stale] && stale.dataAgeDays == 3 && stale.status == .noVerdict)
        settings.maxAgeDays = 3
        #expect(analyze(data, settings).verdict?.hasVerdict == true)
    }

    /// `--as-of` leaves later days out and counts their events.
    @Test func asOfLeavesLaterDaysOut() {
        var settings = AnalysisSettings()
        settings.asOf = Day(iso: "2015-07-05")  // day 34
        let results = analyze(cube(days: 40, views: { _, _ in 100 }, sales: { _, _ in 3 }), settings)
        #expect(results.dataset.lastDay == Day(iso: "2015-07-05"))
        #expect(results.dataset.eventsAfterAsOf == 5 * 103)
        #expect(results.verdict?.asOf == Day(iso: "2015-07-05") && results.verdict?.dataAgeDays == 0)
    }

    /// The check for a day chooses the segment the report as of that day chooses, and
    /// gives that day the same verdict: here through the first days of a drop in one of
    /// two segments, when the drill path may still point elsewhere.
    @Test func checkAgreesWithTheReportAsOfTheSameDay() throws {
        let segments = [Segment(browser: "Chrome", os: "Windows", device: "Desktop"), Segment(browser: "Safari", os: "iOS", device: "Mobile")]
        let data = cube(days: 70, segments: segments, views: { index, _ in index == 0 ? 300 : 200 },
                        sales: { index, day in index == 1 && day >= 60 ? 1 : (index == 0 ? 9 : 6) + (day * 7 + index) % 3 })
        for offset in 56..<70 {
            let date = Day(iso: "2015-06-01")!.advanced(by: offset)
            var settings = AnalysisSettings()
            settings.asOf = date
            let report = analyze(data, settings)
            let check = try DailyCheckResult(cube: data, date: date, segment: nil, settings: AnalysisSettings())
            #expect(report.detector?.segment == check.segment, "\(date)")
            #expect(report.detector?.days.last == check.day, "\(date)")
            // Whichever segment is chosen, Safari's first drop day (day 60: 1 sale instead of
            // 6-8) is flagged, as the verdict or beside it.
            if offset == 60 {
                let flagged = check.alsoFlagged.map(\.segment)
                #expect(flagged.contains(segments[1]) || (check.alertLevel > .none && check.segment.segment == segments[1]), "\(check.text)")
            }
        }
    }

    @Test func checkAfterTheDataHasNoVerdict() throws {
        let data = cube(days: 40, views: { _, _ in 100 }, sales: { _, day in 3 + day % 2 })
        let check = try DailyCheckResult(cube: data, date: Day(iso: "2015-07-20")!, segment: nil, settings: AnalysisSettings())
        #expect(check.noVerdict?.code == .dateAfterData)
        #expect(check.alertLevel == .none)
    }

    @Test func unknownSettingsKeysAreNamed() {
        let file = NSTemporaryDirectory() + "clickstream-settings-" + UUID().uuidString + ".json"
        defer { try? FileManager.default.removeItem(atPath: file) }
        FileManager.default.createFile(atPath: file, contents: Data(#"{"recentDays": 7, "threshhold": 1.5}"#.utf8))
        #expect {
            _ = try AnalysisSettings.load(path: file)
        } throws: { error in
            guard let error = error as? ClickstreamError else { return false }
            return error.isUsage && error.message.contains("\"threshhold\"") && error.message.contains("threshold")
                && error.path == file
        }
    }

    /// kitten → sitting: k→s, e→i, +g = 3 (the textbook example).
    @Test func segmentSuggestions() {
        #expect(SegmentLookup.editDistance(Array("kitten".utf8), Array("sitting".utf8)) == 3)
        let segments = [Segment(browser: "Chrome", os: "Windows", device: "Desktop"), Segment(browser: "Safari", os: "iOS", device: "Mobile")]
        #expect(SegmentLookup.problem(with: segments[0], in: segments) == nil)
        #expect(SegmentLookup.problem(with: Segment(browser: "Chorme", os: "Windows", device: "Desktop"), in: segments)?
            .contains("did you mean Chrome · Windows · Desktop") == true)
        #expect(SegmentLookup.problem(with: Segment(browser: "safari", os: "ios", device: "mobile"), in: segments)?
            .contains("case included); did you mean Safari · iOS · Mobile?") == true)
    }

    /// 4.5e-7: 4.5 × 10⁻⁷; 0.0227501 rounds to 0.0228 at four decimals.
    @Test func smallProbabilities() {
        #expect(Format.scientific(4.5e-7) == "4.5e-7")
        #expect(Format.scientific(0.0227501) == "0.0228")
        #expect(Format.scientific(9.96e-5) == "1.0e-4")
        #expect(Format.scientific(0) == "0")
    }
}
