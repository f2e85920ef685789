import ClickstreamCore

/// How a CSV file is laid out beyond RFC 4180: the byte between fields, the columns'
/// names, the event names and the dimensions the segment columns hold.
package struct CSVFormat: Sendable {
    package var delimiter: UInt8 = 0x2C
    package var columns = ColumnNames()
    package var idsAreText = false
    package var oneSegment = false
    package var events = EventNames()
    package var schema = DimensionSchema.standard
    package var timeUnit = TimeUnit.milliseconds
    package var revenueDecimals = 2

    package init() {}

    /// The format the ingest options describe.
    package init(_ options: IngestOptions) {
        delimiter = options.delimiter
        columns = options.columns
        idsAreText = options.idsAreText
        oneSegment = options.oneSegment
        events = options.events
        schema = options.dimensions
        timeUnit = options.timeUnit
        revenueDecimals = options.revenueDecimals
    }
}
