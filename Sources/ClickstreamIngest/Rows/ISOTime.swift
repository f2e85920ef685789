import ClickstreamCore

/// ISO-8601 times as exports write them: `2015-09-05T12:34:56Z`, with a space for the `T`,
/// fractional seconds (any number of digits; milliseconds are kept), and `Z` or an offset
/// (`+02:00`, `+0200`, `+02`). A time without a zone is not guessed at: it names no
/// instant until the input says which zone its local times are in.
package enum ISOTime {
    /// What a field holds.
    package enum Parsed: Equatable {
        /// Epoch milliseconds.
        case instant(Int64)
        /// A valid local time with no `Z` or offset.
        case noOffset
        /// Not an ISO-8601 time.
        case invalid
    }

    @inline(never)  // off the hot path: only a field that is not an integer gets here
    package static func parse(_ field: UnsafeRawBufferPointer) -> Parsed {
        let n = field.count
        guard n >= 19 else { return .invalid }
        func digits(_ at: Int, _ count: Int) -> Int? {
            var value = 0
            for i in at..<(at + count) {
                let d = Int(field[i]) &- 0x30
                guard d >= 0 && d <= 9 else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard field[4] == 0x2D, field[7] == 0x2D, field[10] == 0x54 || field[10] == 0x20 || field[10] == 0x74,
              field[13] == 0x3A, field[16] == 0x3A,
              let year = digits(0, 4), let month = digits(5, 2), let dayOfMonth = digits(8, 2),
              let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
              hour < 24, minute < 60, second < 61, let day = Day(year: year, month: month, day: dayOfMonth) else { return .invalid }
        var i = 19
        var millis = 0
        if i < n && (field[i] == 0x2E || field[i] == 0x2C) {
            i += 1
            var place = 100, count = 0
            while i < n, field[i] >= 0x30 && field[i] <= 0x39 {
                millis += Int(field[i] - 0x30) * place
                place /= 10
                count += 1
                i += 1
            }
            guard count > 0 else { return .invalid }
        }
        guard i < n else { return .noOffset }
        var offsetMinutes = 0
        switch field[i] {
        case 0x5A, 0x7A:  // Z
            guard i + 1 == n else { return .invalid }
        case 0x2B, 0x2D:  // + or -
            let sign = field[i] == 0x2D ? -1 : 1
            let rest = n - i - 1
            guard let hours = rest >= 2 ? digits(i + 1, 2) : nil, hours <= 23 else { return .invalid }
            var minutes = 0
            if rest == 5 && field[i + 3] == 0x3A, let m = digits(i + 4, 2) { minutes = m }
            else if rest == 4, let m = digits(i + 3, 2) { minutes = m }
            else if rest != 2 { return .invalid }
            guard minutes < 60 else { return .invalid }
            offsetMinutes = sign * (hours * 60 + minutes)
        default:
            return .invalid
        }
        let seconds = Int64(day.ordinal) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return .instant(seconds * 1000 + Int64(millis))
    }
}
