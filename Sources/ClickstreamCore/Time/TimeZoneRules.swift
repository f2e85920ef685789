import Foundation

/// The UTC offset of a time zone at every instant, read from the system's time-zone
/// database (`/usr/share/zoneinfo`, Debian's `tzdata`; `TZDIR` overrides the folder), so
/// days can be the shop's local calendar days, 23 or 25 hours long across a
/// daylight-saving change.
///
/// A zone file (TZif, RFC 8536) lists the zone's transitions; for instants after the last
/// one its footer gives the rule that repeats every year (`EST5EDT,M3.2.0,M11.1.0`), which
/// is expanded here up to 2100. Offsets are kept as a sorted list of (from this instant,
/// this offset), so a lookup is a binary search (and the reader's `DayClock` makes most
/// lookups none).
public struct TimeZoneRules: Sendable, Equatable {
    /// The IANA name (`America/New_York`), `UTC` for the default.
    public let name: String
    /// UTC milliseconds from which `offsets[i]` applies; the first is `Int64.min`.
    package let starts: [Int64]
    /// Milliseconds to add to UTC to get local time.
    package let offsets: [Int64]

    /// Coordinated Universal Time: days are UTC days (the default).
    public static let utc = TimeZoneRules(name: "UTC", starts: [Int64.min], offsets: [0])

    public var isUTC: Bool { offsets == [0] }

    init(name: String, starts: [Int64], offsets: [Int64]) {
        self.name = name
        self.starts = starts
        self.offsets = offsets
    }

    /// The zone of an IANA name, from the system's database.
    public init(named name: String, directory: String? = nil) throws(ClickstreamError) {
        let folder = directory ?? ProcessInfo.processInfo.environment["TZDIR"] ?? "/usr/share/zoneinfo"
        func unknown(_ why: String) -> ClickstreamError {
            ClickstreamError(isUsage: true, message: "unknown time zone '\(TerminalText.safe(name))': \(why) (IANA names such as America/New_York, Europe/Berlin or UTC, from \(folder))")
        }
        if name == "UTC" || name == "Etc/UTC" {
            self = .utc
            return
        }
        // A name is letters, digits and _ + - in parts separated by /; never .. or a leading /.
        let allowed = name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "_+-/".unicodeScalars.contains($0) }
        guard !name.isEmpty, allowed, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
            throw unknown("not a zone name")
        }
        guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { throw unknown("no such zone") }
        guard let (starts, offsets) = TZif.offsets(of: Array(data), until: Self.horizon) else { throw unknown("not a zone file") }
        self.init(name: name, starts: starts, offsets: offsets)
    }

    /// Footer rules are expanded to the end of 2100 (later instants keep the last offset).
    static let horizon: Int64 = 4_133_894_400  // 2101-01-01T00:00:00Z in seconds

    /// Milliseconds to add to a UTC instant to get local time there.
    public func offset(atMilliseconds instant: Int64) -> Int64 { offsets[segment(of: instant)] }

    /// The index of the offset that applies at `instant`.
    package func segment(of instant: Int64) -> Int {
        var low = 0, high = starts.count - 1  // starts[low] <= instant always holds
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= instant { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The instant `index`'s offset stops applying (`Int64.max` for the last).
    package func end(of index: Int) -> Int64 { index + 1 < starts.count ? starts[index + 1] : Int64.max }
}
