import ClickstreamCore

/// What shapes the cube read from the same bytes: the names of the columns, events and
/// dimensions, the byte between fields, the kind of ids and times, and the zone whose days
/// are counted. A stored result (a file's cache entry, a stream's checkpoint) serves only a
/// read with the same settings.
package struct ReadSettings: Codable, Equatable, Sendable {
    /// The dimensions the cube's segments were read as.
    var dimensions: DimensionSchema
    /// The byte between fields.
    var delimiter: UInt8
    /// The columns' and events' names.
    var columns: ColumnNames
    var idsAreText: Bool
    var oneSegment: Bool
    var events: EventNames
    var timeUnit: TimeUnit
    /// The zone whose days the cube counts (its name: the rules come from the system).
    var timeZone: String

    init(_ options: IngestOptions) {
        dimensions = options.dimensions
        delimiter = options.delimiter
        columns = options.columns
        idsAreText = options.idsAreText
        oneSegment = options.oneSegment
        events = options.events
        timeUnit = options.timeUnit
        timeZone = options.timeZone.name
    }
}
