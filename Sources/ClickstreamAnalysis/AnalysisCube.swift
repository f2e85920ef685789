import ClickstreamCore

/// The cube the analysis reads, prepared the same way wherever it is read (the analysis,
/// the report's charts, the daily check), so they can never disagree:
/// 1. the days up to `asOf`;
/// 2. without outlying days at the edges (`OutlyingDays`);
/// 3. at most `maxNormalDays` + R days long (the normal period is capped, so memory
///    follows segments × that window, not the data's whole date range);
/// 4. with rare values of each dimension folded into `(other)` (`RareValues`).
/// Every event left out on the way is counted, and the report says so.
public struct AnalysisCube: Sendable {
    public let cube: DailyCube
    public let eventsAfterAsOf: Int
    public let outlying: OutlyingDays
    /// Events on days before the window (older than the capped normal period).
    public let eventsBeforeWindow: Int
    public let folded: [FoldedValues]

    public init(_ full: DailyCube, settings: AnalysisSettings) {
        let (upToAsOf, afterAsOf) = full.through(settings.asOf)
        outlying = OutlyingDays(cube: upToAsOf)
        eventsAfterAsOf = afterAsOf
        guard let window = outlying.window else {
            cube = upToAsOf
            eventsBeforeWindow = 0
            folded = []
            return
        }
        let longest = settings.maxNormalDays + settings.recentDays
        let start = max(window.lowerBound, window.upperBound.advanced(by: -(longest - 1)))
        let (windowed, leftOut) = upToAsOf.within(start...window.upperBound)
        eventsBeforeWindow = leftOut - outlying.events
        (cube, folded) = RareValues.fold(windowed, keeping: settings.maxValuesPerDimension)
    }
}

/// How many values of one dimension were folded into `(other)`, and their events.
public struct FoldedValues: Codable, Sendable, Equatable {
    public var dimension: String
    public var values: Int
    public var events: Int
}

/// Folds the rare values of each dimension into one value, `(other)`: a dimension with more
/// than `limit` distinct values keeps its `limit` values with the most events (ties by
/// name) and the rest become `(other)`. A function of the whole cube, so the result is the
/// same whatever order or threads built it; no event is lost, only relabelled.
public enum RareValues {
    /// The name rare values are folded into.
    public static let other = "(other)"

    public static func fold(_ cube: DailyCube, keeping limit: Int) -> (DailyCube, [FoldedValues]) {
        let schema = cube.schema
        var events = [[String: Int]](repeating: [:], count: schema.count)
        for (segment, totals) in zip(cube.segments, cube.totalsBySegment) {
            for (dimension, value) in segment.values.enumerated() { events[dimension][value, default: 0] += totals.all }
        }
        var kept = [Set<String>?](repeating: nil, count: schema.count)
        var folded: [FoldedValues] = []
        for (dimension, totals) in events.enumerated() where totals.count > limit {
            let ranked = totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            kept[dimension] = Set(ranked.prefix(limit).map(\.key))
            folded.append(FoldedValues(dimension: schema.names[dimension], values: ranked.count - limit,
                                       events: ranked.dropFirst(limit).reduce(0) { $0 + $1.value }))
        }
        guard !folded.isEmpty else { return (cube, []) }
        let segments = cube.segments.map { segment in
            Segment(segment.values.enumerated().map { dimension, value in
                kept[dimension].map { $0.contains(value) ? value : other } ?? value
            }, schema: schema)
        }
        return (DailyCube(segments: segments, cells: cube.cells), folded)
    }
}
