@testable import ClickstreamCore
import Testing

struct DayTests {
    // 2015-05-03: 45 years of 365 days (16,425) + 11 leap days (1972…2012) = 16,436 days to
    // 2015-01-01, plus 31 + 28 + 31 + 30 + 2 = 122 days into the year → ordinal 16,558.
    @Test func ordinalOfKnownDates() {
        #expect(Day(year: 1970, month: 1, day: 1)?.ordinal == 0)
        #expect(Day(year: 2015, month: 5, day: 3)?.ordinal == 16_558)
        #expect(Day(year: 2000, month: 3, day: 1)?.ordinal == 11_017)  // 30 years, 7 leap days, + 59 days
        #expect(Day(year: 1969, month: 12, day: 31)?.ordinal == -1)
    }

    @Test func roundTripsThroughText() {
        for ordinal in stride(from: -800_000, through: 800_000, by: 997) {
            let day = Day(ordinal: ordinal)
            #expect(Day(iso: day.description) == day || day.components.year < 0 || day.components.year > 9999)
        }
        #expect(Day(iso: "2016-02-29")?.description == "2016-02-29")
    }

    @Test func rejectsImpossibleDates() {
        #expect(Day(iso: "2015-02-29") == nil)
        #expect(Day(iso: "1900-02-29") == nil)
        #expect(Day(iso: "2015-13-01") == nil)
        #expect(Day(iso: "2015-5-3") == nil)
        #expect(Day(iso: "yesterday") == nil)
    }

    @Test func weekdayIsMondayBased() {
        #expect(Day(ordinal: 0).weekday == 3)  // 1970-01-01 was a Thursday
        #expect(Day(iso: "2015-05-03")?.weekday == 6)  // a Sunday
        #expect(Day(iso: "2015-09-14")?.weekday == 0)  // a Monday
    }

    @Test func dayOfATimestamp() {
        // 1,431,000,000,000 ms / 86,400,000 = 16,562.5 → 2015-05-07, at noon.
        #expect(Day(epochMilliseconds: 1_431_000_000_000).description == "2015-05-07")
        #expect(Day(epochMilliseconds: 86_399_999).ordinal == 0)
        #expect(Day(epochMilliseconds: 86_400_000).ordinal == 1)
        #expect(Day(epochMilliseconds: -1).ordinal == -1)
    }
}
