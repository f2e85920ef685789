import ClickstreamAnalysis
import ClickstreamCore

/// Numbers as the report prints them, formatted once, the same way everywhere.
enum ReportFormat {
    static let missing = "–"

    /// A count with thousands separators, a negative one with the minus sign (−43).
    static func count(_ value: Int) -> String {
        let text = Format.thousands(value)  // "-1,234" for a negative one (by magnitude: no overflow)
        return value < 0 ? "−" + text.dropFirst() : text
    }
    static func count(_ value: Double?) -> String { value.map { count(Int($0.rounded())) } ?? missing }
    /// A number with `decimals` decimals, a negative one with the minus sign (−0.3), as
    /// `signed` writes it; one that rounds to zero has none.
    static func decimal(_ value: Double?, _ decimals: Int = 1) -> String {
        guard let value else { return missing }
        let digits = Format.fixed(abs(value), decimals: decimals)
        return value < 0 && digits.contains(where: { $0 != "0" && $0 != "." }) ? "−" + digits : digits
    }
    /// An amount of money in its column's units, with thousands separators and two decimals
    /// (12345.678 → 12,345.68); a negative one with the minus sign.
    static func amount(_ value: Double?) -> String {
        guard let value, value.isFinite else { return missing }
        let cents = (abs(value) * 100).rounded()
        guard cents < 9e17 else { return decimal(value, 0) }
        let text = RevenueAmount.text(minorUnits: Int(cents), decimals: 2)
        return value < 0 && cents > 0 ? "−" + text : text
    }
    /// A rate as a percent with two decimals (0.0074 → 0.74 %).
    static func rate(_ value: Double?) -> String { value.map { glue(Format.percent($0, decimals: 2)) } ?? missing }

    /// A no-break space before `%`, so a number never wraps away from its unit.
    static func glue(_ text: String) -> String { text.replacingOccurrences(of: " %", with: "\u{00A0}%") }
    /// A relative change with its sign (−0.43 → −43 %).
    static func change(_ value: Double?) -> String {
        guard let value else { return missing }
        return glue((value > 0 ? "+" : value < 0 ? "−" : "±") + Format.percent(abs(value), decimals: 0))
    }
    /// A z-score or deviation with its sign and two decimals.
    static func signed(_ value: Double?) -> String {
        guard let value else { return missing }
        return (value > 0 ? "+" : value < 0 ? "−" : "") + Format.fixed(abs(value), decimals: 2)
    }
    static func share(_ value: Double?) -> String { value.map { glue(Format.percent($0, decimals: 0)) } ?? missing }
    /// A measured share with one decimal (0.862 → 86.2 %).
    static func measured(_ value: Double?) -> String { value.map { glue(Format.percent($0, decimals: 1)) } ?? missing }
    /// A funnel's conversion, normal → recent, and its change (0.79 % → 0.17 % (−79 %)).
    static func conversion(_ funnel: Funnel) -> String {
        "\(rate(funnel.normal.conversionRate)) → \(rate(funnel.recent.conversionRate)) (\(change(funnel.changes.conversionRate)))"
    }
}
