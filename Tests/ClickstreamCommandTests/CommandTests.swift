import ArgumentParser
import ClickstreamKit
import Foundation
import Testing
@testable import clickstream

/// The command layer: parsing, validation, help text and exit codes.
struct CommandTests {
    func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "clickstream-cli-" + UUID().uuidString + "-" + name
    }

    @Test func helpDocumentsExitCodesAndSubcommands() {
        let help = Clickstream.helpMessage()
        for word in ["generate", "inject", "ingest", "Exit codes", "0 success", "1 the run failed"] {
            #expect(help.contains(word), "\(word)")
        }
        let ingest = Clickstream.helpMessage(for: Ingest.self)
        for word in ["--strict", "--max-errors", "--duplicates", "16 bytes per row", "--json", "--enrichment-seed"] {
            #expect(ingest.contains(word), "\(word)")
        }
        let generate = Clickstream.helpMessage(for: Generate.self)
        for word in ["--incident-segment", "--incident-start", "--incident-days", "--incident-fraction", "--no-incident",
                     "--raw", "--seed", "--events", "--start", "--days"] {
            #expect(generate.contains(word), "\(word)")
        }
    }

    @Test func badArgumentsAreValidationErrors() {
        for arguments in [["generate", "--out", "x.csv", "--incident-segment", "Safari-iOS"],
                          ["generate", "--out", "x.csv", "--incident-fraction", "1.5"],
                          ["generate", "--out", "x.csv", "--start", "2015-02-30"],
                          ["generate", "--out", "x.csv", "--days", "0"],
                          ["ingest", "a.csv", "--duplicates", "sometimes"],
                          ["ingest", "a.csv", "--max-errors", "-1"]] {
            #expect(throws: (any Error).self, "\(arguments)") { try Clickstream.parseAsRoot(arguments) }
        }
    }

    @Test func failuresExitWithCodeOne() throws {
        var command = try Clickstream.parseAsRoot(["ingest", temporaryPath("missing.csv")])
        do {
            try command.run()
            Issue.record("expected a failure")
        } catch let code as ExitCode {
            #expect(code == .failure)
        }
    }

    @Test func generateThenIngestRoundTrips() throws {
        let folder = temporaryPath("data")
        let path = folder + "/events.csv"  // the folder does not exist yet: generate creates it
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var generate = try Clickstream.parseAsRoot(["generate", "--out", path, "--events", "5000", "--days", "21",
                                                    "--incident-segment", "Chrome/Android/Mobile"])
        try generate.run()
        let metadata = try #require(MetadataFile.read(for: path))
        #expect(metadata.incident?.segment == Segment(browser: "Chrome", os: "Android", device: "Mobile"))
        #expect(metadata.incidentCheck?.addsUp == true)
        let result = try Ingestor.ingest(paths: [path])
        #expect(result.report.accepted == 5000)
        #expect(result.cube.totals == metadata.totals)
    }
}
