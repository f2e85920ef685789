@testable import ClickstreamCore
@testable import ClickstreamIngest
@testable import ClickstreamReport
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

struct IncidentInjectorTests {
    /// `generate` with the incident equals `generate --no-incident` then `inject`, in both layouts.
    @Test(arguments: [CSVLayout.enriched, .raw])
    func injectReproducesTheGeneratedIncident(layout: CSVLayout) throws {
        let dir = TemporaryDirectory()
        let withIncident = try GeneratedDataset.write(dir, "with.csv", layout: layout)
        let clean = try GeneratedDataset.write(dir, "clean.csv", layout: layout, incident: nil)
        let metadata = try IncidentInjector(incident: IncidentSettings(), seed: 42).inject(input: clean, output: dir.file("injected.csv"))
        #expect(dir.read("injected.csv") == dir.read("with.csv"))
        let generated = try #require(MetadataFile.read(for: withIncident))
        #expect(metadata.incidentCheck == generated.incidentCheck)
    }

    /// The check's arithmetic: carts rise and transactions fall by exactly the converted
    /// count; views are untouched; the realised share is binomially close to the fraction
    /// (n ≈ 200 transactions at f = 0.5: σ = √(0.25/200) ≈ 0.035, so ±0.15 is over 4 σ).
    @Test func checkAddsUp() throws {
        let dir = TemporaryDirectory()
        let clean = try GeneratedDataset.write(dir, "clean.csv", events: 200_000, incident: nil)
        let incident = IncidentSettings(fraction: 0.5)
        let metadata = try IncidentInjector(incident: incident, seed: 42).inject(input: clean, output: dir.file("out.csv"))
        let check = try #require(metadata.incidentCheck)
        #expect(check.addsUp)
        #expect(check.transactionsInWindow > 100)
        #expect(abs((check.realisedFraction ?? 0) - 0.5) < 0.15)
        #expect(check.lastDay.description == "2015-05-30")  // 28 days from 2015-05-03
        #expect(check.firstDay.description == "2015-05-17")  // the last 14 of them
        let before = try Ingestor.ingest(paths: [clean]).cube
        let after = try Ingestor.ingest(paths: [dir.file("out.csv")]).cube
        #expect(before.totals == check.totalsBefore)
        #expect(after.totals == check.totalsAfter)
        // Only the incident segment's days inside the window changed.
        let target = try #require(after.segments.firstIndex(of: incident.segment))
        for (old, new) in zip(before.cells, after.cells) where old != new {
            #expect(new.segment == target)
            #expect(new.day >= check.firstDay && new.day <= check.lastDay)
            #expect(new.views == old.views && new.addtocarts + new.transactions == old.addtocarts + old.transactions)
        }
    }

    @Test func fractionZeroAndOneAreExact() throws {
        let dir = TemporaryDirectory()
        let clean = try GeneratedDataset.write(dir, "clean.csv", incident: nil)
        let none = try IncidentInjector(incident: IncidentSettings(fraction: 0), seed: 42).inject(input: clean, output: dir.file("a.csv"))
        #expect(none.incidentCheck?.converted == 0)
        #expect(dir.read("a.csv") == dir.read("clean.csv"))
        let all = try IncidentInjector(incident: IncidentSettings(fraction: 1), seed: 42).inject(input: clean, output: dir.file("b.csv"))
        #expect(all.incidentCheck?.converted == all.incidentCheck?.transactionsInWindow)
    }

    @Test func rejectedRowsAndQuotingSurviveInjection() throws {
        let dir = TemporaryDirectory()
        let day: Int64 = 86_400_000
        let text = CSVFixtures.enriched([
            CSVFixtures.row(event: "transaction", transaction: "1"),
            CSVFixtures.row(event: "bogus"),
            CSVFixtures.row(CSVFixtures.noon + day, event: "transaction", transaction: "2", browser: "\"Safari\""),
        ], ending: "\r\n")
        let input = dir.write("in.csv", text)
        let metadata = try IncidentInjector(incident: IncidentSettings(days: 1, fraction: 1), seed: 42)
            .inject(input: input, output: dir.file("out.csv"))
        #expect(metadata.incidentCheck?.converted == 1)
        let expected = text.replacingOccurrences(of: "transaction,5,2,Mobile,iOS,\"Safari\"", with: "addtocart,5,,Mobile,iOS,Safari")
        #expect(String(decoding: dir.read("out.csv"), as: UTF8.self) == expected)
    }

    @Test func outputMustDifferFromInput() throws {
        let dir = TemporaryDirectory()
        let input = dir.write("in.csv", CSVFixtures.enriched([CSVFixtures.row()]))
        #expect(throws: ClickstreamError.self) {
            try IncidentInjector(incident: IncidentSettings(), seed: 42).inject(input: input, output: input)
        }
        #expect(dir.read("in.csv") == Array(CSVFixtures.enriched([CSVFixtures.row()]).utf8))
    }

    /// A file without one valid row has nothing to inject into, with or without a start,
    /// and leaves no output behind.
    @Test func noValidRowsIsAnError() throws {
        let dir = TemporaryDirectory()
        let input = dir.write("in.csv", CSVFixtures.enriched([CSVFixtures.row(event: "bogus")]))
        for start in [nil, Day(iso: "2015-06-01")] {
            #expect {
                try IncidentInjector(incident: IncidentSettings(start: start), seed: 42).inject(input: input, output: dir.file("out.csv"))
            } throws: { error in
                (error as? ClickstreamError)?.description.contains("no valid rows") == true
            }
            #expect(!FileManager.default.fileExists(atPath: dir.file("out.csv")))
            #expect(!FileManager.default.fileExists(atPath: dir.file("out.csv.partial")))
        }
    }
}
