import ArgumentParser
@testable import ClickstreamCore
@testable import ClickstreamIngest
@testable import ClickstreamPipeline
@testable import ClickstreamSynthetic
import Foundation
import Testing
@testable import clickstream

/// The command layer: parsing, validation, help text and exit codes.
struct CommandTests {
    func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "clickstream-cli-" + UUID().uuidString + "-" + name
    }

    @Test func helpDocumentsExitCodesAndSubcommands() {
        // Help text wraps at the terminal's width: compare with the line breaks folded.
        let help = Clickstream.helpMessage().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for word in ["generate", "inject", "ingest", "Exit codes", "0 analysed", "2 an alert", "3 no verdict possible",
                     "1 the run failed", "64 bad usage"] {
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

    /// Each bad argument is refused for its own reason (the message names it) with the
    /// usage exit code 64, whether the parser or a command's `validate()` refuses it.
    /// Negative numbers are written `--option=-1`, or the parser would read `-1` as an option.
    @Test func badArgumentsAreValidationErrors() {
        let cases: [([String], String)] = [
            (["generate", "--out", "x.csv", "--incident-segment", "Safari-iOS"], "--incident-segment must look like Safari/iOS/Mobile"),
            (["generate", "--out", "x.csv", "--incident-fraction", "1.5"], "--incident-fraction must be between 0 and 1"),
            (["generate", "--out", "x.csv", "--start", "2015-02-30"], "--start must be a date YYYY-MM-DD"),
            (["generate", "--out", "x.csv", "--days", "0"], "--days must lie in 1…36600"),
            (["ingest", "a.csv", "--duplicates", "sometimes"], "The value 'sometimes' is invalid for '--duplicates"),
            (["ingest", "a.csv", "--max-errors=-1"], "--max-errors must not be negative"),
            (["analyze", "a.csv", "--timezone", "Mars/Olympus"], "--timezone: unknown time zone 'Mars/Olympus': no such zone"),
            (["scorecard", "--datasets", "0"], "datasets must be at least 1"),
            (["scorecard", "--trials=-5"], "trials must not be negative"),
            (["rank-trials", "--datasets", "0"], "--datasets must lie in 1…100"),
            (["rank-trials", "--seed", "0"], "--seed must lie in 1…"),
            (["report", "--detector", "median"], "The value 'median' is invalid for '--detector"),
        ]
        for (arguments, reason) in cases {
            do {
                _ = try Clickstream.parseAsRoot(arguments)
                Issue.record("\(arguments) was accepted")
            } catch {
                #expect(Clickstream.exitCode(for: error).rawValue == 64, "\(arguments)")
                #expect(Clickstream.message(for: error).contains(reason), "\(arguments): \(Clickstream.message(for: error))")
            }
        }
    }

    /// `--detector-segment` is read against the dimensions of the input, in either form.
    @Test func detectorSegmentsAreReadAgainstTheSchema() throws {
        let four = DimensionSchema(["country", "device", "os", "browser"])
        #expect(try AnalysisOptions.segment("Safari · iOS · Mobile · US", option: "--detector-segment", schema: four).values
            == ["US", "Mobile", "iOS", "Safari"])
        #expect {
            _ = try AnalysisOptions.segment("Safari/iOS/Mobile", option: "--detector-segment", schema: four)
        } throws: { error in
            guard let error = error as? ClickstreamError else { return false }
            return error.isUsage && error.message == "--detector-segment must look like browser/os/device/country or 'browser · os · device · country', found 'Safari/iOS/Mobile'"
        }
    }

    /// The demo's measurements are reused only by the build that made them: a missing
    /// stamp, or one of another size or time, means measuring again.
    @Test func demoMeasurementsBelongToOneBuild() throws {
        let path = temporaryPath("measurements.stamp")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stamp = DemoMeasurements.buildStamp
        #expect(stamp.hasPrefix(ToolVersion.current + " ") && !stamp.contains(" -1"))
        #expect(!DemoMeasurements.isStamped(path, by: stamp))
        try Data(stamp.utf8).write(to: URL(fileURLWithPath: path))
        #expect(DemoMeasurements.isStamped(path, by: stamp))
        #expect(!DemoMeasurements.isStamped(path, by: stamp.replacingOccurrences(of: " ", with: " 1")))
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

/// `report` against the bad-input matrix of CHECKS.md (cases 1, 2 and 21).
struct ReportCommandTests {
    func folder() -> String {
        let path = NSTemporaryDirectory() + "clickstream-report-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func headerOnlySaysNoDataAndAFailedRunKeepsTheOldSite() throws {
        let dir = folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let header = dir + "/header.csv"
        FileManager.default.createFile(atPath: header, contents: Data("timestamp,visitorid,event,itemid,transactionid\n".utf8))
        var report = try Clickstream.parseAsRoot(["report", header, "--out", dir + "/Site"])
        #expect(throws: ExitStatus.noVerdict) { try report.run() }  // no data: no verdict, the site is still written
        let page = try String(contentsOfFile: dir + "/Site/index.html", encoding: .utf8)
        #expect(page.contains("No data"))
        #expect(!page.contains("NaN"))

        for bad in [["empty.csv", ""], ["bad.csv", "timestamp,visitorid,event,itemid,transactionid\n1,2,View,3,\n1,2,View,3,\n"]] {
            let path = dir + "/" + bad[0]
            FileManager.default.createFile(atPath: path, contents: Data(bad[1].utf8))
            var failing = try Clickstream.parseAsRoot(["report", path, "--out", dir + "/Site", "--max-errors", "1"])
            #expect(throws: ExitCode.self) { try failing.run() }
            #expect(try String(contentsOfFile: dir + "/Site/index.html", encoding: .utf8) == page, "\(bad[0])")
        }
    }
}
