@testable import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Testing

/// ISO-8601 times: the instant they name, or why they name none.
struct ISOTimeTests {
    static func parse(_ text: String) -> ISOTime.Parsed {
        Array(text.utf8).withUnsafeBytes { ISOTime.parse($0) }
    }

    /// 2015-09-05 is day 16,683 since 1970-01-01 (Python's `date` difference), so
    /// 12:34:56 UTC is (16,683 × 86,400 + 45,296) × 1,000 = 1,441,456,496,000 ms.
    @Test func instantsInEveryAcceptedForm() {
        let utc: Int64 = 1_441_456_496_000
        #expect(Self.parse("2015-09-05T12:34:56Z") == .instant(utc))
        #expect(Self.parse("2015-09-05 12:34:56z") == .instant(utc))
        #expect(Self.parse("2015-09-05T14:34:56.789+02:00") == .instant(utc + 789))
        #expect(Self.parse("2015-09-05T07:04:56.7891234-0530") == .instant(utc + 789))
        #expect(Self.parse("2015-09-05T13:34:56,5+01") == .instant(utc + 500))
        #expect(Self.parse("2015-09-05T00:34:56-12:00") == .instant(utc))
    }

    @Test func localTimesAndMistakesNameNoInstant() {
        #expect(Self.parse("2015-09-05T12:34:56") == .noOffset)
        #expect(Self.parse("2015-09-05T12:34:56.250") == .noOffset)
        for bad in ["2015-13-05T12:34:56Z", "2015-02-30T12:34:56Z", "2015-09-05T24:00:00Z", "2015-09-05T12:34:56+2",
                    "2015-09-05T12:34:56Zx", "2015-09-05T12:34", "2015/09/05T12:34:56Z", "2015-09-05T12:34:56.Z"] {
            #expect(Self.parse(bad) == .invalid, "\(bad)")
        }
    }

    /// The same events with ISO times and with epoch milliseconds: one cube; a local time
    /// without a zone is a reject that says what it needs.
    @Test func isoRowsReadLikeEpochRows() throws {
        let epoch = try CSVFixtures.ingest(CSVFixtures.enriched([CSVFixtures.row(1_441_456_496_000), CSVFixtures.row(CSVFixtures.noon)]))
        let iso = try CSVFixtures.ingest(CSVFixtures.enriched([
            "2015-09-05T14:34:56+02:00,1,view,5,,Mobile,iOS,Safari", "2015-05-07T12:00:00Z,1,view,5,,Mobile,iOS,Safari",
            "2015-05-07T12:00:00,1,view,5,,Mobile,iOS,Safari",
        ]))
        #expect(iso.cube == epoch.cube && iso.report.accepted == 2)
        #expect(iso.report.rejects.first?.message
            == "timestamp: an ISO-8601 time needs Z or an offset (+02:00) to name an instant, found \"2015-05-07T12:00:00\"")
    }
}

/// Integer times in another unit, told by the input (`time_unit`) or by their size.
struct TimeUnitTests {
    static func options(_ unit: TimeUnit) -> IngestOptions {
        var options = IngestOptions()
        options.timeUnit = unit
        return options
    }

    /// 1,431,000,000,000 ms is 1,431,000,000 s and 1,431,000,000,000,000 µs: one day for all.
    @Test func everyUnitNamesTheSameDay() throws {
        let ms = try CSVFixtures.ingest(CSVFixtures.enriched([CSVFixtures.row(1_431_000_000_000)]))
        let s = try CSVFixtures.ingest(CSVFixtures.enriched([CSVFixtures.row(1_431_000_000)]), options: Self.options(.seconds))
        let us = try CSVFixtures.ingest(CSVFixtures.enriched([CSVFixtures.row(1_431_000_000_000_000)]), options: Self.options(.microseconds))
        let mixed = try CSVFixtures.ingest(CSVFixtures.enriched([CSVFixtures.row(1_431_000_000), CSVFixtures.row(1_431_000_000_000),
                                                                 CSVFixtures.row(1_431_000_000_000_000), CSVFixtures.row(5)]),
                                           options: Self.options(.auto))
        #expect(s.cube == ms.cube && us.cube == ms.cube && s.report.accepted == 1 && us.report.accepted == 1)
        #expect(mixed.report.accepted == 3 && mixed.cube.totals.all == 3 && mixed.cube.firstDay == ms.cube.firstDay)
        #expect(mixed.report.rejects.first?.message == "timestamp: 5 is outside 2000-01-01..2100-01-01 in epoch seconds, milliseconds or microseconds")
        // Without a unit, seconds stay a reject that says how to read them.
        let plain = try CSVFixtures.ingest(CSVFixtures.enriched([CSVFixtures.row(1_431_000_000)]))
        #expect(plain.report.rejects.first?.message.hasSuffix("(seconds instead of milliseconds? input.time_unit: s reads them)") == true)
    }
}
