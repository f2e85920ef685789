@testable import ClickstreamAnalysis
@testable import ClickstreamCore
@testable import ClickstreamIngest
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

/// Values that used to trap or leak raw bytes to the terminal.
struct LimitsTests {
    /// 1e17 is beyond what `Int` holds once scaled by 10^2; it used to trap (SIGILL).
    @Test func hugeAndUndefinedNumbersFormatWithoutTrapping() {
        #expect(Format.fixed(1e17, decimals: 2) == "100000000000000000.00")
        #expect(Format.fixed(-2.5e16, decimals: 0) == "-25000000000000000")
        // 1e300 is printed whole: 301 digits (the double nearest 10^300 starts 1000000000000000052…).
        #expect(Format.fixed(1e300, decimals: 1).hasPrefix("1000000000000000052") && Format.fixed(1e300, decimals: 1).count == 303)
        #expect(Format.fixed(.infinity, decimals: 2) == "∞")
        #expect(Format.fixed(.nan, decimals: 2) == "–")
        #expect(Format.fixed(1234.5678, decimals: 2) == "1234.57")
    }

    @Test func settingsOutsideTheirRangesAreNamed() {
        var settings = AnalysisSettings()
        settings.threshold = 1e17
        #expect(settings.problem == "threshold must be a number above 0 and at most 100, found 1e+17")
        settings = AnalysisSettings()
        settings.recentDays = 100_000
        #expect(settings.problem == "recentDays must lie in 1…366, found 100000")
        settings = AnalysisSettings()
        settings.minViewsPerDay = .nan
        #expect(settings.problem?.hasPrefix("minViewsPerDay must lie in 0…1,000,000,000") == true)
        #expect(AnalysisSettings().problem == nil)
    }

    /// ESC [ 3 1 m would turn the terminal red; U+202E would reverse the rest of the line.
    @Test func terminalTextShowsControlsInsteadOfObeyingThem() {
        #expect(TerminalText.safe("data/\u{1B}[31mevil.csv") == "data/\\u{1B}[31mevil.csv")
        #expect(TerminalText.safe("a\u{202E}b\u{7F}c\u{85}") == "a\\u{202E}b\\u{7F}c\\u{85}")
        #expect(TerminalText.safe("two\nlines\tand tab, Ünïcödé") == "two\nlines\tand tab, Ünïcödé")
    }

    @Test func systemErrorsInPlainWords() {
        let path = NSTemporaryDirectory() + "clickstream-missing-" + UUID().uuidString + "/x.json"
        do {
            try Data("x".utf8).write(to: URL(fileURLWithPath: path))
            Issue.record("expected a failure")
        } catch {
            let words = ClickstreamError.plainWords(error)
            #expect(words == "no such file or directory" || words == "no such file or folder", "\(words)")
            #expect(!words.contains("NSCocoaErrorDomain"))
        }
    }

    /// A cache folder that is a file cannot be used: the run reads every file and says so.
    @Test func anUnusableCacheIsAWarning() throws {
        let dir = TemporaryDirectory()
        let data = dir.write("events.csv", CSVFixtures.enriched([CSVFixtures.row(), CSVFixtures.row(visitor: 2)]))
        let blocked = dir.write("cache", "not a folder")
        let result = try Ingestor.ingest(paths: [data], options: IngestOptions(cacheDirectory: blocked))
        #expect(result.report.accepted == 2)
        #expect(result.warnings.count == 1 && result.warnings[0].contains("cannot be used"))
        #expect(try Ingestor.ingest(paths: [data]) == result)
        // The other options still hold: the provenance is taken as without a cache.
        var describing = IngestOptions(cacheDirectory: blocked)
        describing.describeInputs = true
        #expect(try Ingestor.ingest(paths: [data], options: describing).inputs == [try InputFile.describe(data)])
    }
}
