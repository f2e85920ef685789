/// The unit of an integer time (`input.time_unit` in the config): epoch milliseconds unless
/// the input says otherwise, or each value's unit told by its size.
public enum TimeUnit: String, Codable, Sendable, Equatable, CaseIterable {
    case milliseconds = "ms"
    case seconds = "s"
    case microseconds = "us"
    /// By magnitude: over 2000–2100, seconds have 10 digits, milliseconds 13, microseconds 16,
    /// so the ranges never overlap.
    case auto

    /// The value in epoch milliseconds (out of range when it fits no unit).
    @inline(__always)
    func milliseconds(_ value: Int64) -> Int64 {
        switch self {
        case .milliseconds: return value
        case .seconds: return value.multipliedReportingOverflow(by: 1000).overflow ? Int64.min : value * 1000
        case .microseconds: return value / 1000
        case .auto:
            if RowRules.timestampInRange(value) { return value }
            if RowRules.timestampInRange(value &* 1000) && value < Int64.max / 1000 { return value * 1000 }
            return value / 1000
        }
    }

    /// How messages name it.
    var words: String {
        switch self {
        case .milliseconds: "epoch milliseconds"
        case .seconds: "epoch seconds"
        case .microseconds: "epoch microseconds"
        case .auto: "epoch seconds, milliseconds or microseconds"
        }
    }
}
