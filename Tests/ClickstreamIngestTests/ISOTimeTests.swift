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
