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
    /// Decimal places of the revenue column (2 when none is read).
    var revenueDecimals: Int
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
        revenueDecimals = options.revenueDecimals
        idsAreText = options.idsAreText
        oneSegment = options.oneSegment
        events = options.events
        timeUnit = options.timeUnit
        timeZone = options.timeZone.name
    }

    private enum CodingKeys: String, CodingKey {
        case dimensions, delimiter, columns, revenueDecimals, idsAreText, oneSegment, events, timeUnit, timeZone
    }

    /// Settings stored before revenue was read have none, at the default two places.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        dimensions = try c.decode(DimensionSchema.self, forKey: .dimensions)
        delimiter = try c.decode(UInt8.self, forKey: .delimiter)
        columns = try c.decode(ColumnNames.self, forKey: .columns)
        revenueDecimals = try c.decodeIfPresent(Int.self, forKey: .revenueDecimals) ?? 2
        idsAreText = try c.decode(Bool.self, forKey: .idsAreText)
        oneSegment = try c.decode(Bool.self, forKey: .oneSegment)
        events = try c.decode(EventNames.self, forKey: .events)
        timeUnit = try c.decode(TimeUnit.self, forKey: .timeUnit)
        timeZone = try c.decode(String.self, forKey: .timeZone)
    }
}
