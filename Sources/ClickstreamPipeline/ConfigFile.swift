import ClickstreamAnalysis
import ClickstreamCore
import ClickstreamIngest
import Foundation
import Yams

/// The config file (`--config FILE`, or `./clickstream.yml` when there is one): how to read
/// a shop's own export, and the analysis settings.
///
/// ```yaml
/// input:
///   delimiter: ";"
///   time_unit: s          # ms (default), s, us, or auto (by magnitude)
///   timezone: America/New_York   # IANA name: days are its calendar days (default UTC)
///   columns: {time: event_time, visitor: user_pseudo_id, event: event_name, transaction: transaction_id,
///             revenue: purchase_revenue}
///   revenue_decimals: 2    # places of the revenue's minor unit (default 2: cents)
///   revenue_unit: EUR      # what the amounts are in, shown after them
///   events: {view: [page_view, view_item], addtocart: add_to_cart, transaction: purchase}
///   dimensions: [device_category, operating_system, browser, country]
/// analysis:
///   recentDays: 14
/// ```
///
/// Every key is optional; a key the file does not know is an error naming it, the file and
/// the known keys. A mapping under `columns` that names no `item` or `transaction` has none.
public struct ConfigFile: Sendable {
    /// The file's path.
    public let path: String
    public var delimiter: UInt8?
    public var timeUnit: TimeUnit?
    public var timeZone: TimeZoneRules?
    public var columns: ColumnNames?
    /// Decimal places of the revenue column's amounts (`input.revenue_decimals`).
    public var revenueDecimals: Int?
    /// What the amounts are in (`input.revenue_unit`).
    public var revenueUnit: String?
    public var events: EventNames?
    public var dimensions: DimensionSchema?
    /// The `analysis:` section: the keys of a `--settings` JSON file.
    public var analysis: AnalysisSettings?

    /// Where the config is looked for when `--config` is not given.
    public static let defaultPath = "clickstream.yml"

    private struct Document: Decodable {
        struct Input: Decodable {
            var delimiter: String?
            var time_unit: String?
            var timezone: String?
            var columns: ColumnNames?
            var revenue_decimals: Int?
            var revenue_unit: String?
            var events: EventNames?
            var dimensions: [String]?
        }
        var input: Input?
        var analysis: AnalysisSettings?
    }

    private static let known: [String: [String]] = [
        "": ["input", "analysis"],
        "input": ["delimiter", "time_unit", "timezone", "columns", "revenue_decimals", "revenue_unit", "events", "dimensions"],
        "input.columns": ColumnNames.knownKeys,
        "input.events": ["view", "addtocart", "transaction"],
        "analysis": AnalysisSettings.knownKeys,
    ]

    /// Reads and checks the file at `path`.
    public static func load(path: String) throws(ClickstreamError) -> ConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, message: "cannot read the config file")
        }
        let text = String(decoding: data, as: UTF8.self)
        func fail(_ message: String) -> ClickstreamError { ClickstreamError(stage: "config", path: path, isUsage: true, message: message) }
        let tree: Any?
        do {
            tree = try Yams.load(yaml: text)
        } catch {
            throw fail("not valid YAML: \(error)")
        }
        if let problem = unknownKey(in: tree, at: "") { throw fail(problem) }
        let document: Document
        do {
            // A detectorSegment is keyed by the config's own dimensions.
            let names = ((tree as? [String: Any])?["input"] as? [String: Any])?["dimensions"] as? [String]
            let schema = names.flatMap { $0.isEmpty ? nil : DimensionSchema($0) } ?? .standard
            document = tree == nil ? Document() : try YAMLDecoder().decode(Document.self, from: text, userInfo: [.dimensionSchema: schema])
        } catch {
            throw fail("a value has the wrong type: \(error)")
        }
        var config = ConfigFile(path: path, analysis: document.analysis)
        if let text = document.input?.delimiter {
            guard let byte = Delimiter.byte(text) else { throw fail("input.delimiter must be one of , ; | \\t, found \"\(text)\"") }
            config.delimiter = byte
        }
        if let text = document.input?.time_unit {
            guard let unit = TimeUnit(rawValue: text) else {
                throw fail("input.time_unit must be one of \(TimeUnit.allCases.map(\.rawValue).joined(separator: ", ")), found \"\(text)\"")
            }
            config.timeUnit = unit
        }
        if let name = document.input?.timezone {
            do {
                config.timeZone = try TimeZoneRules(named: name)
            } catch {
                throw fail("input.timezone: \(error.message)")
            }
        }
        config.columns = document.input?.columns
        // The revenue's places and unit say how to read a revenue column: one must be named.
        let hasRevenue = config.columns?.revenue != nil
        func requireRevenueColumn(_ key: String) throws(ClickstreamError) {
            if !hasRevenue { throw fail("input.\(key) is set but input.columns names no revenue column") }
        }
        if let places = document.input?.revenue_decimals {
            guard RevenueAmount.decimalRange.contains(places) else {
                throw fail("input.revenue_decimals must be 0 to \(RevenueAmount.decimalRange.upperBound), found \(places)")
            }
            try requireRevenueColumn("revenue_decimals")
            config.revenueDecimals = places
        }
        if let unit = document.input?.revenue_unit {
            // A short label: letters, currency signs, a dot or a space (`EUR`, `€`, `US$`, `kr.`);
            // no right-to-left letters, which would reorder the sentence around the amount.
            let allowed = unit.unicodeScalars.allSatisfy {
                ($0.properties.isAlphabetic && $0.value < 0x0590) || $0.properties.generalCategory == .currencySymbol
                    || $0 == "." || $0 == " "
            }
            guard (1...12).contains(unit.count), allowed, unit.trimming(" ") == unit else {
                throw fail("input.revenue_unit must be 1 to 12 letters or currency signs (EUR, €, US$), found \"\(TerminalText.safe(unit))\"")
            }
            try requireRevenueColumn("revenue_unit")
            config.revenueUnit = unit
        }
        config.events = document.input?.events
        if let names = document.input?.dimensions {
            guard (1...6).contains(names.count), Set(names.map { $0.lowercased() }).count == names.count else {
                throw fail("input.dimensions must name one to six different columns, found \(names.count)")
            }
            config.dimensions = DimensionSchema(names)
        }
        if let problem = config.analysis?.problem { throw fail(problem) }
        return config
    }

    private init(path: String, analysis: AnalysisSettings?) {
        self.path = path
        self.analysis = analysis
    }

    /// The first key at `section` or below that the config does not know, said with the
    /// keys that section knows.
    private static func unknownKey(in node: Any?, at section: String) -> String? {
        guard let map = node as? [AnyHashable: Any], let knownHere = known[section] else { return nil }
        for key in map.keys.compactMap({ $0 as? String }).sorted() {
            let name = section.isEmpty ? key : section + "." + key
            guard knownHere.contains(key) else {
                return "unknown key \"\(name)\"; the known keys\(section.isEmpty ? "" : " of " + section) are \(knownHere.joined(separator: ", "))"
            }
            if let problem = unknownKey(in: map[key], at: name) { return problem }
        }
        return nil
    }

    /// The read options with what the file says.
    public func apply(to options: inout IngestOptions) {
        if let delimiter { options.delimiter = delimiter }
        if let timeUnit { options.timeUnit = timeUnit }
        if let timeZone { options.timeZone = timeZone }
        if let columns {
            options.columns = columns
            options.idsAreText = true
        }
        if let revenueDecimals { options.revenueDecimals = revenueDecimals }
        if let revenueUnit { options.revenueUnit = revenueUnit }
        if let events { options.events = events }
        if let dimensions { options.dimensions = dimensions }
    }
}
