import ClickstreamCore
import Synchronization

/// Every detector verdict of one analysis, each computed once.
///
/// The stages ask for the same runs: the detector's segment is also validated, validation
/// runs again inside the sensitivity table, the root cause marks its top candidates with
/// the detector's verdict, and the report draws every validated segment. All of them read
/// from one `DetectorRuns`, which evaluates a (segment, detector settings) pair the first
/// time it is asked and hands out the stored days after that.
public final class DetectorRuns: Sendable {
    /// What a run depends on: the segment and the settings the detector reads.
    private struct Key: Hashable {
        var segment: SegmentPattern
        var parameters: Detector.Parameters
    }

    /// The series every run reads.
    public let data: DailySeries
    private let stored = Mutex<[Key: [DetectorDay]]>([:])

    public init(data: DailySeries) {
        self.data = data
    }

    /// The detector's verdict on every day of `segment`'s series under `settings`.
    public func days(of segment: Segment, settings: AnalysisSettings) -> [DetectorDay] {
        days(of: SegmentPattern(segment), settings: settings)
    }

    /// The detector's verdict on every day of the series of the segments `segment` matches.
    public func days(of segment: SegmentPattern, settings: AnalysisSettings) -> [DetectorDay] {
        let key = Key(segment: segment, parameters: Detector.Parameters(settings))
        // Evaluated under the lock: a second caller of the same key waits for the first
        // rather than repeating it.
        return stored.withLock { stored in
            if let days = stored[key] { return days }
            let counts = data.counts(of: segment)
            let days = Detector(settings: settings).evaluate(views: counts.views, transactions: counts.transactions,
                                                             first: data.firstDay)
            stored[key] = days
            return days
        }
    }

    /// Distinct runs computed so far.
    public var count: Int { stored.withLock { $0.count } }
}
