@testable import ClickstreamAnalysis
@testable import ClickstreamCore
import ClickstreamIngest
@testable import ClickstreamPipeline
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

/// The done-when of the own-data issue: a GA4-style export (semicolons, gzip, local ISO
/// times with offsets, text ids, its own event names, four dimensions with country) read
/// through the example config finds the broken segment with country as a wildcard, and
/// gives the same detector timeline as the same events in the canonical layout with the
/// same local days.
struct ShopExportTests {
    @Test func aGA4ExportGivesTheCanonicalTimeline() throws {
        let dir = TemporaryDirectory()
        var settings = GeneratorSettings()
        settings.events = 400_000
        settings.days = 60
        settings.export = .ga4
        _ = try DatasetGenerator(settings: settings).write(to: dir.path + "/ga4.csv")
        settings.export = .countries
        _ = try DatasetGenerator(settings: settings).write(to: dir.path + "/canonical.csv")
        let ga4Text = dir.read("ga4.csv")
        #expect(String(decoding: ga4Text.prefix(160), as: UTF8.self).hasPrefix(
            "event_time;event_name;user_pseudo_id;item_id;transaction_id;purchase_revenue;device_category;operating_system;browser;country\n2015-05-02T2"))
        let gz = dir.write("ga4.csv.gz", Gzip.compress(ga4Text))

        let config = try ConfigFile.load(path: DemoSiteGoldenTests.root.appendingPathComponent("docs/examples/ga4-shop.yml").path)
        var ga4Options = IngestOptions()
        config.apply(to: &ga4Options)
        let ga4 = try Ingestor.ingest(paths: [gz], options: ga4Options)
        var canonicalOptions = IngestOptions()
        canonicalOptions.dimensions = DimensionSchema(["device", "os", "browser", "country"])
        canonicalOptions.timeZone = try TimeZoneRules(named: "America/New_York")
        let canonical = try Ingestor.ingest(paths: [dir.path + "/canonical.csv"], options: canonicalOptions)
        #expect(ga4.report.accepted == 400_000 && ga4.report.rejected == 0 && canonical.report.accepted == 400_000)
        #expect(ga4.report.decimalIDs == 0 && ga4.cube.totals == canonical.cube.totals)

        let a = Analyzer(settings: AnalysisSettings()).analyze(ga4.cube, quality: ga4.report)
        let b = Analyzer(settings: AnalysisSettings()).analyze(canonical.cube, quality: canonical.report)
        #expect(a.detector?.days == b.detector?.days && a.detector?.days.isEmpty == false)
        #expect(a.dataset.firstDay == b.dataset.firstDay && a.dataset.lastDay == b.dataset.lastDay)
        // Every country lost its Safari iOS sales alike: country is a wildcard.
        #expect(a.drilldown?.path.map(\.value) == ["mobile", "iOS", "Safari", "*"])
        #expect(b.drilldown?.path.map(\.value) == ["Mobile", "iOS", "Safari", "*"])
        #expect(a.verdict?.status == .critical && a.verdict?.segment?.description == "* · Safari · iOS · mobile")
        #expect(a.validationSummary?.isolated == true)
        // The revenue column: the cube holds every purchase's amount to the cent, summed here
        // from the file's own text; the value lost is the lost transactions at the price
        // outside the drop.
        var cents = 0
        for line in String(decoding: ga4Text, as: UTF8.self).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ";", omittingEmptySubsequences: false)
            guard fields[1] == "purchase" else { continue }
            let parts = fields[5].split(separator: ".")
            cents += Int(parts[0])! * 100 + Int(parts[1])!
        }
        #expect(ga4.cube.revenueDecimals == 2 && ga4.cube.cells.reduce(0) { $0 + $1.revenue } == cents)
        let summary = try #require(a.summary)
        let lost = try #require(summary.lostTransactions), value = try #require(summary.valueLost)
        let price = try #require(summary.revenuePerTransaction)
        #expect(price > 5 && price < 205 && abs(value.estimate - lost.estimate * price) < 1e-6)
        #expect(b.summary?.valueLost == nil && b.summary?.revenueRead == false)
        #expect(a.dataset.revenueUnit == "USD" && b.dataset.revenueUnit == nil)
    }
}
