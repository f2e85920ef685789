import ClickstreamCore
import ClickstreamIngest

/// Every parameter of a generated dataset. The defaults reproduce the shape of the public
/// Retail Rocket `events.csv`: 2,756,101 events over 139 days from 2015-05-03.
public struct GeneratorSettings: Codable, Sendable, Equatable {
    public var seed: UInt64 = 42
    public var events: Int = 2_756_101
    public var start: Day = Day(ordinal: 16_558)  // 2015-05-03
    public var days: Int = 139
    public var layout: CSVLayout = .enriched
    /// The injected incident; `nil` for clean data.
    public var incident: IncidentSettings? = IncidentSettings()
    /// Size of the item catalogue (the real file has about 235 k items).
    public var items: Int = 235_061
    /// Write batch files of this many rows into a folder instead of one file (the source
    /// study kept 270 files of 10,000 events).
    public var splitEvery: Int?
    /// Write the events in the form of a shop's own export instead of `layout`.
    public var export: ShopExport?

    public init() {}

    /// Last day of the generated range.
    public var lastDay: Day { start.advanced(by: days - 1) }
}
