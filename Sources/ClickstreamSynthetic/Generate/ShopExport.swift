import ClickstreamCore
import ClickstreamIngest

/// The forms of a shop's own export `generate --export` writes the same events in, to show
/// (and test) reading a file that is not in the Retail Rocket layout.
public enum ShopExport: String, Codable, Sendable, CaseIterable {
    /// A GA4-style export: semicolons; `event_time` as ISO-8601 local time in
    /// `America/New_York` with its offset; GA4 event names (`page_view`, `add_to_cart`,
    /// `purchase`); text ids (`user_pseudo_id` such as `1234.1400001234`, `SKU-42`,
    /// `T-7`); `purchase_revenue` on purchases (`ShopExport.price`, two decimals); four
    /// dimensions `device_category` (lower case), `operating_system`, `browser`, `country`.
    /// `docs/examples/ga4-shop.yml` reads it.
    case ga4
    /// The same events in the canonical layout: epoch milliseconds, integer ids, the
    /// Retail Rocket event words, and the columns `device,os,browser,country`.
    case countries

    /// The zone of the GA4 export's local times.
    public static let zone = "America/New_York"

    /// The header line.
    var header: String {
        switch self {
        case .ga4: "event_time;event_name;user_pseudo_id;item_id;transaction_id;purchase_revenue;device_category;operating_system;browser;country"
        case .countries: "timestamp,visitorid,event,itemid,transactionid,device,os,browser,country"
        }
    }

    /// A purchase's revenue in cents: a pure function of the item, 5.00 to 204.99.
    package static func price(item: Int64) -> Int64 { 500 + (item &* 7919) % 20_000 }

    /// Countries and their weights; a visitor's country is a pure function of its id and
    /// the seed, like its device, OS and browser.
    package static let countryWeights: [(name: String, weight: Int)] = [
        ("United States", 40), ("Germany", 20), ("United Kingdom", 15), ("France", 15), ("Canada", 10),
    ]

    /// The index in `countryWeights` of a visitor's country.
    package static func country(visitor: Int64, seed: UInt64) -> Int {
        var mix = SplitMix64(seed: UInt64(bitPattern: visitor) &* 0x9E37_79B9_7F4A_7C15 ^ seed ^ 0xC0_FFEE)
        var draw = Int(mix.next() % 100)
        for (index, country) in countryWeights.enumerated() {
            if draw < country.weight { return index }
            draw -= country.weight
        }
        return countryWeights.count - 1
    }
}

/// Writes generated events in a `ShopExport` form, one file. Rows are formatted as bytes.
struct GeneratedShopExport: GeneratedEventOutput {
    private let export: ShopExport
    private let seed: UInt64
    private let writer: ByteWriter
    private let zone: TimeZoneRules
    private let separator: UInt8
    private let words: [StaticBytes]
    /// Each catalog segment's dimension fields, then each country's, separator first.
    private let segmentFields: [StaticBytes]
    private let countryFields: [StaticBytes]

    init(path: String, export: ShopExport, seed: UInt64) throws(ClickstreamError) {
        self.export = export
        self.seed = seed
        zone = export == .ga4 ? try TimeZoneRules(named: ShopExport.zone) : .utc
        separator = export == .ga4 ? 0x3B : 0x2C
        let s = String(UnicodeScalar(separator))
        words = export == .ga4 ? ["page_view", "add_to_cart", "purchase"].map { StaticBytes($0) }
            : EventType.allCases.map { StaticBytes($0.rawValue) }
        segmentFields = SegmentCatalog.entries.map { entry in
            var values = entry.segment.values
            if export == .ga4 { values[0] = values[0].lowercased() }  // GA4 writes "mobile"
            return StaticBytes(s + values.joined(separator: s))
        }
        countryFields = ShopExport.countryWeights.map { StaticBytes(s + $0.name) }
        writer = try ByteWriter(path: path)
        try writer.write(export.header + "\n")
    }

    mutating func event(timestamp: Int64, visitor: Int64, type: Int, item: Int64, transaction: Int64,
                        catalog: Int) throws(ClickstreamError) {
        try writer.ensure(160)
        if export == .ga4 {
            writeLocalTime(timestamp)
            writer.byte(separator)
            writer.ascii(words[type])
            writer.byte(separator)
            // A GA4 client id: a number, a dot, a first-seen second.
            writer.decimal(visitor)
            writer.byte(0x2E)
            writer.decimal(1_400_000_000 + visitor % 100_000_000)
            writer.byte(separator)
            writer.ascii(Self.sku)
            writer.decimal(item)
            writer.byte(separator)
            if transaction >= 0 {
                writer.ascii(Self.transactionPrefix)
                writer.decimal(transaction)
            }
            writer.byte(separator)
            if type == EventType.transaction.index {
                let cents = ShopExport.price(item: item)
                writer.decimal(cents / 100)
                writer.byte(0x2E)
                digits(Int(cents % 100), 2)
            }
        } else {
            writer.decimal(timestamp)
            writer.byte(separator)
            writer.decimal(visitor)
            writer.byte(separator)
            writer.ascii(words[type])
            writer.byte(separator)
            writer.decimal(item)
            writer.byte(separator)
            if transaction >= 0 { writer.decimal(transaction) }
        }
        writer.ascii(segmentFields[catalog])
        writer.ascii(countryFields[ShopExport.country(visitor: visitor, seed: seed)])
        writer.byte(0x0A)
    }

    private static let sku = StaticBytes("SKU-")
    private static let transactionPrefix = StaticBytes("T-")

    /// `2015-05-02T20:00:00.889-04:00`: the wall-clock time in the export's zone and its offset.
    private func writeLocalTime(_ instant: Int64) {
        let offset = zone.offset(atMilliseconds: instant)
        let local = instant + offset
        let day = Day(epochMilliseconds: local)
        let (year, month, dayOfMonth) = day.components
        let clock = Int(local - day.startMilliseconds)
        digits(year, 4)
        writer.byte(0x2D)
        digits(month, 2)
        writer.byte(0x2D)
        digits(dayOfMonth, 2)
        writer.byte(0x54)
        digits(clock / 3_600_000, 2)
        writer.byte(0x3A)
        digits(clock / 60_000 % 60, 2)
        writer.byte(0x3A)
        digits(clock / 1000 % 60, 2)
        writer.byte(0x2E)
        digits(clock % 1000, 3)
        let minutes = Int(abs(offset) / 60_000)
        writer.byte(offset < 0 ? 0x2D : 0x2B)
        digits(minutes / 60, 2)
        writer.byte(0x3A)
        digits(minutes % 60, 2)
    }

    /// `value` as exactly `width` decimal digits, with leading zeros.
    private func digits(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            writer.byte(0x30 + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    func finish() throws(ClickstreamError) { try writer.close() }
}
