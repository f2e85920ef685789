import ClickstreamCore
import ClickstreamIngest
import Foundation

/// Writes a deterministic Retail-Rocket-shaped clickstream (see `GeneratorSettings`).
///
/// Day by day, sessions are drawn until the day holds its share of events (`DailyProfile`):
/// a visitor (new, or a returning one picked in proportion to past sessions, which gives
/// the heavy-tailed activity of real visitors), a few items by skewed popularity, views of
/// each, sometimes an add-to-cart, and for carted items a purchase with the segment's
/// conversion rate, all sharing one transaction id at checkout. A day's events are sorted
/// by time before they are written, so the file is in timestamp order. The incident of
/// SPEC section 3 is applied as rows are written, by the same `Incident.hits` that
/// `inject` uses.
public struct DatasetGenerator {
    public let settings: GeneratorSettings

    /// Probability that a session belongs to a visitor never seen before.
    static let newVisitorShare = 0.745
    /// Probability of viewing one more item in a session.
    static let moreItemsChance = 0.2
    /// Probability of viewing the same item once more.
    static let repeatViewChance = 0.12
    /// Add-to-carts per view across the file (Retail Rocket: 69,332 / 2,664,312).
    static let cartsPerView = 0.026

    /// Where the generation counts its events for a progress display, if anywhere.
    public var progress: ProgressMeter?

    public init(settings: GeneratorSettings, progress: ProgressMeter? = nil) {
        self.settings = settings
        self.progress = progress
    }

    struct Event {
        var offset: Int32  // milliseconds since the day's midnight
        var sequence: Int32  // order of creation, breaks timestamp ties
        var visitor: Int32
        var item: Int32
        var transaction: Int32  // -1: none
        var type: UInt8
        var catalog: UInt8
    }

    /// Writes the dataset and its sidecar metadata; returns the metadata.
    /// Writes the dataset as CSV to `path` (or, with `splitEvery`, as batch files in the
    /// folder `path`), and its sidecar `path.meta.json`.
    public func write(to path: String) throws(ClickstreamError) -> DatasetMetadata {
        guard settings.days > 0, settings.events >= 0, settings.items > 0 else {
            throw ClickstreamError(stage: "generate", message: "days and items must be positive and events not negative")
        }
        let metadata: DatasetMetadata
        if let export = settings.export {
            var output = try GeneratedShopExport(path: path, export: export, seed: settings.seed)
            metadata = try generate(into: &output)
            try output.finish()
        } else {
            var output = try GeneratedCSV(path: path, settings: settings)
            metadata = try generate(into: &output)
            try output.finish()
        }
        try MetadataFile.write(metadata, for: path)
        return metadata
    }

    /// Generates every event, in time order, into `output`.
    /// - Returns: what was generated (the metadata the sidecar holds).
    package func generate<Output: GeneratedEventOutput>(into output: inout Output) throws(ClickstreamError) -> DatasetMetadata {
        let perDay = DailyProfile.counts(total: settings.events, start: settings.start, days: settings.days,
                                         seed: settings.seed)
        var rng = Xoshiro256StarStar(seed: settings.seed)
        let entries = SegmentCatalog.entries
        let purchaseChance = entries.map { min(1, $0.conversionRate / Self.cartsPerView) }
        let cartChance = Self.cartsPerView / (1 - Self.repeatViewChance)
        let incident = settings.incident
        let window = incident?.window(lastDay: settings.lastDay)
        let incidentCatalog = incident.flatMap { SegmentCatalog.index(of: $0.segment) }
        let idBits = max(21, Self.bitWidth(settings.events))
        let itemBits = max(19, Self.bitWidth(settings.items))
        var itemSeen = [Bool](repeating: false, count: 1 << itemBits)

        var before = EventTotals()
        var after = EventTotals()
        var inWindow = 0
        var converted = 0
        var sessionVisitors: [Int32] = []
        sessionVisitors.reserveCapacity(settings.events / 2 + 1)
        var nextVisitor: Int32 = 0
        var nextTransaction: Int32 = 0
        var events: [Event] = []

        progress?.begin(records: settings.events)
        for (dayIndex, target) in perDay.enumerated() {
            let day = settings.start.advanced(by: dayIndex)
            events.removeAll(keepingCapacity: true)
            while events.count < target {
                let visitor: Int32
                if sessionVisitors.isEmpty || rng.chance(Self.newVisitorShare) {
                    visitor = nextVisitor
                    nextVisitor += 1
                } else {
                    visitor = sessionVisitors[rng.below(sessionVisitors.count)]
                }
                sessionVisitors.append(visitor)
                let visitorID = Self.scramble(Int(visitor), bits: idBits)
                let catalog = Enrichment.catalogIndex(visitor: Int64(visitorID), seed: settings.seed)
                appendSession(to: &events, limit: target, visitor: Int32(visitorID), catalog: catalog,
                              cartChance: cartChance, purchaseChance: purchaseChance[catalog],
                              itemBits: itemBits, nextTransaction: &nextTransaction, rng: &rng)
            }
            events.sort { ($0.offset, $0.sequence) < ($1.offset, $1.sequence) }

            let dayStart = day.startMilliseconds
            let hitWindow = window.map { $0.contains(day) } ?? false
            for event in events {
                itemSeen[Int(event.item)] = true
                var type = event.type
                var transaction = event.transaction
                let timestamp = dayStart + Int64(event.offset)
                before.add(EventType.allCases[Int(type)])
                if type == 2, hitWindow, Int(event.catalog) == incidentCatalog, let incident {
                    inWindow += 1
                    if Incident.hits(timestamp: timestamp, visitor: Int64(event.visitor), item: Int64(event.item),
                                     transactionID: transaction < 0 ? nil : Int64(transaction),
                                     seed: settings.seed, fraction: incident.fraction) {
                        type = 1
                        transaction = -1
                        converted += 1
                    }
                }
                after.add(EventType.allCases[Int(type)])
                try output.event(timestamp: timestamp, visitor: Int64(event.visitor), type: Int(type), item: Int64(event.item),
                                 transaction: Int64(transaction), catalog: Int(event.catalog))
            }
            progress?.add(records: events.count)
        }

        let check = incident.flatMap { incident in
            window.map {
                IncidentCheck(segment: incident.segment, firstDay: $0.lowerBound, lastDay: $0.upperBound,
                              fraction: incident.fraction, transactionsInWindow: inWindow, converted: converted,
                              totalsBefore: before, totalsAfter: after)
            }
        }
        var resolvedIncident = incident
        resolvedIncident?.start = window?.lowerBound
        return DatasetMetadata(
            producedBy: "generate", toolVersion: ToolVersion.current, generator: settings, source: nil,
            seed: settings.seed, incident: resolvedIncident, incidentCheck: check, totals: after,
            firstDay: settings.start, lastDay: settings.lastDay, visitors: Int(nextVisitor),
            items: itemSeen.reduce(0) { $0 + ($1 ? 1 : 0) }, sessions: sessionVisitors.count)
    }

    /// Appends one session's events (never past `limit` events for the day).
    private func appendSession(to events: inout [Event], limit: Int, visitor: Int32, catalog: Int,
                               cartChance: Double, purchaseChance: Double, itemBits: Int,
                               nextTransaction: inout Int32, rng: inout Xoshiro256StarStar) {
        var session: [(type: UInt8, item: Int32)] = []
        var purchases: [Int32] = []
        repeat {
            let item = Int32(Self.scramble(popularItem(&rng), bits: itemBits))
            session.append((0, item))
            while rng.chance(Self.repeatViewChance) { session.append((0, item)) }
            if rng.chance(cartChance) {
                session.append((1, item))
                if rng.chance(purchaseChance) { purchases.append(item) }
            }
        } while rng.chance(Self.moreItemsChance)
        for item in purchases { session.append((2, item)) }

        // Gaps of 5–95 s between events; the session starts at an hour drawn from a
        // daily rhythm and is moved back if it would run past midnight.
        var gaps: [Int32] = [0]
        var duration: Int32 = 0
        for index in 1..<session.count {
            let gap: Int32 = session[index].type == 2 && session[index - 1].type == 2
                ? 1 : Int32(5_000 + rng.below(90_000))
            duration += gap
            gaps.append(duration)
        }
        var start = Int32(Self.sessionHour(&rng) * 3_600_000 + rng.below(3_600_000))
        start = min(start, Int32(Day.millisecondsPerDay) - 1 - duration)
        let transaction: Int32 = purchases.isEmpty ? -1 : nextTransaction
        if !purchases.isEmpty { nextTransaction += 1 }
        for (index, event) in session.enumerated() where events.count < limit {
            events.append(Event(offset: start + gaps[index], sequence: Int32(events.count), visitor: visitor,
                                item: event.item, transaction: event.type == 2 ? transaction : -1,
                                type: event.type, catalog: UInt8(catalog)))
        }
    }

    /// An item rank with skewed popularity: rank = items × u³, so the top 1 % of items
    /// draw about a fifth of all views.
    private func popularItem(_ rng: inout Xoshiro256StarStar) -> Int {
        let u = rng.unit()
        return min(settings.items - 1, Int(Double(settings.items) * u * u * u))
    }

    /// Relative activity by UTC hour (quiet at night, busiest in the evening).
    static let hourWeights: [Int] = [2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 8, 9, 9, 8, 6, 4]
    static let hourTotal = hourWeights.reduce(0, +)

    static func sessionHour(_ rng: inout Xoshiro256StarStar) -> Int {
        var draw = rng.below(hourTotal)
        for (hour, weight) in hourWeights.enumerated() {
            if draw < weight { return hour }
            draw -= weight
        }
        return 23
    }

    /// Smallest bit width holding `count` distinct values.
    static func bitWidth(_ count: Int) -> Int { max(1, Int.bitWidth - max(count - 1, 1).leadingZeroBitCount) }

    /// A bijection of 0..<2^bits, so sequential visitors and item ranks get ids that look random.
    static func scramble(_ value: Int, bits: Int) -> Int {
        let mask = (1 << bits) - 1
        var x = value & mask
        x = (x &* 0x2_9A4F_5B3D) & mask
        x ^= x >> (bits / 2 + 1)
        x = (x &* 0x1_6C0B_8E75) & mask
        x ^= x >> (bits / 3 + 1)
        return x
    }
}
