import ClickstreamCore
import Foundation

/// A day on the command line: `YYYY-MM-DD`, or a word for a day relative to the clock
/// (days are UTC calendar days, like the data's).
enum DateArgument {
    /// The words `--date` and `--as-of` accept beside a date, and how many days back each is.
    static let words: [String: Int] = ["today": 0, "now": 0, "yesterday": 1]

    /// The day `text` names, or nil when it is neither a date nor one of `allowed`.
    static func day(_ text: String, allowing allowed: Set<String>, now: Date = Date()) -> Day? {
        if let day = Day(iso: text) { return day }
        guard allowed.contains(text), let back = words[text] else { return nil }
        let milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        return Day(epochMilliseconds: milliseconds).advanced(by: -back)
    }
}
