import ClickstreamCore

/// Which of a file's columns hold what the tool reads, by the file's own names (the
/// config's `input.columns`). The defaults are the Retail Rocket names.
public struct ColumnNames: Codable, Sendable, Equatable {
    public var time = "timestamp"
    public var visitor = "visitorid"
    public var event = "event"
    /// nil: the file has no item column (a purchase is then one event with nothing to check).
    public var item: String? = "itemid"
    /// nil: the file has no transaction ids.
    public var transaction: String? = "transactionid"
    /// The revenue of a transaction (`RevenueAmount`), read on transaction rows only; nil:
    /// none is read (the default: Retail Rocket has none), and a drop's value is unknown.
    public var revenue: String?

    public init() {}

    /// The required names first, then the optional ones the mapping has, as a header lists them.
    var required: [String] { [time, visitor, event] + [item, transaction, revenue].compactMap { $0 } }

    private enum CodingKeys: String, CodingKey, CaseIterable { case time, visitor, event, item, transaction, revenue }

    /// Every key the config's `input.columns` may hold.
    public static var knownKeys: [String] { CodingKeys.allCases.map(\.rawValue) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ColumnNames()
        time = try c.decodeIfPresent(String.self, forKey: .time) ?? d.time
        visitor = try c.decodeIfPresent(String.self, forKey: .visitor) ?? d.visitor
        event = try c.decodeIfPresent(String.self, forKey: .event) ?? d.event
        // A mapping that names some columns but not item or transaction has none of them.
        let named = !c.allKeys.isEmpty
        item = try c.decodeIfPresent(String.self, forKey: .item) ?? (named ? nil : d.item)
        transaction = try c.decodeIfPresent(String.self, forKey: .transaction) ?? (named ? nil : d.transaction)
        revenue = try c.decodeIfPresent(String.self, forKey: .revenue)
    }
}

/// The names a file uses for the three funnel steps (the config's `input.events`), one
/// or several each; matched exactly, case included.
public struct EventNames: Codable, Sendable, Equatable {
    public var view = ["view"]
    public var addtocart = ["addtocart"]
    public var transaction = ["transaction"]

    public init() {}

    /// The Retail Rocket words, read by `RowRules.eventIndex` without a table.
    var isStandard: Bool { self == EventNames() }

    /// One name's bytes and the `EventType.index` it stands for.
    struct Entry: Equatable, Sendable {
        var bytes: [UInt8]
        var index: Int
    }

    /// Every name with its step.
    var table: [Entry] {
        [view, addtocart, transaction].enumerated().flatMap { index, names in names.map { Entry(bytes: Array($0.utf8), index: index) } }
    }

    /// The names, as a message lists them.
    var listed: String { (view + addtocart + transaction).joined(separator: ", ") }

    private enum CodingKeys: String, CodingKey { case view, addtocart, transaction }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func names(_ key: CodingKeys, _ fallback: [String]) throws -> [String] {
            if let one = try? c.decode(String.self, forKey: key) { return [one] }
            return try c.decodeIfPresent([String].self, forKey: key) ?? fallback
        }
        let d = EventNames()
        view = try names(.view, d.view)
        addtocart = try names(.addtocart, d.addtocart)
        transaction = try names(.transaction, d.transaction)
    }
}
