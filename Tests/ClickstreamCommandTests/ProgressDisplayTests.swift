@testable import ClickstreamCore
import Testing
@testable import clickstream

/// The progress line: what it says, and when it is shown at all.
struct ProgressDisplayTests {
    /// 45.2 of 152.0 MB in 0.5 s is 90.4 MB/s, so the 106.8 MB left take 1.18 s: "0:02";
    /// 1,234,567 events in 0.5 s are 2.5 M events/s.
    @Test func lineSaysFilesBytesEventsRateAndTimeLeft() {
        let reading = ProgressMeter.Reading(bytes: 45_200_000, records: 1_234_567, files: 12, totalBytes: 152_000_000, totalFiles: 276)
        #expect(ProgressDisplay.line(reading, seconds: 0.5)
            == "reading 12 / 276 files · 45.2 / 152.0 MB · 1.2 M events · 2.5 M events/s · 0:02 left")
    }

    /// One file: no file count; nothing read yet: no rate guess; done: no time left.
    @Test func lineLeavesOutWhatItCannotKnow() {
        let start = ProgressMeter.Reading(bytes: 0, records: 0, files: 0, totalBytes: 2_000_000_000, totalFiles: 1)
        #expect(ProgressDisplay.line(start, seconds: 0) == "reading 0.0 / 2000.0 MB · 0 events")
        let done = ProgressMeter.Reading(bytes: 2_000_000_000, records: 27_561_010, files: 1, totalBytes: 2_000_000_000, totalFiles: 1)
        #expect(ProgressDisplay.line(done, seconds: 125) == "reading 2000.0 / 2000.0 MB · 27.6 M events · 220,488 events/s")
    }

    /// A generation knows its events, not its bytes: time left follows the events.
    /// 1,000,000 of 4,000,000 in 0.5 s leave 1.5 s: "0:02".
    @Test func generationLineCountsEvents() {
        let reading = ProgressMeter.Reading(bytes: 0, records: 1_000_000, files: 0, totalBytes: 0, totalFiles: 0, totalRecords: 4_000_000)
        #expect(ProgressDisplay.line(reading, seconds: 0.5, verb: "generating")
            == "generating 1.0 M / 4.0 M events · 2.0 M events/s · 0:02 left")
    }

    @Test func shownOnlyOnATerminalWithoutQuiet() {
        #expect(ProgressDisplay.shows(quiet: false, terminal: true))
        #expect(!ProgressDisplay.shows(quiet: true, terminal: true))
        #expect(!ProgressDisplay.shows(quiet: false, terminal: false))
    }
}
