/// The yearly rule in a zone file's footer, in the POSIX `TZ` form (RFC 8536 section 3.3):
/// `EST5EDT,M3.2.0,M11.1.0` is UTC−5, and UTC−4 from the second Sunday of March at 02:00
/// local time to the first Sunday of November at 02:00.
struct PosixZoneRule {
    /// Seconds to add to UTC: standard time, and daylight time when the zone has one.
    let std: Int64
    let dst: Int64?
    private var start = DateRule.month(3, week: 2, weekday: 0), startTime: Int64 = 7_200
    private var end = DateRule.month(11, week: 1, weekday: 0), endTime: Int64 = 7_200

    enum DateRule {
        /// Day `n` of the year, 1…365, never counting February 29.
        case julian(Int)
        /// Day `n` of the year, 0…365, counting February 29.
        case zeroBased(Int)
        /// Weekday `d` (0 = Sunday) of week `w` (5 = the last) of month `m`.
        case month(Int, week: Int, weekday: Int)

        /// The day this rule names in `year`.
        func day(in year: Int) -> Day? {
            guard let january1 = Day(year: year, month: 1, day: 1) else { return nil }
            switch self {
            case .julian(let n):
                let leap = Day.daysIn(month: 2, year: year) == 29
                return january1.advanced(by: n - 1 + (leap && n >= 60 ? 1 : 0))
            case .zeroBased(let n):
                return january1.advanced(by: n)
            case .month(let m, let w, let d):
                guard let first = Day(year: year, month: m, day: 1) else { return nil }
                let sundayBased = (first.weekday + 1) % 7  // Day.weekday is 0 = Monday
                var dayOfMonth = 1 + (d - sundayBased + 7) % 7 + (w - 1) * 7
                while dayOfMonth > Day.daysIn(month: m, year: year) { dayOfMonth -= 7 }
                return first.advanced(by: dayOfMonth - 1)
            }
        }
    }

    init?(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        guard scanner.name(), let stdOffset = scanner.offset() else { return nil }
        std = -stdOffset
        guard !scanner.atEnd else {
            dst = nil
            return
        }
        guard scanner.name() else { return nil }
        if let dstOffset = scanner.offset() { dst = -dstOffset } else { dst = std + 3_600 }
        if scanner.atEnd { return }  // no rule given: the US rule, POSIX's usual default
        guard scanner.take(","), let start = scanner.date() else { return nil }
        self.start = start
        if scanner.take("/") { guard let time = scanner.offset() else { return nil }; startTime = time }
        guard scanner.take(","), let end = scanner.date() else { return nil }
        self.end = end
        if scanner.take("/") { guard let time = scanner.offset() else { return nil }; endTime = time }
        guard scanner.atEnd else { return nil }
    }

    /// Every change of offset from `fromYear` on, before `horizon` (UTC seconds), in order:
    /// (UTC seconds, the offset from then on).
    func transitions(fromYear: Int, until horizon: Int64) -> [(Int64, Int64)] {
        guard let dst else { return [] }
        var changes: [(Int64, Int64)] = []
        for year in fromYear...2100 {
            guard let on = start.day(in: year), let off = end.day(in: year) else { continue }
            // The start is given in standard time, the end in daylight time.
            changes.append((Int64(on.ordinal) * 86_400 + startTime - std, dst))
            changes.append((Int64(off.ordinal) * 86_400 + endTime - dst, std))
        }
        return changes.filter { $0.0 < horizon }.sorted { $0.0 < $1.0 }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var at = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { at == bytes.count }

        mutating func take(_ character: Character) -> Bool {
            guard at < bytes.count, bytes[at] == character.asciiValue else { return false }
            at += 1
            return true
        }

        /// `EST` (three or more letters) or `<+0330>` (quoted).
        mutating func name() -> Bool {
            if take("<") {
                while at < bytes.count, bytes[at] != UInt8(ascii: ">") { at += 1 }
                return take(">")
            }
            let begin = at
            while at < bytes.count, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[at] & 0xDF) { at += 1 }
            return at - begin >= 3
        }

        /// `[+-]hh[:mm[:ss]]` in seconds.
        mutating func offset() -> Int64? {
            var sign: Int64 = 1
            if take("-") { sign = -1 } else { _ = take("+") }
            guard let hours = number() else { return nil }
            var seconds = hours * 3_600
            if take(":") {
                guard let minutes = number() else { return nil }
                seconds += minutes * 60
                if take(":") {
                    guard let s = number() else { return nil }
                    seconds += s
                }
            }
            return sign * seconds
        }

        mutating func number() -> Int64? {
            let begin = at
            var value: Int64 = 0
            while at < bytes.count, at - begin < 4, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) {
                value = value * 10 + Int64(bytes[at] - UInt8(ascii: "0"))
                at += 1
            }
            return at > begin ? value : nil
        }

        /// `Jn`, `n` or `Mm.w.d`.
        mutating func date() -> DateRule? {
            if take("J") { return number().flatMap { (1...365).contains($0) ? .julian(Int($0)) : nil } }
            if take("M") {
                guard let m = number(), take("."), let w = number(), take("."), let d = number(),
                      (1...12).contains(m), (1...5).contains(w), (0...6).contains(d) else { return nil }
                return .month(Int(m), week: Int(w), weekday: Int(d))
            }
            return number().flatMap { (0...365).contains($0) ? .zeroBased(Int($0)) : nil }
        }
    }
}
