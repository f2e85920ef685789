import ArgumentParser
import ClickstreamAnalysis

/// Alert levels a run can fail on (`--fail-on`).
enum FailLevel: String, ExpressibleByArgument, CaseIterable {
    /// ANOMALY, MISSING or CRITICAL: alert MEDIUM or HIGH.
    case anomaly
    /// CRITICAL, or MISSING for C days in a row: alert HIGH.
    case critical

    func isReached(by level: AlertLevel) -> Bool { level >= (self == .critical ? .high : .medium) }
}
