@testable import ClickstreamAnalysis
@testable import ClickstreamIngest
@testable import ClickstreamReport
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

struct DatasetGeneratorTests {
    static func settings(events: Int = 120_000, days: Int = 42, layout: CSVLayout = .enriched,
                         incident: IncidentSettings? = IncidentSettings()) -> GeneratorSettings {
        var settings = GeneratorSettings()
        settings.events = events
        settings.days = days
        settings.layout = layout
        settings.incident = incident
        return settings
    }

    @Test func sameArgumentsGiveTheSameBytes() throws {
        let dir = TemporaryDirectory()
        _ = try DatasetGenerator(settings: Self.settings()).write(to: dir.file("a.csv"))
        _ = try DatasetGenerator(settings: Self.settings()).write(to: dir.file("b.csv"))
        #expect(dir.read("a.csv") == dir.read("b.csv"))
        #expect(dir.read("a.csv.meta.json") == dir.read("b.csv.meta.json"))
        var other = Self.settings()
        other.seed = 43
        _ = try DatasetGenerator(settings: other).write(to: dir.file("c.csv"))
        #expect(dir.read("a.csv") != dir.read("c.csv"))
    }

    @Test func writesExactlyTheRequestedEventsInTimeOrderInsideTheRange() throws {
        let dir = TemporaryDirectory()
        let settings = Self.settings()
        let metadata = try DatasetGenerator(settings: settings).write(to: dir.file("a.csv"))
        #expect(metadata.totals.all == 120_000)
        let result = try Ingestor.ingest(paths: [dir.file("a.csv")])
        #expect(result.report.accepted == 120_000)
        #expect(result.report.rejected == 0)
        #expect(result.report.outOfOrderRows == 0)
        #expect(result.cube.firstDay == settings.start)
        #expect(result.cube.lastDay == settings.lastDay)
        #expect(result.cube.totals == metadata.totals)
        #expect(result.report.transactionsWithoutID == 0)
        #expect(result.report.transactionIDsOnOtherEvents == 0)
    }

    /// Retail Rocket: 2.516 % of events are carts per view… precisely addtocart/view =
    /// 69,332 / 2,664,312 = 0.0260 and transaction/view = 22,457 / 2,664,312 = 0.00843. The
    /// generator's catalog averages 0.0080 per view before the incident; ±15 % is allowed
    /// for a 300,000-event sample.
    @Test func funnelRatiosAreRetailRocketLike() throws {
        let dir = TemporaryDirectory()
        let metadata = try DatasetGenerator(settings: Self.settings(events: 300_000, incident: nil))
            .write(to: dir.file("a.csv"))
        let t = metadata.totals
        let cartRate = Double(t.addtocart) / Double(t.view)
        let conversion = Double(t.transaction) / Double(t.view)
        #expect(abs(cartRate - 0.0260) < 0.0260 * 0.15)
        #expect(abs(conversion - 0.0083) < 0.0083 * 0.15)
        // Every segment converts between 0.5 % and 1.2 % in expectation; sampled rates of
        // the bigger segments must land near that band.
        let cube = try Ingestor.ingest(paths: [dir.file("a.csv")]).cube
        for (segment, totals) in zip(cube.segments, cube.totalsBySegment) where totals.view > 30_000 {
            let rate = Double(totals.transaction) / Double(totals.view)
            #expect(rate > 0.004 && rate < 0.014, "\(segment): \(rate)")
        }
    }

    /// Sessions are plausible: every addtocart follows a view of the same item by the same
    /// visitor, and every transaction follows an addtocart of it.
    @Test func cartsFollowViewsAndPurchasesFollowCarts() throws {
        let dir = TemporaryDirectory()
        _ = try DatasetGenerator(settings: Self.settings(events: 60_000, days: 14, incident: nil)).write(to: dir.file("a.csv"))
        let text = String(decoding: dir.read("a.csv"), as: UTF8.self)
        var viewed = Set<String>(), carted = Set<String>()
        var orphans = 0
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let key = "\(f[1])/\(f[3])"
            switch f[2] {
            case "view": viewed.insert(key)
            case "addtocart": if !viewed.contains(key) { orphans += 1 }; carted.insert(key)
            default: if !carted.contains(key) { orphans += 1 }
            }
        }
        #expect(orphans == 0)
    }

    /// Daily events' coefficient of variation must be 0.2–0.3 for the default 139 days.
    @Test func dailyProfileHasTheRequestedSpread() {
        let settings = GeneratorSettings()
        let counts = DailyProfile.counts(total: settings.events, start: settings.start, days: settings.days, seed: settings.seed)
        #expect(counts.reduce(0, +) == 2_756_101)
        let mean = Double(counts.reduce(0, +)) / Double(counts.count)
        let variance = counts.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(counts.count - 1)
        let cv = variance.squareRoot() / mean
        #expect(cv >= 0.2 && cv <= 0.3, "cv \(cv)")
    }

    /// Largest remainder: 10 split 1:1:1 gives 3.33 each → 3, 3, 3 and the first day gets the last one.
    @Test func apportioningAddsUpExactly() {
        #expect(DailyProfile.apportion(total: 10, weights: [1, 1, 1]) == [4, 3, 3])
        // 7 × (0.5, 0.25, 0.25) = 3.5, 1.75, 1.75 → 3, 1, 1; the two 0.75 remainders win.
        #expect(DailyProfile.apportion(total: 7, weights: [0.5, 0.25, 0.25]) == [3, 2, 2])
    }

    @Test func visitorsAreHeavyTailedAndItemsSkewed() throws {
        let dir = TemporaryDirectory()
        let metadata = try DatasetGenerator(settings: Self.settings(events: 200_000, incident: nil)).write(to: dir.file("a.csv"))
        let visitors = try #require(metadata.visitors)
        // About 1.4 M visitors for 2.76 M events in the real file: roughly half an event in two.
        #expect(Double(visitors) / 200_000 > 0.4 && Double(visitors) / 200_000 < 0.6)
        let text = String(decoding: dir.read("a.csv"), as: UTF8.self)
        var perVisitor: [Substring: Int] = [:], perItem: [Substring: Int] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            perVisitor[f[1], default: 0] += 1
            perItem[f[3], default: 0] += 1
        }
        #expect(perVisitor.count == visitors)
        #expect((perVisitor.values.max() ?? 0) >= 40)  // a few very active visitors
        let sortedItems = perItem.values.sorted(by: >)
        let top = sortedItems.prefix(sortedItems.count / 100).reduce(0, +)
        #expect(Double(top) / 200_000 > 0.1)  // the top 1 % of items draw over a tenth of events
    }
}
