import ClickstreamAnalysis
import ClickstreamCore

/// The facts every section can use: the data's range and size, the periods, the segment
/// the analysis follows, and what was left out of the analysis and why.
struct CommonFacts: Encodable {
    var hasData: Bool
    var firstDay: String
    var lastDay: String
    var days: String
    /// The zone whose calendar days the days are.
    var timeZone: String
    /// The segments were drawn from visitor ids (a file without dimension columns).
    var syntheticSegments: Bool
    var enrichmentSeed: String
    /// All traffic is one segment (`--no-enrichment`): nothing to rank, drill or compare.
    var oneSegment: Bool
    var events: String
    var rowsRead: String
    var rejectedRows: String
    var generatedOn: String
    var hasOutlying: Bool
    var outlyingCount: String
    var outlyingDays: String
    var outlyingEvents: String
    var longGap: String
    var hasAfterAsOf: Bool
    var eventsAfterAsOf: String
    /// The read was bounded to some days (`--since`, `--until`).
    var hasBounds: Bool
    var bounds: String
    var eventsOutsideBounds: String
    var hasFolded: Bool
    /// A first or last day the data covers only in part (left out unless kept).
    var hasPartial: Bool
    var partialKept: Bool
    var partialDays: String
    var partialEvents: String
    var maxValues: String
    var folded: String
    var hasBeforeWindow: Bool
    var eventsBeforeWindow: String
    var maxNormalDays: String
    var asOf: String
    var recentFirst: String?
    var recentLast: String?
    var recentDays: String?
    var normalFirst: String?
    var normalLast: String?
    var normalDays: String?
    var segment: String?
    var hasSegment: Bool?

    init(_ input: ReportInput) {
        typealias F = ReportFormat
        let results = input.results, d = results.dataset
        hasData = results.periods != nil
        firstDay = d.firstDay?.description ?? F.missing
        lastDay = d.lastDay?.description ?? F.missing
        days = F.count(d.days)
        timeZone = d.timeZone
        syntheticSegments = d.enrichment == .synthetic
        enrichmentSeed = d.enrichmentSeed.map(String.init) ?? F.missing
        oneSegment = d.enrichment == .none
        events = F.count(d.events)
        rowsRead = F.count(d.rowsRead)
        rejectedRows = F.count(d.rejectedRows)
        generatedOn = input.generatedOn
        hasOutlying = !d.outlyingDays.isEmpty
        outlyingCount = String(d.outlyingDays.count)
        outlyingDays = d.outlyingDays.map { "\($0.date) (\(F.count($0.events)) events)" }.joined(separator: ", ")
        outlyingEvents = F.count(d.outlyingDays.reduce(0) { $0 + $1.events })
        longGap = String(OutlyingDays.longGap)
        hasAfterAsOf = d.eventsAfterAsOf > 0
        eventsAfterAsOf = F.count(d.eventsAfterAsOf)
        hasBounds = d.bounds != nil
        bounds = d.bounds?.description ?? ""
        eventsOutsideBounds = F.count(d.eventsOutsideBounds)
        hasFolded = !d.foldedValues.isEmpty
        hasPartial = !d.partialDays.isEmpty
        partialKept = d.partialDays.contains(where: \.kept)
        partialDays = d.partialDays.map(\.description).joined(separator: "; ")
        partialEvents = F.count(d.partialDays.reduce(0) { $0 + $1.events })
        maxValues = F.count(results.settings.maxValuesPerDimension)
        folded = d.foldedValues.map { "\($0.dimension) \(F.count($0.values)) values (\(F.count($0.events)) events)" }.joined(separator: ", ")
        hasBeforeWindow = d.eventsBeforeWindow > 0
        eventsBeforeWindow = F.count(d.eventsBeforeWindow)
        maxNormalDays = F.count(results.settings.maxNormalDays)
        asOf = results.verdict?.asOf?.description ?? F.missing
        if let periods = results.periods {
            recentFirst = periods.recent.first.description
            recentLast = periods.recent.last.description
            recentDays = F.count(periods.recent.days)
            normalFirst = periods.normal?.first.description ?? F.missing
            normalLast = periods.normal?.last.description ?? F.missing
            normalDays = F.count(periods.normal?.days ?? 0)
        }
        if let segment = results.detector?.segment ?? results.drilldown?.segment {
            self.segment = segment.displayName
            hasSegment = true
        }
    }
}
