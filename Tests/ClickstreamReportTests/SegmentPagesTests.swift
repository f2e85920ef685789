@testable import ClickstreamAnalysis
@testable import ClickstreamCore
@testable import ClickstreamIngest
@testable import ClickstreamReport
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

/// The segment pages, the overview that links them, and names from the data as text.
struct SegmentPagesTests {
    @Test func aPageForEveryMonitoredSegmentAndListedCandidateAndEveryLinkResolves() throws {
        let input = try ReportSiteTests.input()
        let files = try ReportSite.build(input, templates: .defaults)
        let results = input.results
        let pages = SegmentPageIndex(results)
        #expect(pages.patterns.count == Set(results.validation.map { SegmentPattern($0.segment) } + results.rootCause.prefix(10).map(\.pattern)).count)
        let index = String(decoding: try #require(files["index.html"]), as: UTF8.self)
        for pattern in pages.patterns {
            let path = pages.path(of: pattern)
            let page = String(decoding: try #require(files[path], "\(pattern)"), as: UTF8.self)
            #expect(index.contains("href=\"\(path)\""), "\(pattern) is not linked from the overview")
            #expect(page.contains("Content-Security-Policy") && page.contains("href=\"../index.html#segments\""))
            #expect(page.contains("<h1 class=\"segment-name\"><bdi>\(pattern.displayName)</bdi></h1>"))
        }
        // The validation's and the ranking's rows link to their pages.
        for row in results.validation.prefix(ReportModel.pageRows) {
            #expect(index.contains("<a href=\"\(pages.path(of: SegmentPattern(row.segment)))\" title=\"\(row.segment.displayName)\">"))
        }
        #expect(SiteLinks.broken(files) == [])
        // Sparklines are inline only: no file of their own.
        #expect(!files.keys.contains { $0.hasPrefix("charts/spark-") })
    }

    /// Slugs: ASCII, stable, distinct for names that read alike, and a wildcard is `all`.
    @Test func slugsAreReadableStableAndDistinct() {
        let schema = DimensionSchema.standard
        let patterns = [SegmentPattern(browser: "Safari", os: "iOS", device: "Mobile"),
                        SegmentPattern(browser: "safari", os: "iOS", device: "Mobile"),
                        SegmentPattern(browser: "Safari!", os: "iOS", device: "Mobile"),
                        SegmentPattern(browser: nil, os: "iOS", device: nil),
                        SegmentPattern(browser: "all", os: "iOS", device: "all"),
                        SegmentPattern(browser: "../../etc/passwd", os: "<script>", device: "\u{202E}x"),
                        SegmentPattern(browser: "   ", os: "iOS", device: "Mobile"),
                        SegmentPattern(["Mobile", "iOS", String(repeating: "Very long browser name ", count: 20)], schema: schema)]
        let slugs = SegmentSlugs.assign(patterns)
        #expect(Set(slugs.values).count == patterns.count)
        #expect(slugs[patterns[0]]!.hasPrefix("safari-ios-mobile-") && slugs[patterns[3]]!.hasPrefix("all-ios-all-"))
        for slug in slugs.values {
            #expect(slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }, "\(slug)")
            #expect(slug.count <= 3 * 24 + 2 + 9 + 3)
        }
        // The same names give the same slugs, whatever the order they come in.
        #expect(SegmentSlugs.assign(patterns.reversed()) == slugs)
        #expect(SegmentSlugs.hash(patterns[0]) == SegmentSlugs.hash(SegmentPattern(browser: "Safari", os: "iOS", device: "Mobile")))
    }

    /// A segment page says where its figures come from: the same numbers as the
    /// validation's row, a drop dated, and its deepest drop with its sign.
    @Test func theDetectorsSegmentPageTellsTheSameStory() throws {
        let input = try ReportSiteTests.input()
        let files = try ReportSite.build(input, templates: .defaults)
        let results = input.results
        let segment = try #require(results.detector?.segment)
        let page = String(decoding: try #require(files[SegmentPageIndex(results).path(of: segment)]), as: UTF8.self)
        let row = try #require(results.validation.first { SegmentPattern($0.segment) == segment })
        let status = SegmentPage.status(run: try #require(results.detector), belowMinimums: false, recent: results.periods?.recent)
        #expect(page.contains("<p><strong>\(status)</strong></p>"))
        #expect(page.contains("deepest drop day \(ReportFormat.signed(row.deepestDrop)), of the highest spike day \(row.highestSpike.map { ReportFormat.signed($0) } ?? "none")"))
        // The signs: the deepest drop is the lowest deviation of a judged day, below zero.
        let run = try #require(input.validationRuns.first { $0.segment == segment })
        #expect(row.deepestDrop == run.days.filter(\.isJudged).compactMap(\.deviation).min())
        #expect((row.deepestDrop ?? 0) < 0 && (row.highestSpike ?? 1) > 0)
        let summary = try #require(results.summary)
        #expect(page.contains("put the start of a drop on <strong>\(try #require(summary.estimatedStart))</strong>"))
    }
}

/// The prose tells one story: no sentence contradicts another section's numbers.
struct OneStoryTests {
    /// A conversion fall the detector raised no critical period for is said to be one.
    @Test func aHeadlineDropWithoutACriticalPeriodIsExplained() throws {
        var settings = AnalysisSettings.sourceStudy
        settings.threshold = 40
        let input = try ReportSiteTests.makeInput(hostile: false, settings: settings)
        #expect(input.results.detector?.criticalPeriods.isEmpty == true)
        #expect((input.results.funnel?.changes.conversionRate ?? 0) < 0)
        let html = String(decoding: try #require(try ReportSite.build(input, templates: .defaults)["index.html"]), as: UTF8.self)
        #expect(html.contains("The detector raised <strong>no critical drop period</strong> for this segment"))
        #expect(html.contains("<td>Critical drop periods (") && html.contains("</td>\n<td>0</td>"))
    }

    /// "down through" names the candidate inside only when both are surprisingly down.
    @Test func downThroughNamesOnlyCandidatesThatDropped() {
        let child = SegmentPattern(browser: "Chrome", os: "Windows", device: "Desktop")
        let parent = SegmentPattern(browser: nil, os: "Windows", device: "Desktop")
        func candidate(_ pattern: SegmentPattern, z: Double, inside: SegmentPattern? = nil) -> RootCauseCandidate {
            RootCauseCandidate(pattern: pattern, normalConversion: 0.01, recentConversion: 0.008, recentViews: 1000,
                               expectedTransactions: 10, actualTransactions: 8, shortfall: 2, shareExplained: 0.5, surprise: z,
                               restSurprise: nil, explainedBy: inside, isCause: false, detectorVerdict: nil)
        }
        func verdict(parentZ: Double, childZ: Double) -> String {
            let all = [candidate(parent, z: parentZ, inside: child), candidate(child, z: childZ)]
            return RootCauseSection.row(all[0], rank: 1, in: all).verdict
        }
        #expect(verdict(parentZ: -4, childZ: -5) == "down through Chrome · Windows · Desktop")
        #expect(verdict(parentZ: -1, childZ: -5) == "")  // the row itself is not down
        #expect(verdict(parentZ: -4, childZ: -1) == "")  // the segment inside did not drop
    }

    /// Negative numbers carry the minus sign, as z does; one that rounds to zero has none.
    /// A candidate that sold more than expected says so instead of "−43 short".
    @Test func negativeNumbersAndSurplusesReadAsText() {
        #expect(ReportFormat.decimal(-0.3) == "−0.3" && ReportFormat.decimal(-0.04) == "0.0" && ReportFormat.decimal(2.06) == "2.1")
        #expect(ReportFormat.count(-1234) == "−1,234" && ReportFormat.count(-0.4) == "0" && ReportFormat.count(43.2) == "43")
        #expect(ReportFormat.count(Int.min) == "−9,223,372,036,854,775,808")
        func candidate(shortfall: Double, share: Double) -> RootCauseCandidate {
            RootCauseCandidate(pattern: SegmentPattern(browser: "Edge", os: nil, device: nil), normalConversion: 0.01,
                               recentConversion: 0.012, recentViews: 21_600, expectedTransactions: 216,
                               actualTransactions: Int(216 - shortfall), shortfall: shortfall, shareExplained: share,
                               surprise: -1.64, restSurprise: nil, explainedBy: nil, isCause: false, detectorVerdict: nil)
        }
        let surplus = candidate(shortfall: -43, share: -0.11)
        #expect(RootCauseSection.row(surplus, rank: 12, in: [surplus]).gap == "43 more than expected")
        #expect(RootCauseSection.row(surplus, rank: 12, in: [surplus]).shortfall == "−43")
        let short = candidate(shortfall: 10, share: 0.03)
        #expect(RootCauseSection.row(short, rank: 9, in: [short]).gap == "10 short (3\u{00A0}% of the total shortfall)")
    }
}

/// A dataset whose browser names are hostile: an unterminated right-to-left override with
/// markup, a zero-width space, a Hebrew name and a user agent of 200 characters. Every page
/// is made, every link resolves, and no name can reorder or break the text around it.
struct HostileNamePagesTests {
    static let longAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) " + String(repeating: "AppleWebKit/605.1.15 ", count: 7)

    @Test func hostileNamesGetPagesAndStayText() throws {
        let dir = TemporaryDirectory()
        var settings = GeneratorSettings()
        settings.events = 150_000
        settings.days = 42
        _ = try DatasetGenerator(settings: settings).write(to: dir.file("plain.csv"))
        var text = try String(contentsOfFile: dir.file("plain.csv"), encoding: .utf8)
        for (name, hostile) in [("Safari", "Saf\u{202E}ari<b>&amp;"), ("Edge", "\u{200B}"), ("Firefox", "פיירפוקס"), ("Chrome", Self.longAgent)] {
            text = text.replacingOccurrences(of: ",\(name)\n", with: ",\"\(hostile)\"\n")
        }
        let path = dir.write("hostile.csv", text)
        let ingest = try Ingestor.ingest(paths: [path])
        #expect(ingest.report.rejected == 0)
        let analysis = Analyzer(settings: AnalysisSettings()).analysis(ingest.cube, quality: ingest.report)
        let input = ReportInput(analysis: analysis, quality: ingest.report, inputs: [], generatedOn: "2015-06-13")
        let files = try ReportSite.build(input, templates: .defaults)
        let pages = SegmentPageIndex(input.results)
        #expect(pages.patterns.count >= 5)
        for pattern in pages.patterns { #expect(files[pages.path(of: pattern)] != nil, "\(pattern)") }
        #expect(SiteLinks.broken(files) == [])
        var sawBlank = false, sawIsolate = false, sawShort = false
        for (name, data) in files where name.hasSuffix(".html") || name.hasSuffix(".svg") {
            let page = String(decoding: data, as: UTF8.self)
            #expect(!page.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x200B }, "\(name)")
            #expect(!page.contains("<b>"), "\(name)")
            sawBlank = sawBlank || page.contains(DisplayName.blank)
            sawIsolate = sawIsolate || page.contains("\u{2068}פיירפוקס\u{2069}")
            sawShort = sawShort || (page.contains(">Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Ma…</a>") && page.contains("title=\"Mozilla/5.0"))
        }
        #expect(sawBlank && sawIsolate && sawShort)
    }
}

/// The ranking and the detector agree, or the page says they do not.
struct SilentCauseTests {
    /// The source study's detector at k = 40 never alerts, while the ranking finds the
    /// injected incident with strong evidence: the verdict is ANOMALY, not OK, and the
    /// summary says why. With the default detector the two agree and nothing is said.
    @Test func aStrongCauseTheDetectorIsSilentOnIsNeverOK() throws {
        var settings = AnalysisSettings.sourceStudy
        settings.threshold = 40
        let input = try ReportSiteTests.makeInput(hostile: false, settings: settings)
        let verdict = try #require(input.results.verdict)
        let cause = try #require(verdict.silentCause)
        let top = try #require(RootCauseRanking.headline(of: input.results.rootCause))
        #expect(cause.pattern == top.pattern && top.isCause && cause.evidence >= Verdict.strongEvidence)
        #expect(verdict.status == .anomaly && verdict.alertLevel == .medium)
        #expect(verdict.summaryLine.contains("is down with strong evidence"))
        let html = String(decoding: try #require(try ReportSite.build(input, templates: .defaults)["index.html"]), as: UTF8.self)
        #expect(html.contains("<strong>The root-cause ranking and the detector disagree.</strong>"))
        let agreeing = try ReportSiteTests.input()
        #expect(agreeing.results.verdict?.silentCause == nil || agreeing.results.verdict?.status != .ok)
    }
}

/// The value lost as the summary and a segment page write it: with the config's unit after
/// every amount, or, without one, a note that the amounts are in the revenue column's units.
struct ValueLostWordingTests {
    @Test func amountsCarryTheUnitOrSayWhatTheyAreIn() throws {
        let first = Day(year: 2015, month: 9, day: 1)!
        let transactions = Array(repeating: 10, count: 7) + [2, 2, 2]
        var estimate = IncidentEstimate(segment: SegmentPattern(browser: "Safari", os: "iOS", device: "Mobile"),
                                        views: Array(repeating: 100, count: 10), transactions: transactions,
                                        firstDay: first, recentFirst: 7)
        estimate.addValue(revenue: Array(repeating: 2_500_000, count: 7) + [0, 0, 0], transactions: transactions,
                          firstDay: first, decimals: 2)
        // 24 lost at 2,500.00 each: 60,000.00.
        let euro = EstimateFacts(estimate, unit: "€")
        #expect(euro.valueKnown && euro.valueEstimate == "60,000.00\u{00A0}€" && euro.perTransaction == "2,500.00\u{00A0}€")
        #expect(euro.unitNote.isEmpty && euro.valueUnknown == nil)
        let plain = EstimateFacts(estimate, unit: nil)
        #expect(plain.valueEstimate == "60,000.00" && plain.unitNote == ", in the revenue column's units")
        let unread = EstimateFacts(IncidentEstimate(segment: estimate.segment, views: Array(repeating: 100, count: 10),
                                                    transactions: transactions, firstDay: first, recentFirst: 7), unit: nil)
        #expect(!unread.valueKnown && unread.valueUnknown == "no revenue column is read (the config's input.columns.revenue names one)")
    }
}
