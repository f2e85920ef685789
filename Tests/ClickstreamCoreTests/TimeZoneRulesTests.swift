@testable import ClickstreamCore
@testable import ClickstreamIngest
import Foundation
import Testing

/// Local days from the system's time-zone database: daylight-saving days of 23 and 25
/// hours, the footer rule for years past the file's table, the southern hemisphere, and
/// names that are not zones.
struct TimeZoneRulesTests {
    static func ms(_ iso: String) -> Int64 {
        Int64((ISO8601DateFormatter().date(from: iso)!.timeIntervalSince1970 * 1000).rounded())
    }

    static func day(_ clock: inout DayClock, _ iso: String) -> String { Day(ordinal: Int(clock.day(ofMilliseconds: ms(iso)))).description }

    @Test func newYorkDaysAre23And25HoursAcrossTheChanges() throws {
        var clock = DayClock(try TimeZoneRules(named: "America/New_York"))
        // 2015-03-08 (clocks forward at 07:00Z) runs from 05:00Z to 04:00Z next day: 23 hours.
        #expect(Self.day(&clock, "2015-03-08T04:59:59Z") == "2015-03-07")
        #expect(Self.day(&clock, "2015-03-08T05:00:00Z") == "2015-03-08")
        #expect(Self.day(&clock, "2015-03-09T03:59:59Z") == "2015-03-08")
        #expect(Self.day(&clock, "2015-03-09T04:00:00Z") == "2015-03-09")
        // 2015-11-01 (clocks back at 06:00Z) runs from 04:00Z to 05:00Z next day: 25 hours.
        #expect(Self.day(&clock, "2015-11-01T03:59:59Z") == "2015-10-31")
        #expect(Self.day(&clock, "2015-11-02T04:59:59Z") == "2015-11-01")
        #expect(Self.day(&clock, "2015-11-02T05:00:00Z") == "2015-11-02")
        // Going back in time finds the right offset again.
        #expect(Self.day(&clock, "2015-03-08T04:59:59Z") == "2015-03-07")
        let zone = try TimeZoneRules(named: "America/New_York")
        // 2040 lies past most tables: the footer's rule (second Sunday of March, 2040-03-11).
        #expect(zone.offset(atMilliseconds: Self.ms("2040-03-11T06:59:59Z")) == -5 * 3_600_000)
        #expect(zone.offset(atMilliseconds: Self.ms("2040-03-11T07:00:00Z")) == -4 * 3_600_000)
    }

    @Test func southernAndFixedZones() throws {
        let sydney = try TimeZoneRules(named: "Australia/Sydney")
        // Daylight time from the first Sunday of October (2015-10-04 02:00 local = 16:00Z the day before).
        #expect(sydney.offset(atMilliseconds: Self.ms("2015-10-03T15:59:59Z")) == 10 * 3_600_000)
        #expect(sydney.offset(atMilliseconds: Self.ms("2015-10-03T16:00:00Z")) == 11 * 3_600_000)
        var tokyo = DayClock(try TimeZoneRules(named: "Asia/Tokyo"))
        #expect(Self.day(&tokyo, "2015-06-30T15:00:00Z") == "2015-07-01" && Self.day(&tokyo, "2015-06-30T14:59:59Z") == "2015-06-30")
        var utc = DayClock(.utc)
        #expect(Self.day(&utc, "2015-06-30T23:59:59Z") == "2015-06-30")
        #expect(try TimeZoneRules(named: "UTC") == .utc)
    }

    /// The reader agrees with Foundation's zones (ICU's copy of the same database) at a
    /// thousand instants from 1995 to 2099 in zones whose rules have long been stable.
    @Test func offsetsAgreeWithFoundation() throws {
        var random = SplitMix64(seed: 5)
        for name in ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "America/Los_Angeles", "Europe/London"] {
            let rules = try TimeZoneRules(named: name)
            let foundation = try #require(TimeZone(identifier: name))
            for _ in 0..<1_000 {
                let seconds = 788_918_400 + Int64(random.next() % 3_313_000_000)  // 1995 … 2099
                #expect(rules.offset(atMilliseconds: seconds * 1000) == Int64(foundation.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))) * 1000,
                        "\(name) at \(seconds)")
            }
        }
    }

    @Test func namesThatAreNotZonesAreUsageErrors() {
        for name in ["Mars/Olympus", "../../etc/passwd", "/etc/localtime", "", "America/New York"] {
            #expect(throws: ClickstreamError.self) { try TimeZoneRules(named: name) }
        }
        do {
            _ = try TimeZoneRules(named: "Europe/Berlni")
        } catch {
            #expect(error.isUsage && error.message.contains("unknown time zone 'Europe/Berlni'") && error.message.contains("America/New_York"))
        }
    }

    @Test func posixRulesParse() throws {
        let us = try #require(PosixZoneRule("EST5EDT,M3.2.0,M11.1.0"))
        #expect(us.std == -18_000 && us.dst == -14_400)
        let quoted = try #require(PosixZoneRule("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"))
        #expect(quoted.std == 37_800 && quoted.dst == 39_600)
        #expect(PosixZoneRule("JST-9")?.dst == nil && PosixZoneRule("JST-9")?.std == 32_400)
        #expect(PosixZoneRule("EST5EDT,M3.2.0/-1,M11.1.0/26") != nil)
        #expect(PosixZoneRule("EST") == nil && PosixZoneRule("EST5EDT,M13.2.0,M11.1.0") == nil)
        // Last Sunday of March 2015 (M3.5.0) is the 29th.
        #expect(PosixZoneRule.DateRule.month(3, week: 5, weekday: 0).day(in: 2015)?.description == "2015-03-29")
        #expect(PosixZoneRule.DateRule.julian(60).day(in: 2016)?.description == "2016-03-01")
        #expect(PosixZoneRule.DateRule.zeroBased(59).day(in: 2016)?.description == "2016-02-29")
    }
}

/// A hand-built zone file: a transition at the dawn of time (-2⁵⁹ s, as some files mark
/// it) is clamped, not an overflow; the footer rule takes over after the table.
struct TZifTests {
    static func int32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
    static func int64(_ v: Int64) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
    static func header(times: Int32, types: Int32, chars: Int32) -> [UInt8] {
        let counts: [Int32] = [0, 0, 0, times, types, chars]
        return Array("TZif2".utf8) + [UInt8](repeating: 0, count: 15) + counts.flatMap { Self.int32($0) }
    }

    @Test func dawnOfTimeAndFooter() throws {
        var file: [UInt8] = Self.header(times: 0, types: 1, chars: 4)
        file += Self.int32(0) + [0, 0] + Array("UTC\0".utf8)
        file += Self.header(times: 2, types: 2, chars: 8)
        file += Self.int64(-(1 << 59)) + Self.int64(1_000_000_000) + [0, 1]
        file += Self.int32(0) + [0, 0]
        file += Self.int32(3_600) + [0, 4]
        file += Array("UTC\0X01\0".utf8)
        file += Array("\n<+01>-1\n".utf8)
        let (starts, offsets) = try #require(TZif.offsets(of: file, until: TimeZoneRules.horizon))
        let zone = TimeZoneRules(name: "Test/Zone", starts: starts, offsets: offsets)
        #expect(zone.offset(atMilliseconds: 0) == 0)
        #expect(zone.offset(atMilliseconds: 1_000_000_000_000) == 3_600_000)
        #expect(zone.offset(atMilliseconds: Int64.min) == 0 && zone.offset(atMilliseconds: Int64.max) == 3_600_000)
        #expect(TZif.offsets(of: Array(file.prefix(30)), until: TimeZoneRules.horizon) == nil)
        #expect(TZif.offsets(of: Array("not a zone file at all, not at all".utf8), until: TimeZoneRules.horizon) == nil)
    }
}
