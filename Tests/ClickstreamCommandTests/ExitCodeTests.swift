import ArgumentParser
@testable import ClickstreamCore
import Foundation
import Testing
@testable import clickstream

/// Every exit code the README's table promises, provoked one case at a time: 0 analysed,
/// 2 an alert at the --fail-on level, 3 no verdict possible, 1 error, 64 usage.
@Suite struct ExitCodeTests {
    let folder: String

    init() {
        folder = NSTemporaryDirectory() + "clickstream-exit-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// The exit code `arguments` end with: 0 when `run()` returns, the thrown code otherwise,
    /// 64 when parsing or validation rejects them (as swift-argument-parser exits then).
    func exitCode(_ arguments: [String]) -> Int32 {
        let command: any ParsableCommand
        do {
            command = try Clickstream.parseAsRoot(arguments)
        } catch {
            return Clickstream.exitCode(for: error).rawValue
        }
        do {
            var runnable = command
            try runnable.run()
            return 0
        } catch let code as ExitCode {
            return code.rawValue
        } catch {
            return -1
        }
    }

    func write(_ fixture: DailyFixture, _ name: String = "events.csv") -> String { fixture.write(to: folder, name: name) }

    @Test func steadyDataIsAnalysedWithExitZero() {
        let path = write(DailyFixture())
        #expect(exitCode(["report", path, "--out", folder + "/Site", "--fail-on", "anomaly", "--quiet"]) == 0)
        #expect(exitCode(["analyze", path, "--fail-on", "anomaly", "--quiet"]) == 0)
        #expect(exitCode(["check", path, "--date", "2015-08-09", "--fail-on", "anomaly", "--quiet"]) == 0)
    }

    @Test func headerOnlyAndAllRejectedHaveNoVerdict() throws {
        let header = folder + "/header.csv"
        FileManager.default.createFile(atPath: header, contents: Data("timestamp,visitorid,event,itemid,transactionid\n".utf8))
        let rejected = folder + "/rejected.csv"
        FileManager.default.createFile(atPath: rejected, contents: Data("timestamp,visitorid,event,itemid,transactionid\nabc,1,view,2,\n1431000000000,1,View,2,\n".utf8))
        for path in [header, rejected] {
            #expect(exitCode(["report", path, "--out", folder + "/Site", "--quiet"]) == 3, "\(path)")
            #expect(exitCode(["report", path, "--out", folder + "/Site", "--fail-on", "critical", "--quiet"]) == 3, "\(path)")
            #expect(exitCode(["analyze", path, "--quiet"]) == 3, "\(path)")
        }
        // The site is still written, and says plainly why there is no verdict.
        let page = try String(contentsOfFile: folder + "/Site/index.html", encoding: .utf8)
        #expect(page.contains("No verdict"))
        #expect(page.contains("holds no accepted rows"))
    }

    @Test func staleDataHasNoVerdict() {
        let path = write(DailyFixture())  // ends 2015-08-09
        #expect(exitCode(["check", path, "--date", "2015-08-16", "--fail-on", "anomaly", "--quiet"]) == 3)
        #expect(exitCode(["report", path, "--out", folder + "/Site", "--as-of", "2015-08-16", "--max-age", "1", "--quiet"]) == 3)
        #expect(exitCode(["analyze", path, "--as-of", "2015-08-16", "--max-age", "6", "--quiet"]) == 3)
        #expect(exitCode(["analyze", path, "--as-of", "2015-08-16", "--max-age", "7", "--quiet"]) == 0)
        #expect(exitCode(["analyze", path, "--max-age", "0", "--quiet"]) == 0)  // as of the data's own last day
        #expect(exitCode(["analyze", path, "--as-of", "now", "--max-age", "2", "--quiet"]) == 3)
    }

    @Test func aVanishedSegmentIsAnAlert() throws {
        var fixture = DailyFixture()
        fixture.series[1].vanishFrom = 56  // Safari · iOS · Mobile sends nothing in the last 14 days
        let path = write(fixture)
        let given = ["--detector-segment", "Safari/iOS/Mobile", "--quiet"]
        #expect(exitCode(["report", path, "--out", folder + "/Site", "--fail-on", "anomaly"] + given) == 2)
        #expect(exitCode(["report", path, "--out", folder + "/Site", "--fail-on", "critical"] + given) == 2)
        #expect(exitCode(["report", path, "--out", folder + "/Site"] + given) == 0)
        // Without naming it: the drill path follows the segment whose sales fell to nothing.
        #expect(exitCode(["analyze", path, "--fail-on", "critical", "--quiet"]) == 2)
        #expect(exitCode(["check", path, "--date", "2015-08-09", "--segment", "Safari/iOS/Mobile", "--fail-on", "critical", "--quiet"]) == 2)
        // The first missing day alerts at MEDIUM only: critical needs C days in a row.
        #expect(exitCode(["check", path, "--date", "2015-07-27", "--segment", "Safari/iOS/Mobile", "--fail-on", "critical", "--quiet"]) == 0)
        #expect(exitCode(["check", path, "--date", "2015-07-27", "--segment", "Safari/iOS/Mobile", "--fail-on", "anomaly", "--quiet"]) == 2)
        let page = try String(contentsOfFile: folder + "/Site/index.html", encoding: .utf8)
        #expect(page.contains("went missing"))
        #expect(page.contains("status-missing"))
    }

    /// A file without dimension columns: synthetic segments give no verdict (another seed
    /// would give another), said at the top of the page; --no-enrichment judges all traffic.
    @Test func syntheticSegmentsHaveNoVerdictAndAllTrafficHasOne() throws {
        var fixture = DailyFixture()
        fixture.series[0].dropFrom = (day: 60, transactions: 2)
        fixture.series[1].dropFrom = (day: 60, transactions: 0)
        let raw = folder + "/raw.csv"
        let rawText = fixture.csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(5).joined(separator: ",") }
        FileManager.default.createFile(atPath: raw, contents: Data((rawText.joined(separator: "\n") + "\n").utf8))
        #expect(exitCode(["report", raw, "--out", folder + "/Site", "--fail-on", "critical", "--quiet"]) == 3)
        let page = try String(contentsOfFile: folder + "/Site/index.html", encoding: .utf8)
        #expect(page.contains("<strong>These segments are synthetic.</strong>") && page.contains("with seed 42"))
        #expect(page.contains("Segments: synthetic: device, OS and browser drawn from each visitor&#39;s id with seed 42"))
        // All traffic as one segment: its sales fell from 15–17 a day to 2 on day 60, a critical drop.
        #expect(exitCode(["report", raw, "--no-enrichment", "--out", folder + "/Site", "--fail-on", "critical", "--quiet"]) == 2)
        let one = try String(contentsOfFile: folder + "/Site/index.html", encoding: .utf8)
        #expect(one.contains("<strong>All traffic is one segment</strong>") && !one.contains("These segments are synthetic"))
        #expect(one.contains("Ranking causes needs segments to compare, and this run has none"))
        #expect(one.contains("Conversion report: all traffic"))
        // The same without the drop: all traffic is steady.
        #expect(exitCode(["analyze", write(DailyFixture()), "--no-enrichment", "--fail-on", "anomaly", "--quiet"]) == 0)
        #expect(exitCode(["analyze", raw, "--no-enrichment", "--dimensions", "device", "--quiet"]) == 64)
    }

    @Test func tooLittleDataSaysHowMuchIsNeeded() throws {
        var fixture = DailyFixture()
        fixture.days = 10
        let path = write(fixture)
        #expect(exitCode(["report", path, "--out", folder + "/Site", "--fail-on", "critical", "--quiet"]) == 3)
        let page = try String(contentsOfFile: folder + "/Site/index.html", encoding: .utf8)
        #expect(page.contains("the detector needs at least 29"))
        #expect(page.contains("that needs at least 16 days"))
        #expect(!page.contains("moved beyond one standard deviation"))
    }

    @Test func unknownSegmentNamesAreUsageErrors() {
        let path = write(DailyFixture())
        // A pattern must match a segment the data holds (*/iOS/* matches Safari · iOS · Mobile).
        for name in ["Chorme/Windows/Desktop", "safari/ios/mobile", "*/Android/*"] {
            #expect(exitCode(["report", path, "--out", folder + "/Site", "--detector-segment", name, "--quiet"]) == 64, "\(name)")
            #expect(exitCode(["check", path, "--date", "2015-08-09", "--segment", name, "--quiet"]) == 64, "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/Site"), "nothing is published on a usage error")
        #expect(exitCode(["analyze", path, "--detector-segment", "* · iOS · *", "--quiet"]) == 0)
    }

    /// `--out` never deletes what the tool did not write: a folder of the user's, a file, the
    /// folder of the inputs are refused before anything is read.
    @Test func outRefusesTheUsersFiles() throws {
        let path = write(DailyFixture())
        try FileManager.default.createDirectory(atPath: folder + "/v", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: folder + "/v/thesis.docx", contents: Data("x".utf8))
        #expect(exitCode(["report", path, "--out", folder + "/v", "--quiet"]) == 64)
        #expect(exitCode(["report", path, "--out", folder + "/v/thesis.docx", "--quiet"]) == 64)
        #expect(exitCode(["report", folder, "--out", folder, "--quiet"]) == 64)
        #expect(FileManager.default.contents(atPath: folder + "/v/thesis.docx") == Data("x".utf8))
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func theDemoIsNeverMonitoredData() {
        #expect(exitCode(["report", "--fail-on", "critical"]) == 64)
        #expect(exitCode(["report", "--max-age", "1"]) == 64)
        #expect(exitCode(["check", "--date", "2015-09-07"]) == 64)
        #expect(exitCode(["analyze"]) == 64)
    }

    @Test func misspelledSettingsKeysAreUsageErrors() {
        let path = write(DailyFixture())
        let settings = folder + "/settings.json"
        FileManager.default.createFile(atPath: settings, contents: Data(#"{"recentDay": 7, "threshhold": 1.5}"#.utf8))
        #expect(exitCode(["analyze", path, "--settings", settings, "--quiet"]) == 64)
        FileManager.default.createFile(atPath: settings, contents: Data(#"{"recentDays": 7, "maxAgeDays": 3}"#.utf8))
        #expect(exitCode(["analyze", path, "--settings", settings, "--quiet"]) == 0)
    }

    @Test func errorsExitOneAndBadOptionsSixtyFour() {
        #expect(exitCode(["analyze", folder + "/missing.csv", "--quiet"]) == 1)
        #expect(exitCode(["analyze", write(DailyFixture()), "--max-age", "-1"]) == 64)
        #expect(exitCode(["analyze", write(DailyFixture()), "--as-of", "soon"]) == 64)
        #expect(exitCode(["check", write(DailyFixture()), "--date", "tomorrow"]) == 64)
        // Out of range: used to crash with SIGILL (exit 132) while formatting 1e17.
        #expect(exitCode(["analyze", write(DailyFixture()), "--threshold", "1e17", "--quiet"]) == 64)
        #expect(exitCode(["analyze", write(DailyFixture()), "--recent-days", "100000", "--quiet"]) == 64)
        #expect(exitCode(["generate", "--out", folder + "/g.csv", "--days", "9223372036854775807"]) == 64)
        #expect(exitCode(["analyze", "postgresql://u@h/db?table=t", "--timeout", "0"]) == 64)
        #expect(exitCode(["analyze", "postgresql://u@h/db", "--quiet"]) == 64)
        #expect(exitCode(["analyze", write(DailyFixture()), "--since", "2015-06-10", "--until", "2015-06-01", "--quiet"]) == 64)
        #expect(exitCode(["analyze", write(DailyFixture()), "--since", "June", "--quiet"]) == 64)
        #expect(exitCode(["analyze", "kafka://127.0.0.1:1/events", "--messages", "xml", "--quiet"]) == 64)
        #expect(exitCode(["analyze", "kafka://127.0.0.1:1/events", "--max-messages", "0", "--quiet"]) == 64)
        #expect(exitCode(["analyze", "kafka://127.0.0.1:1/", "--quiet"]) == 64)
    }

    /// A database that cannot be read fails the run (exit 1) and publishes nothing: the
    /// site from the run before stays as it was.
    @Test func anUnreachableDatabaseLeavesThePreviousSite() throws {
        let site = folder + "/Site"
        #expect(exitCode(["report", write(DailyFixture()), "--out", site, "--quiet"]) == 0)
        let before = try FileManager.default.contentsOfDirectory(atPath: site).sorted()
        let page = try Data(contentsOf: URL(fileURLWithPath: site + "/index.html"))
        // Nothing listens on port 1 of loopback.
        #expect(exitCode(["report", "postgresql://postgres@127.0.0.1:1/shop?table=events", "--out", site, "--quiet", "--timeout", "2"]) == 1)
        #expect(exitCode(["report", "clickhouse://127.0.0.1:1/shop?table=events", "--out", site, "--quiet", "--timeout", "2"]) == 1)
        #expect(exitCode(["report", "kafka://127.0.0.1:1/events", "--out", site, "--quiet", "--timeout", "2"]) == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: site).sorted() == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: site + "/index.html")) == page)
    }
}

/// `--json -`: standard output holds the JSON alone, every human line goes to stderr.
struct OutputTests {
    final class Buffers: @unchecked Sendable {
        var out = Data()
        var err: [String] = []
    }

    func output(_ json: String?, _ buffers: Buffers) -> Output {
        var output = Output(json: json)
        output.standardOutput = { buffers.out.append($0) }
        output.standardError = { buffers.err.append($0) }
        return output
    }

    @Test func dashIsStandardOutputWithNothingElseOnIt() throws {
        let buffers = Buffers()
        let out = output("-", buffers)
        out.say("site: Site/index.html")
        try out.writeJSON(Data("{\"a\" : 1}\n".utf8))
        out.say("verdict: OK")
        #expect(String(decoding: buffers.out, as: UTF8.self) == "{\"a\" : 1}\n")
        #expect(buffers.err == ["site: Site/index.html", "verdict: OK"])
    }

    @Test func aPathIsAFileAndTheTextStaysOnStandardOutput() throws {
        let buffers = Buffers()
        let path = NSTemporaryDirectory() + "clickstream-json-" + UUID().uuidString + ".json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = output(path, buffers)
        try out.writeJSON(Data("{}\n".utf8))
        out.say("results: \(path)")
        #expect(FileManager.default.contents(atPath: path) == Data("{}\n".utf8))
        #expect(String(decoding: buffers.out, as: UTF8.self) == "results: \(path)\n" && buffers.err.isEmpty)
    }
}
