import ClickstreamAnalysis
import ClickstreamCore

/// When the incident began and when the detector caught it (summary and detector sections).
struct DetectionFacts: SharedFacts {
    var hasDetection: Bool
    var missedIncident: Bool
    var incidentStart: String
    var detectionDay: String
    var detectionAlert: String
    var saving: String
    var manualDays: String

    init(_ detection: Detection) {
        typealias F = ReportFormat
        hasDetection = detection.detectionDay != nil
        missedIncident = detection.detectionDay == nil
        incidentStart = detection.incidentStart.description
        detectionDay = detection.detectionDay.map(String.init) ?? F.missing
        detectionAlert = detection.alert?.description ?? F.missing
        saving = F.share(detection.saving)
        manualDays = String(detection.manualDetectionDays)
    }
}

/// A name and its value, as the key figures and the settings tables list them.
struct NamedValue: Encodable {
    var name: String
    var value: String
}

/// The summary: the verdict, the conversion change, the key figures.
struct SummarySection: SectionModel {
    struct Reason: Encodable { var message: String }

    var conversionNormal: String?
    var conversionRecent: String?
    var conversionChange: String?
    var conversionDropped: Bool?
    var conversionKept: Bool?
    var conversionUndefined: Bool?
    var conversionDrop: String?
    var hasAlert: Bool?
    var firstAlert: String?
    var detection: DetectionFacts?
    var isolated: Bool
    var trafficWithin: Bool
    var trafficOutside: Bool
    var trafficUndefined: Bool
    var trafficDaysNeeded: String
    var noVerdict: Bool?
    var noVerdictReasons: [Reason]?
    var missingVerdict: Bool?
    var flaggedDays: String?
    var firstFlagged: String?
    var trafficZ: String
    var keyFigures: [NamedValue]
    /// Since when, how many transactions, still going on (`summary` of results.json).
    var estimate: EstimateFacts?
    /// The headline drop raised no critical drop period on the segment: said as such.
    var dropWithoutAlert: Bool
    var criticalStreak: String
    /// The ranking's strong cause the detector is silent on (`Verdict.silentCause`).
    var hasSilentCause: Bool
    var silentCause: String
    var silentSurprise: String
    var silentPage: String
    /// The segment's own page.
    var segmentPage: String
    var hasSegmentPage: Bool

    init(_ results: AnalysisResults, pages: SegmentPageIndex) {
        typealias F = ReportFormat
        if let funnel = results.funnel {
            let change = funnel.changes.conversionRate
            conversionNormal = F.rate(funnel.normal.conversionRate)
            conversionRecent = F.rate(funnel.recent.conversionRate)
            conversionChange = F.change(change)
            conversionDropped = (change ?? 0) < 0
            conversionKept = (change ?? -1) >= 0
            conversionUndefined = change == nil
            conversionDrop = change.map { Format.percent(abs($0), decimals: 0) } ?? F.missing
        }
        if let detector = results.detector {
            hasAlert = detector.firstCriticalAlert != nil
            firstAlert = detector.firstCriticalAlert?.description ?? F.missing
            detection = detector.detection.map(DetectionFacts.init)
        }
        isolated = results.validationSummary?.isolated ?? false
        trafficWithin = results.traffic?.withinNormalVariance ?? false
        trafficOutside = results.traffic?.withinNormalVariance == false
        trafficUndefined = results.traffic?.withinNormalVariance == nil
        trafficDaysNeeded = String(results.settings.recentDays + 2)
        if let verdict = results.verdict {
            noVerdict = !verdict.hasVerdict
            noVerdictReasons = verdict.noVerdictReasons.map { Reason(message: $0.message) }
            missingVerdict = verdict.status == .missing
            flaggedDays = String(verdict.flaggedDays)
            firstFlagged = verdict.firstFlaggedDay?.description ?? F.missing
        }
        trafficZ = F.signed(results.traffic?.events.z)
        estimate = results.summary.map { EstimateFacts($0, unit: results.dataset.revenueUnit) }
        let criticalDrops = results.detector?.criticalPeriods.filter { $0.direction == .drop }.count ?? 0
        keyFigures = Self.keyFigures(results, estimate: estimate, criticalDrops: criticalDrops)
        criticalStreak = String(results.settings.criticalStreak)
        dropWithoutAlert = conversionDropped == true && results.detector != nil && criticalDrops == 0
        let silent = results.verdict?.silentCause
        hasSilentCause = silent != nil
        silentCause = silent?.pattern.displayName ?? ""
        silentSurprise = F.signed(silent?.surprise)
        silentPage = silent.map { pages.path(of: $0.pattern) } ?? ""
        segmentPage = results.detector.map { pages.path(of: $0.segment) } ?? ""
        hasSegmentPage = !segmentPage.isEmpty
    }

    /// - Parameter criticalDrops: the detector's critical drop periods, counted once by the caller.
    static func keyFigures(_ results: AnalysisResults, estimate: EstimateFacts?, criticalDrops: Int) -> [NamedValue] {
        typealias F = ReportFormat
        let d = results.dataset
        var figures = [NamedValue(name: "Events", value: F.count(d.events)),
                       NamedValue(name: "Date range", value: "\(d.firstDay?.description ?? F.missing) to \(d.lastDay?.description ?? F.missing)")]
        if let traffic = results.traffic {
            figures.append(NamedValue(name: "Events/day, normal → recent",
                                      value: "\(F.count(traffic.events.normalMean)) → \(F.count(traffic.events.recentMean)) (z \(F.signed(traffic.events.z)))"))
        }
        if let funnel = results.funnel {
            figures.append(NamedValue(name: "Conversion of \(funnel.segment.displayName)",
                                      value: F.conversion(funnel)))
        }
        if let detector = results.detector {
            figures.append(NamedValue(name: "Critical drop periods (\(detector.segment.displayName))", value: String(criticalDrops)))
        }
        if let estimate, estimate.dated {
            figures.append(NamedValue(name: "Drop began (estimate)",
                                      value: estimate.estimatedStart + (estimate.startExact ? "" : " (\(estimate.startRange))")))
            figures.append(NamedValue(name: "Transactions lost (95 % interval)",
                                      value: "\(estimate.lostEstimate) (\(estimate.lostLow) to \(estimate.lostHigh))"))
            figures.append(NamedValue(name: "Revenue lost (95 % interval)",
                                      value: estimate.valueKnown ? "\(estimate.valueEstimate) (\(estimate.valueLow) to \(estimate.valueHigh))" : "not available"))
            figures.append(NamedValue(name: "Still going on",
                                      value: estimate.ongoing ? "yes, on the last day of the data" : "no, ended \(estimate.estimatedEnd)"))
        }
        figures.append(NamedValue(name: "Rows read / rejected", value: "\(F.count(d.rowsRead)) / \(F.count(d.rejectedRows))"))
        return figures
    }
}
