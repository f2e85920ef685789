import ClickstreamAnalysis
import ClickstreamCore
import ClickstreamIngest
import ClickstreamPipeline
import ClickstreamTestSupport
import Foundation
import Testing

/// The YAML config: the input mapping and the analysis settings, every unknown key an error
/// that names it.
struct ConfigFileTests {
    static let yaml = """
        input:
          delimiter: ";"
          columns:
            time: event_time
            visitor: user_pseudo_id
            event: event_name
            transaction: transaction_id
          events:
            view: [page_view, view_item]
            addtocart: add_to_cart
            transaction: purchase
          dimensions: [device_category, operating_system, browser]
          timezone: America/New_York
        analysis:
          recentDays: 7
          threshold: 2.5
        """

    @Test func theMappingAndTheSettingsAreRead() throws {
        let dir = TemporaryDirectory()
        let config = try ConfigFile.load(path: dir.write("clickstream.yml", Self.yaml))
        var options = IngestOptions()
        config.apply(to: &options)
        #expect(options.delimiter == 0x3B && options.columns.time == "event_time" && options.columns.item == nil)
        #expect(options.columns.transaction == "transaction_id" && options.events.view == ["page_view", "view_item"])
        #expect(options.events.addtocart == ["add_to_cart"] && options.dimensions.names == ["device_category", "operating_system", "browser"])
        #expect(options.timeZone.name == "America/New_York")
        #expect(options.idsAreText)
        options.timeZone = .utc  // the comparison below is of UTC days
        #expect(config.analysis?.recentDays == 7 && config.analysis?.threshold == 2.5 && config.analysis?.baselineWeeks == 4)

        // The same events through the mapping and in the Retail Rocket layout: the same cube.
        let n = CSVFixtures.noon
        let own = dir.write("own.csv", """
            event_name;user_pseudo_id;event_time;transaction_id;device_category;operating_system;browser
            page_view;1;\(n);;Mobile;iOS;Safari
            purchase;1;\(n);9;Mobile;iOS;Safari

            """)
        let standard = try CSVFixtures.ingest(CSVFixtures.enriched([CSVFixtures.row(n), CSVFixtures.row(n, event: "transaction", transaction: "9")]))
        let mapped = try Ingestor.ingest(paths: [own], options: options)
        #expect(mapped.cube.cells == standard.cube.cells && mapped.report.accepted == 2)
    }

    @Test func unknownKeysAreNamedWithTheKnownOnes() throws {
        let dir = TemporaryDirectory()
        for (text, expected) in [
            ("inputs:\n  delimiter: \";\"\n", "unknown key \"inputs\"; the known keys are input, analysis"),
            ("input:\n  column:\n    time: t\n", "unknown key \"input.column\"; the known keys of input are delimiter, time_unit, timezone, columns, revenue_decimals, revenue_unit, events, dimensions"),
            ("input:\n  timezone: Europe/Berlni\n", "input.timezone: unknown time zone 'Europe/Berlni': no such zone"),
            ("input:\n  time_unit: minutes\n", "input.time_unit must be one of ms, s, us, auto"),
            ("input:\n  columns:\n    timestamp: t\n", "unknown key \"input.columns.timestamp\"; the known keys of input.columns are time, visitor, event, item, transaction, revenue"),
            ("input:\n  columns: {revenue: value}\n  revenue_decimals: 7\n", "input.revenue_decimals must be 0 to 6, found 7"),
            ("input:\n  revenue_decimals: 3\n", "input.revenue_decimals is set but input.columns names no revenue column"),
            ("input:\n  revenue_unit: EUR\n", "input.revenue_unit is set but input.columns names no revenue column"),
            ("input:\n  columns: {revenue: value}\n  revenue_unit: \"<b>EUR</b>\"\n", "input.revenue_unit must be 1 to 12 letters or currency signs"),
            ("input:\n  columns: {revenue: value}\n  revenue_unit: \"\"\n", "input.revenue_unit must be 1 to 12 letters or currency signs"),
            ("input:\n  columns: {revenue: value}\n  revenue_unit: \"שח\"\n", "input.revenue_unit must be 1 to 12 letters or currency signs"),
            ("analysis:\n  recentDay: 7\n", "unknown key \"analysis.recentDay\""),
            ("input:\n  delimiter: \":\"\n", "input.delimiter must be one of"),
            ("analysis:\n  recentDays: 100000\n", "recentDays must lie in 1…366"),
        ] {
            let path = dir.write("c.yml", text)
            do {
                _ = try ConfigFile.load(path: path)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.isUsage && "\(error)".contains(expected) && "\(error)".contains(path), "\(error)")
            }
        }
    }

    /// The analysis section's detectorSegment is keyed by the config's own dimensions, and
    /// may leave some out (a pattern).
    @Test func aDetectorSegmentUsesTheConfigsDimensions() throws {
        let dir = TemporaryDirectory()
        let config = try ConfigFile.load(path: dir.write("c.yml", """
            input:
              dimensions: [device_category, operating_system, browser, country]
            analysis:
              detectorSegment: {device_category: mobile, operating_system: iOS, browser: Safari}
            """))
        let schema = DimensionSchema(["device_category", "operating_system", "browser", "country"])
        #expect(config.analysis?.detectorSegment == SegmentPattern(["mobile", "iOS", "Safari", nil], schema: schema))
        #expect(config.analysis?.detectorSegment?.description == "* · Safari · iOS · mobile")
    }
}

/// The revenue column and its places, read from the config.
struct ConfigRevenueTests {
    @Test func theRevenueColumnAndItsPlacesAreRead() throws {
        let dir = TemporaryDirectory()
        let config = try ConfigFile.load(path: dir.write("c.yml", "input:\n  columns: {time: t, visitor: v, event: e, revenue: purchase_revenue}\n  revenue_decimals: 3\n  revenue_unit: US$\n"))
        var options = IngestOptions()
        config.apply(to: &options)
        #expect(options.columns.revenue == "purchase_revenue" && options.revenueDecimals == 3 && options.revenueUnit == "US$")
        let plain = try ConfigFile.load(path: dir.write("d.yml", "input:\n  columns: {time: t, visitor: v, event: e}\n"))
        var defaults = IngestOptions()
        plain.apply(to: &defaults)
        #expect(defaults.columns.revenue == nil && defaults.revenueDecimals == 2 && defaults.revenueUnit == nil)
    }
}
