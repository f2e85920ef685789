import Foundation

/// Number formatting for terminal output, done once and the same way everywhere.
public enum Format {
    /// `2756101` → `2,756,101`.
    public static func thousands(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// A byte count in B, KB, MB or GB (decimal units, one decimal).
    public static func bytes(_ value: Int) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var amount = Double(value)
        var unit = 0
        while amount >= 1000 && unit < units.count - 1 {
            amount /= 1000
            unit += 1
        }
        return unit == 0 ? "\(value) B" : fixed(amount, decimals: 1) + " " + units[unit]
    }

    /// A number with a fixed count of decimals, rounded half away from zero.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "–" : value < 0 ? "-∞" : "∞" }
        // Beyond 2^53 a Double has no fraction and `Int` could not hold the scaled value:
        // the whole number as Swift prints it, never a trap.
        if value.magnitude >= 9.0e15 {
            let whole = value.magnitude < 9.2e18 ? String(Int64(value.magnitude)) : String(format: "%.0f", value.magnitude)
            return (value < 0 ? "-" : "") + whole + (decimals > 0 ? "." + String(repeating: "0", count: decimals) : "")
        }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value.magnitude * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled) - whole * Int(scale)
        var text = String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return value < 0 && scaled > 0 ? "-" + text : text
    }
}

extension Format {
    /// A fraction as a percent: 0.0074 → `0.74 %`.
    public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        fixed(fraction * 100, decimals: decimals) + " %"
    }
}

extension Format {
    /// A small probability: four decimals down to 0.001, below that one decimal of
    /// mantissa and a power of ten (`4.5e-7`); `0` for zero.
    public static func scientific(_ value: Double) -> String {
        guard value > 0, value.isFinite else { return "0" }
        if value >= 0.001 { return fixed(value, decimals: 4) }
        var exponent = Int(log10(value).rounded(.down))
        var mantissa = (value / pow(10, Double(exponent)) * 10).rounded() / 10
        if mantissa >= 10 {
            mantissa /= 10
            exponent += 1
        }
        return fixed(mantissa, decimals: 1) + "e" + String(exponent)
    }
}
