import ClickstreamCore

/// The cube the analysis reads, prepared the same way wherever it is read (the analysis,
/// the report's charts, the daily check), so they can never disagree:
/// 1. the days up to `asOf`;
/// 2. without outlying days at the edges (`OutlyingDays`), then without a first or last
///    day the data covers only in part (`PartialDays`, unless `keepPartialDays`);
/// 3. at most `maxNormalDays` + R days long (the normal period is capped, so memory
///    follows segments × that window, not the data's whole date range);
/// 4. with rare values of each dimension folded into `(other)` (`RareValues`).
/// Every event left out on the way is counted, and the report says so.
public struct AnalysisCube: Sendable {
    public let cube: DailyCube
    public let eventsAfterAsOf: Int
    public let outlying: OutlyingDays
    /// The partial edge days found (left out unless `keepPartialDays`).
    public let partial: PartialDays
    /// Events on days before the window (older than the capped normal period).
    public let eventsBeforeWindow: Int
    public let folded: [FoldedValues]

    /// - Parameter extents: when each day's first and last events happened (the ingest
    ///   report's), for the partial-day check; none, no check.
    public init(_ full: DailyCube, settings: AnalysisSettings, extents: [DayExtent] = []) {
        let (upToAsOf, afterAsOf) = full.through(settings.asOf)
        outlying = OutlyingDays(cube: upToAsOf)
        eventsAfterAsOf = afterAsOf
        guard let whole = outlying.window else {
            cube = upToAsOf
            partial = PartialDays(days: [])
            eventsBeforeWindow = 0
            folded = []
            return
        }
        var edgeEvents: [Day: Int] = [:]
        for cell in upToAsOf.cells where cell.day == whole.lowerBound || cell.day == whole.upperBound {
            edgeEvents[cell.day, default: 0] += cell.total
        }
        var partial = PartialDays(extents: extents, window: whole, events: edgeEvents)
        var window = whole
        if settings.keepPartialDays {
            for index in partial.days.indices { partial.days[index].kept = true }
        } else if let trimmed = partial.trimmed(whole) {
            window = trimmed
        }
        self.partial = partial
        let longest = settings.maxNormalDays + settings.recentDays
        let start = max(window.lowerBound, window.upperBound.advanced(by: -(longest - 1)))
        let (windowed, leftOut) = upToAsOf.within(start...window.upperBound)
        eventsBeforeWindow = leftOut - outlying.events - (settings.keepPartialDays ? 0 : partial.events)
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
        // By value codes: a cube's values are sorted, so code order is name order.
        let codes = cube.codes, schema = codes.schema
        var events = codes.values.map { [Int](repeating: 0, count: $0.count) }
        for (index, totals) in cube.totalsBySegment.enumerated() {
            for dimension in 0..<schema.count { events[dimension][Int(codes.code(index, dimension))] += totals.all }
        }
        var values = codes.values
        var relabel = codes.values.map { Array(0..<Int32($0.count)) }
        var foldedValues: [FoldedValues] = []
        for (dimension, totals) in events.enumerated() where totals.count > limit {
            let ranked = totals.indices.sorted { totals[$0] != totals[$1] ? totals[$0] > totals[$1] : $0 < $1 }
            let otherCode = Int32(values[dimension].count)
            values[dimension].append(other)
            for code in ranked.dropFirst(limit) { relabel[dimension][code] = otherCode }
            foldedValues.append(FoldedValues(dimension: schema.names[dimension], values: ranked.count - limit,
                                       events: ranked.dropFirst(limit).reduce(0) { $0 + totals[$1] }))
        }
        guard !foldedValues.isEmpty else { return (cube, []) }
        var relabelled = codes.codes
        for index in relabelled.indices {
            let dimension = index % schema.count
            relabelled[index] = relabel[dimension][Int(relabelled[index])]
        }
        var relabelledCube = DailyCube(codes: SegmentCodes(schema: schema, values: values, codes: relabelled), cells: cube.cells)
        relabelledCube.revenueDecimals = cube.revenueDecimals
        return (relabelledCube, foldedValues)
    }
}
