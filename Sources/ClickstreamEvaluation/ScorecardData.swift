import ClickstreamAnalysis
import ClickstreamCore
import ClickstreamIngest
import ClickstreamSynthetic
import Foundation

/// The fields of one transaction row that decide whether the incident hits it
/// (`Incident.hits`), kept so an injection into the daily counts converts exactly the
/// rows `inject` converts on the CSV.
struct TransactionKey: Sendable, Equatable {
    var timestamp: Int64
    var visitor: Int64
    var item: Int64
    /// -1 when the row has none.
    var transactionID: Int64

    func hit(seed: UInt64, fraction: Double) -> Bool {
        Incident.hits(timestamp: timestamp, visitor: visitor, item: item,
                      transactionID: transactionID < 0 ? nil : transactionID, seed: seed, fraction: fraction)
    }
}

extension [TransactionKey] {
    /// How many of these rows the incident converts.
    func hits(seed: UInt64, fraction: Double) -> Int {
        reduce(0) { $0 + ($1.hit(seed: seed, fraction: fraction) ? 1 : 0) }
    }
}

/// One segment the scorecard can break: a segment the validation evaluates (SPEC 9), its
/// clean daily counts, and its transaction rows by day.
public struct MonitoredSegment: Sendable {
    public let segment: Segment
    public let normalTransactionsPerDay: Double
    public let counts: DailyCounts
    /// The transaction rows of each day of the series.
    let transactions: [[TransactionKey]]

    /// The counts after the incident: from day index `start` for `days` days, every
    /// transaction `Incident.hits` picks with this seed and fraction becomes an add-to-cart.
    func injected(start: Int, days: Int, fraction: Double, seed: UInt64) -> DailyCounts {
        var counts = counts
        for index in start..<min(start + days, counts.views.count) {
            let hit = transactions[index].hits(seed: seed, fraction: fraction)
            counts.transactions[index] -= hit
            counts.addtocarts[index] += hit
        }
        return counts
    }
}

/// A clean dataset as the scorecard uses it: the cube, its daily series, the monitored
/// segments, and every transaction row an injection can hit. Memory is the cube plus 32
/// bytes per transaction (about 0.7 MB for the default dataset).
public struct ScorecardData: Sendable {
    /// The dataset's seed (its enrichment seed too).
    public let seed: UInt64
    public let cube: DailyCube
    public let series: DailySeries
    public let segments: [MonitoredSegment]
    /// The transaction rows of each segment, by day index of the series.
    let transactions: [Segment: [[TransactionKey]]]

    /// Reads a CSV file, keeping the transaction rows of the segments the validation would
    /// evaluate under `settings`.
    public init(path: String, seed: UInt64, settings: AnalysisSettings) throws(ClickstreamError) {
        var context = ReadContext(enrichmentSeed: seed)
        var sink = TransactionRecorder()
        var source = try FileByteSource(path: path)
        var reader = CSVReader(path: path)
        _ = try reader.read(&source, context: &context, sink: &sink)
        let codes = context.interner.codes
        let names = (0..<codes.count).map(codes.segment)
        try self.init(cube: sink.cube.builder.build(codes: codes), segments: names, rows: sink.rows, seed: seed,
                      settings: settings, name: path)
    }

    /// The cube of a dataset and its transaction rows (`segment` indexing `segments`).
    init(cube: DailyCube, segments names: [Segment], rows: [TransactionRecorder.Row], seed: UInt64,
         settings: AnalysisSettings, name: String) throws(ClickstreamError) {
        guard let series = DailySeries(cube: cube) else {
            throw ClickstreamError(stage: "scorecard", path: name, message: "no valid rows")
        }
        let periods = Periods(first: series.firstDay, last: series.lastDay, recentDays: settings.recentDays)
        let validated = Validation(data: series, periods: periods, detectorRun: nil, settings: settings).segments
        var byName: [Segment: [[TransactionKey]]] = [:]
        for segment in series.segments {
            byName[segment] = Array(repeating: [], count: series.dayCount)
        }
        for row in rows {
            let segment = names[Int(row.segment)]
            let index = series.firstDay.distance(to: row.day)
            guard byName[segment] != nil, index >= 0, index < series.dayCount else { continue }
            byName[segment]![index].append(row.key)
        }
        self.seed = seed
        self.cube = cube
        self.series = series
        transactions = byName
        segments = validated.map {
            MonitoredSegment(segment: $0.segment, normalTransactionsPerDay: $0.normalTransactionsPerDay,
                             counts: series.counts(of: $0.segment), transactions: byName[$0.segment] ?? [])
        }
    }

    /// Generates a clean dataset (no incident) with `generator`'s shape and `seed` straight
    /// into its cube, the events never written as text: the same cube and rows a read of the
    /// generated CSV gives (tested).
    public static func generate(seed: UInt64, generator: GeneratorSettings, settings: AnalysisSettings) throws(ClickstreamError) -> ScorecardData {
        var clean = generator
        clean.seed = seed
        clean.incident = nil
        clean.splitEvery = nil
        var output = GeneratedCube(countrySeed: clean.export == .countries ? seed : nil)
        _ = try DatasetGenerator(settings: clean).generate(into: &output)
        return try ScorecardData(cube: output.builder.build(segments: output.segments), segments: output.segments, rows: output.rows,
                                 seed: seed, settings: settings, name: "generated dataset \(seed)")
    }
}

/// The generator's events straight into a cube, with every transaction row's incident key;
/// segments get ids in order of first appearance, as the reader's interner gives them.
/// With `countrySeed`, each segment also has the visitor's country (`generate --export
/// countries`, the same draw): a fourth dimension, after the browser, that no incident
/// depends on.
struct GeneratedCube: GeneratedEventOutput {
    let builder = DailyCubeBuilder()
    private(set) var segments: [Segment] = []
    private(set) var rows: [TransactionRecorder.Row] = []
    private let countrySeed: UInt64?
    private let countries: Int
    private var idOfCatalog: [Int32]

    init(countrySeed: UInt64? = nil) {
        self.countrySeed = countrySeed
        countries = countrySeed == nil ? 1 : ShopExport.countryWeights.count
        idOfCatalog = [Int32](repeating: -1, count: SegmentCatalog.entries.count * countries)
    }

    /// The dimensions with the country after the standard three.
    static let withCountry = DimensionSchema(DimensionSchema.standard.names + ["country"])

    mutating func event(timestamp: Int64, visitor: Int64, type: Int, item: Int64, transaction: Int64,
                        catalog: Int) throws(ClickstreamError) {
        let country = countrySeed.map { ShopExport.country(visitor: visitor, seed: $0) } ?? 0
        let slot = catalog * countries + country
        var id = idOfCatalog[slot]
        if id < 0 {
            id = Int32(segments.count)
            let segment = SegmentCatalog.entries[catalog].segment
            segments.append(countrySeed == nil ? segment
                            : Segment(segment.values + [ShopExport.countryWeights[country].name], schema: Self.withCountry))
            idOfCatalog[slot] = id
        }
        builder.add(day: Int32(truncatingIfNeeded: timestamp / Day.millisecondsPerDay), segment: id, type: type, instant: timestamp)
        guard type == EventType.transaction.index else { return }
        rows.append(TransactionRecorder.Row(day: Day(epochMilliseconds: timestamp), segment: id,
                                            key: TransactionKey(timestamp: timestamp, visitor: visitor, item: item,
                                                                transactionID: transaction)))
    }
}

extension ScorecardData {
    /// Several clean datasets, generated on all cores, in `seeds` order.
    public static func generate(seeds: [UInt64], generator: GeneratorSettings, settings: AnalysisSettings) throws(ClickstreamError) -> [ScorecardData] {
        try Parallel.map(seeds) { (seed) throws(ClickstreamError) in try generate(seed: seed, generator: generator, settings: settings) }
    }
}

extension ScorecardData {
    /// The cube after an incident in every segment `pattern` matches, from `start` on to the
    /// last day: the transactions `Incident.hits` picks with this seed and fraction become
    /// add-to-carts, exactly as `inject` would convert them in the CSV.
    func injected(_ pattern: SegmentPattern, from start: Day, fraction: Double, seed: UInt64) -> DailyCube {
        let cells = cube.cells.map { cell -> DailyCube.Cell in
            let segment = cube.segments[cell.segment], index = series.index(of: cell.day)
            guard cell.day >= start, pattern.matches(segment), index < series.dayCount, let rows = transactions[segment]?[index] else {
                return cell
            }
            let hit = rows.hits(seed: seed, fraction: fraction)
            var changed = cell
            changed.transactions -= hit
            changed.addtocarts += hit
            return changed
        }
        return DailyCube(segments: cube.segments, cells: cells)
    }
}

/// Builds the cube like ingest does and keeps every transaction row's incident key.
struct TransactionRecorder: RowSink {
    struct Row {
        var day: Day
        var segment: Int32
        var key: TransactionKey
    }

    var cube = CubeSink(policy: .keep)
    var rows: [Row] = []

    mutating func header(raw: UnsafeRawBufferPointer, columns: ColumnMap) throws(ClickstreamError) {}

    mutating func accept(_ row: ParsedRow, fields: FieldSlices, raw: UnsafeRawBufferPointer) throws(ClickstreamError) {
        try cube.accept(row, fields: fields, raw: raw)
        guard row.event == EventType.transaction.index else { return }
        rows.append(Row(day: Day(epochMilliseconds: row.timestamp), segment: row.segment,
                        key: TransactionKey(timestamp: row.timestamp, visitor: row.visitor, item: row.item,
                                            transactionID: row.transactionID)))
    }

    mutating func passOver(raw: UnsafeRawBufferPointer) throws(ClickstreamError) {}
}
