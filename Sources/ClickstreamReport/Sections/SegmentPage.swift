import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore

/// One segment's own page (`segments/<slug>.html`): its funnel and traffic, the estimates
/// of its drop, its detector timeline with the math of each flagged day, and its rows of
/// the root-cause ranking, the validation and the sensitivity table.
struct SegmentPage: SectionModel {
    struct Outcome: Encodable {
        var threshold: String
        var anomalousDays: String
        var dropPeriods: String
        var spikePeriods: String
        var inForce: Bool
    }

    var status: String
    /// A full segment below the validation's volume minimums.
    var notMonitored: Bool
    /// A combination with wildcards (the validation monitors full segments only).
    var isCombination: Bool
    var keyFigures: [NamedValue]
    var estimate: EstimateFacts
    var chart_detector: String
    var chart_funnel: String
    var criticalPeriods: [DetectorSection.Period]
    var hasCriticalPeriods: Bool
    var math: [DetectorSection.Math]
    var hasMath: Bool
    var candidate: RootCauseSection.CandidateRow?
    var hasCandidate: Bool
    var validation: ValidationSection.Row?
    var outcomes: [Outcome]
    var hasOutcomes: Bool
    var daysWithoutViews: String
    var hasDaysWithoutViews: Bool
    var minViewsPerDay: String
    var minValidationTransactionsPerDay: String

    init(_ detail: SegmentDetail, slug: String, results: AnalysisResults, pages: SegmentPageIndex, charts: inout ChartShelf) {
        typealias F = ReportFormat
        let pattern = detail.pattern, settings = results.settings
        isCombination = pattern.segment == nil
        notMonitored = detail.belowMinimums
        status = Self.status(run: detail.run, belowMinimums: detail.belowMinimums, recent: results.periods?.recent)
        let funnel = detail.funnel
        keyFigures = [
            NamedValue(name: "Views/day", value: "\(F.count(funnel.normal.viewsPerDay)) → \(F.count(funnel.recent.viewsPerDay)) (\(F.change(funnel.changes.viewsPerDay)))"),
            NamedValue(name: "Add-to-carts/day", value: "\(F.decimal(funnel.normal.addtocartPerDay, 1)) → \(F.decimal(funnel.recent.addtocartPerDay, 1)) (\(F.change(funnel.changes.addtocartPerDay)))"),
            NamedValue(name: "Transactions/day", value: "\(F.decimal(funnel.normal.transactionsPerDay, 1)) → \(F.decimal(funnel.recent.transactionsPerDay, 1)) (\(F.change(funnel.changes.transactionsPerDay)))"),
            NamedValue(name: "Conversion (transactions / views)", value: F.conversion(funnel)),
            NamedValue(name: "Cart to purchase", value: "\(F.rate(funnel.normal.cartToPurchase)) → \(F.rate(funnel.recent.cartToPurchase))"),
        ]
        estimate = EstimateFacts(detail.estimate, unit: results.dataset.revenueUnit)
        let run = detail.run
        chart_detector = charts.place(DetectorChart.draw(id: "segment-\(slug)", title: "Detector timeline of \(pattern.displayName)", run: run,
                                                         method: settings.detector))
        chart_funnel = charts.place(FunnelChart.draw(funnel: funnel, id: "segment-\(slug)-funnel"))
        criticalPeriods = run.criticalPeriods.map(DetectorSection.Period.init)
        hasCriticalPeriods = !run.criticalPeriods.isEmpty
        math = run.days.filter(\.isAnomalous).map { DetectorSection.math(of: $0, settings: settings) }
        hasMath = !math.isEmpty
        minViewsPerDay = F.count(settings.minViewsPerDay)
        minValidationTransactionsPerDay = F.decimal(settings.minValidationTransactionsPerDay, 1)
        if let index = results.rootCause.firstIndex(where: { $0.pattern == pattern }) {
            candidate = RootCauseSection.row(results.rootCause[index], rank: index + 1, in: results.rootCause)
        }
        hasCandidate = candidate != nil
        validation = detail.validation.map { ValidationSection.row($0, pages: pages) }
        let sensitivity = pattern.segment.flatMap { segment in results.sensitivity?.segments.first { $0.segment == segment } }
        outcomes = (sensitivity?.outcomes ?? []).map {
            Outcome(threshold: F.decimal($0.threshold, 1), anomalousDays: String($0.anomalousDays), dropPeriods: String($0.dropPeriods),
                    spikePeriods: String($0.spikePeriods), inForce: $0.threshold == settings.threshold)
        }
        hasOutcomes = !outcomes.isEmpty
        hasDaysWithoutViews = !detail.daysWithoutViews.isEmpty
        let listed = detail.daysWithoutViews.prefix(10).map(\.description).joined(separator: ", ")
        daysWithoutViews = detail.daysWithoutViews.count > 10
            ? "\(detail.daysWithoutViews.count) days, first \(listed) …" : "\(detail.daysWithoutViews.count): \(listed)"
    }

    /// The one-line status: a critical drop in the recent period first, then any critical
    /// period, anomalous days, or nothing.
    static func status(run: DetectorRun, belowMinimums: Bool, recent: Periods.Range?) -> String {
        let drops = run.criticalPeriods.filter { $0.direction == .drop }
        if let recent, let drop = drops.last(where: { $0.overlaps(recent) }) {
            return "CRITICAL: conversion drop \(drop.first) to \(drop.last)"
        }
        if let last = run.criticalPeriods.last {
            return "\(last.direction == .drop ? "An earlier drop" : "A spike"), \(last.first) to \(last.last); nothing critical in the recent period"
        }
        let anomalous = run.days.filter(\.isAnomalous).count
        let watch = belowMinimums ? " (not monitored: below the validation's volume minimums)" : ""
        return anomalous > 0 ? "No critical period; \(anomalous) anomalous day(s)\(watch)" : "OK: no anomalous day\(watch)"
    }
}

/// The estimates of a drop (IncidentEstimate) as the summary and a segment page state them.
struct EstimateFacts: SharedFacts {
    var dated: Bool
    var notDated: Bool
    var estimatedStart: String
    var startRange: String
    var startExact: Bool
    var estimatedEnd: String
    var windowDays: String
    var lostEstimate: String
    var lostLow: String
    var lostHigh: String
    var ongoing: Bool
    var ended: Bool
    var rateOutside: String
    var rateInside: String
    /// The value lost is known (a revenue column and a dated drop priced by other days).
    var valueKnown: Bool
    var valueEstimate: String
    var valueLow: String
    var valueHigh: String
    var perTransaction: String
    /// Why the value lost is not known, when it is not and a drop is dated.
    var valueUnknown: String?
    /// What the amounts are in, when the config does not say: after the sentence.
    var unitNote: String

    /// - Parameter unit: what the revenue is counted in (`input.revenue_unit`), written
    ///   after each amount; nil: the sentence says "in the revenue column's units".
    init(_ e: IncidentEstimate, unit: String?) {
        typealias F = ReportFormat
        dated = e.estimatedStart != nil
        notDated = e.estimatedStart == nil
        estimatedStart = e.estimatedStart?.description ?? F.missing
        let range = e.estimatedStartRange ?? []
        startExact = range.first == range.last
        startRange = range.count == 2 ? "\(range[0]) to \(range[1])" : F.missing
        estimatedEnd = e.estimatedEnd?.description ?? F.missing
        windowDays = e.estimatedStart.flatMap { s in e.estimatedEnd.map { String(s.distance(to: $0) + 1) } } ?? F.missing
        lostEstimate = F.count(e.lostTransactions?.estimate)
        lostLow = F.count(e.lostTransactions.map { max($0.low, 0) })
        lostHigh = F.count(e.lostTransactions?.high)
        ongoing = e.ongoing == true
        ended = e.ongoing == false
        rateOutside = F.rate(e.rateOutside)
        rateInside = F.rate(e.rateInside)
        valueKnown = e.valueLost != nil
        let suffix = unit.map { "\u{00A0}" + $0 } ?? ""  // the template escapes it
        valueEstimate = F.amount(e.valueLost?.estimate) + suffix
        valueLow = F.amount(e.valueLost.map { max($0.low, 0) }) + suffix
        valueHigh = F.amount(e.valueLost?.high) + suffix
        perTransaction = F.amount(e.revenuePerTransaction) + suffix
        unitNote = unit == nil ? ", in the revenue column's units" : ""
        valueUnknown = e.valueLost != nil ? nil
            : e.revenueRead ? "the days outside the drop have no transactions to price one"
            : "no revenue column is read (the config's input.columns.revenue names one)"
    }
}
