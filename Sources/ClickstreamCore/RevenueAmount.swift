/// A transaction's revenue as a revenue column holds it, read as whole minor units (at two
/// decimal places, `19.99` is 1999), the same way from every source.
///
/// - Text (a CSV field, a string column, and the text of an integer or decimal column):
///   digits with an optional fraction (`19.99`, `20`, `19.990`), no sign, exponent,
///   spaces or thousands separator; exact: it must be whole at `decimals` places
///   (`19.999` at two is rejected, never rounded).
/// - Binary floating point (FLOAT, DOUBLE, `real`, `double precision`, ClickHouse's
///   Float32/64), which cannot hold 19.99 exactly: the value times 10^decimals, rounded to
///   the nearest whole number, ties to even; it must be finite.
///
/// Either way the minor units must be at least 0 and below `limit`. The database sources
/// apply the same rules in their statements.
public enum RevenueAmount {
    /// Decimal places a revenue column may be read at (`input.revenue_decimals`).
    public static let decimalRange = 0...6
    /// Minor units of one transaction must stay below 10¹²: a (day, segment) then holds
    /// more than nine million transactions of the largest amount before its sum could
    /// overflow 64 bits.
    public static let limit: Int64 = 1_000_000_000_000
    /// Digits an amount's integer part may have at most (leading zeros aside) at any places.
    public static let integerDigits = 12

    /// The amount a text holds, in minor units at `decimals` places, or nil when the text is
    /// no amount by the rules above.
    public static func minorUnits(_ text: UnsafeRawBufferPointer, decimals: Int) -> Int64? {
        let n = text.count
        var i = 0
        var value: Int64 = 0
        var significant = 0
        while i < n, case let digit = text[i] &- 0x30, digit < 10 {
            if significant > 0 || digit != 0 { significant += 1 }
            guard significant <= integerDigits else { return nil }
            value = value * 10 + Int64(digit)
            i += 1
        }
        guard i > 0 else { return nil }
        var places = 0
        if i < n {
            guard text[i] == 0x2E else { return nil }
            i += 1
            let fractionStart = i
            while i < n, case let digit = text[i] &- 0x30, digit < 10 {
                if places < decimals {
                    value = value * 10 + Int64(digit)
                    places += 1
                } else if digit != 0 {
                    return nil  // a place finer than the minor unit
                }
                i += 1
            }
            guard i == n, i > fractionStart else { return nil }
        }
        while places < decimals {
            value *= 10
            places += 1
        }
        return value < limit ? value : nil
    }

    /// The amount a binary floating-point value holds, in minor units at `decimals` places
    /// (rounded to the nearest, ties to even), or nil when it is not finite, below 0 or not
    /// below `limit`.
    public static func minorUnits(_ value: Double, decimals: Int) -> Int64? {
        let scaled = (value * scale(decimals)).rounded(.toNearestOrEven)
        guard scaled.isFinite, scaled >= 0, scaled < Double(limit) else { return nil }
        return Int64(scaled)
    }

    /// An integer amount with `scale` decimal places (a DECIMAL's unscaled value; 0 for a
    /// plain integer), in minor units at `decimals` places, or nil when it is below 0, not
    /// whole at `decimals` places or not below `limit`.
    public static func minorUnits(unscaled: Int64, scale: Int, decimals: Int) -> Int64? {
        guard unscaled >= 0, (0...38).contains(scale) else { return nil }
        var value = unscaled, places = scale
        while places > decimals {
            guard value % 10 == 0 else { return nil }
            value /= 10
            places -= 1
        }
        while places < decimals {
            guard value < limit else { return nil }
            value *= 10
            places += 1
        }
        return value < limit ? value : nil
    }

    /// 10^decimals, exact as a double for every allowed place.
    public static func scale(_ decimals: Int) -> Double {
        var result = 1.0
        for _ in 0..<decimals { result *= 10 }
        return result
    }

    /// `minorUnits` of a string.
    public static func minorUnits(_ text: String, decimals: Int) -> Int64? {
        var text = text
        return text.withUTF8 { minorUnits(UnsafeRawBufferPointer($0), decimals: decimals) }
    }

    /// Minor units as the amount's exact text (`4933.61`), with thousands separators
    /// (`4,933.61`) unless `separators` is false.
    public static func text(minorUnits: Int, decimals: Int, separators: Bool = true) -> String {
        let divisor = Int(scale(decimals))
        let whole = separators ? Format.thousands(abs(minorUnits) / divisor) : String(abs(minorUnits) / divisor)
        let sign = minorUnits < 0 ? "-" : ""
        guard decimals > 0 else { return sign + whole }
        let fraction = String(abs(minorUnits) % divisor)
        return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    /// What a rejected amount was expected to be, for messages.
    public static func expected(decimals: Int) -> String {
        "an amount of at most \(decimals) decimal place\(decimals == 1 ? "" : "s") below \(limitText(decimals: decimals)) (digits and an optional fraction, no sign)"
    }

    /// The limit in the column's units, as text (`10000000000` at two places).
    public static func limitText(decimals: Int) -> String {
        var text = String(limit)
        let cut = text.count - decimals
        let fraction = text.suffix(decimals)
        text = String(text.prefix(cut))
        return fraction.allSatisfy { $0 == "0" } ? text : text + "." + fraction
    }
}
