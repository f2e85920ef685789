import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore
import Foundation

/// The values each template sees, built from the typed results: every number already
/// formatted (`ReportFormat`), every data string raw (the template engine escapes it
/// where it lands), charts as markers. Keys are documented in `Templates/README.md`.
struct ReportModel {
    let input: ReportInput
    private(set) var charts: [Chart] = []

    init(input: ReportInput) { self.input = input }

    var results: AnalysisResults { input.results }
    typealias F = ReportFormat

    mutating func chart(_ chart: Chart) -> String {
        charts.append(chart)
        return MarkdownContentType.chartMarker(chart.id)
    }

    mutating func section(_ file: String) -> [String: Any] {
        var context = common
        let specific: [String: Any]
        switch file {
        case "summary.md": specific = summary
        case "traffic.md": specific = traffic()
        case "rootcause.md": specific = rootCause()
        case "drilldown.md": specific = drilldown()
        case "funnel.md": specific = funnel()
        case "detector.md": specific = detector()
        case "validation.md": specific = validation()
        case "scorecard.md": specific = scorecard()
        case "methods.md": specific = methods
        case "quality.md": specific = quality
        default: specific = [:]
        }
        context.merge(specific) { _, new in new }
        return context
    }

    /// Keys every section can use.
    private var common: [String: Any] {
        let d = results.dataset
        var context: [String: Any] = [
            "hasData": results.periods != nil,
            "firstDay": d.firstDay?.description ?? F.missing, "lastDay": d.lastDay?.description ?? F.missing,
            "days": F.count(d.days), "events": F.count(d.events), "rowsRead": F.count(d.rowsRead),
            "rejectedRows": F.count(d.rejectedRows), "generatedOn": input.generatedOn,
            "hasOutlying": !d.outlyingDays.isEmpty, "outlyingCount": String(d.outlyingDays.count),
            "outlyingDays": d.outlyingDays.map { "\($0.date) (\(F.count($0.events)) events)" }.joined(separator: ", "),
            "outlyingEvents": F.count(d.outlyingDays.reduce(0) { $0 + $1.events }), "longGap": String(OutlyingDays.longGap),
            "hasAfterAsOf": d.eventsAfterAsOf > 0, "eventsAfterAsOf": F.count(d.eventsAfterAsOf),
            "hasFolded": !d.foldedValues.isEmpty, "maxValues": F.count(results.settings.maxValuesPerDimension),
            "folded": d.foldedValues.map { "\($0.dimension) \(F.count($0.values)) values (\(F.count($0.events)) events)" }.joined(separator: ", "),
            "hasBeforeWindow": d.eventsBeforeWindow > 0, "eventsBeforeWindow": F.count(d.eventsBeforeWindow),
            "maxNormalDays": F.count(results.settings.maxNormalDays),
            "asOf": results.verdict?.asOf?.description ?? F.missing,
        ]
        if let periods = results.periods {
            context["recentFirst"] = periods.recent.first.description
            context["recentLast"] = periods.recent.last.description
            context["recentDays"] = F.count(periods.recent.days)
            context["normalFirst"] = periods.normal?.first.description ?? F.missing
            context["normalLast"] = periods.normal?.last.description ?? F.missing
            context["normalDays"] = F.count(periods.normal?.days ?? 0)
        }
        if let segment = results.detector?.segment ?? results.drilldown?.segment {
            context["segment"] = segment.description
            context["hasSegment"] = true
        }
        return context
    }

    private var summary: [String: Any] {
        var context: [String: Any] = [:]
        if let funnel = results.funnel {
            context["conversionNormal"] = F.rate(funnel.normal.conversionRate)
            context["conversionRecent"] = F.rate(funnel.recent.conversionRate)
            context["conversionChange"] = F.change(funnel.changes.conversionRate)
            context["conversionDropped"] = (funnel.changes.conversionRate ?? 0) < 0
            context["conversionKept"] = (funnel.changes.conversionRate ?? -1) >= 0
            context["conversionUndefined"] = funnel.changes.conversionRate == nil
            context["conversionDrop"] = funnel.changes.conversionRate.map { Format.percent(abs($0), decimals: 0) } ?? F.missing
        }
        if let detector = results.detector {
            context["hasAlert"] = detector.firstCriticalAlert != nil
            context["firstAlert"] = detector.firstCriticalAlert?.description ?? F.missing
            if let detection = detector.detection { context.merge(Self.detectionContext(detection)) { _, new in new } }
        }
        context["isolated"] = results.validationSummary?.isolated ?? false
        context["trafficWithin"] = results.traffic?.withinNormalVariance ?? false
        context["trafficOutside"] = results.traffic?.withinNormalVariance == false
        context["trafficUndefined"] = results.traffic?.withinNormalVariance == nil
        context["trafficDaysNeeded"] = String(results.settings.recentDays + 2)
        if let verdict = results.verdict {
            context["noVerdict"] = !verdict.hasVerdict
            context["noVerdictReasons"] = verdict.noVerdictReasons.map { ["message": $0.message] }
            context["missingVerdict"] = verdict.status == .missing
            context["flaggedDays"] = String(verdict.flaggedDays)
            context["firstFlagged"] = verdict.firstFlaggedDay?.description ?? F.missing
        }
        context["trafficZ"] = F.signed(results.traffic?.events.z)
        var figures: [[String: String]] = [
            ["name": "Events", "value": F.count(results.dataset.events)],
            ["name": "Date range", "value": "\(results.dataset.firstDay?.description ?? F.missing) to \(results.dataset.lastDay?.description ?? F.missing)"],
        ]
        if let traffic = results.traffic {
            figures.append(["name": "Events/day, normal → recent",
                            "value": "\(F.count(traffic.events.normalMean)) → \(F.count(traffic.events.recentMean)) (z \(F.signed(traffic.events.z)))"])
        }
        if let funnel = results.funnel {
            figures.append(["name": "Conversion of \(funnel.segment)",
                            "value": "\(F.rate(funnel.normal.conversionRate)) → \(F.rate(funnel.recent.conversionRate)) (\(F.change(funnel.changes.conversionRate)))"])
        }
        if let detector = results.detector {
            figures.append(["name": "Critical periods (\(detector.segment))", "value": String(detector.criticalPeriods.count)])
        }
        figures.append(["name": "Rows read / rejected", "value": "\(F.count(results.dataset.rowsRead)) / \(F.count(results.dataset.rejectedRows))"])
        context["keyFigures"] = figures
        return context
    }

    private mutating func traffic() -> [String: Any] {
        guard let traffic = results.traffic, let periods = results.periods, let total = input.dailyEvents else { return [:] }
        let e = traffic.events
        return [
            "normalMean": F.count(e.normalMean), "normalStd": F.count(e.normalStd), "recentMean": F.count(e.recentMean),
            "z": F.signed(e.z), "within": traffic.withinNormalVariance ?? false,
            "rangeLow": F.count(e.normalRange?.lowerBound), "rangeHigh": F.count(e.normalRange?.upperBound),
            "byType": [("all events", e), ("views", traffic.views), ("add-to-carts", traffic.addtocarts), ("transactions", traffic.transactions)].map {
                ["type": $0.0, "normalMean": F.count($0.1.normalMean), "normalStd": F.count($0.1.normalStd),
                 "recentMean": F.count($0.1.recentMean), "z": F.signed($0.1.z)]
            },
            "chart_traffic": chart(TrafficChart.draw(days: total.days, events: total.events, comparison: e, periods: periods)),
        ]
    }

    private mutating func rootCause() -> [String: Any] {
        let candidates = Array(results.rootCause.prefix(10))
        let quality: [String: Any] = [
            "hasQuality": input.rankQuality != nil,
            "quality": (input.rankQuality ?? []).map {
                ["kind": $0.kind, "fraction": F.share($0.fraction), "trials": F.count($0.trials),
                 "first": F.measured($0.firstShare), "ceiling": F.measured($0.ceilingShare), "topThree": F.measured($0.topThreeShare), "ceilingTopThree": F.measured($0.ceilingTopThreeShare),
                 "visible": F.count($0.visible), "visibleFirst": F.measured($0.visibleFirstShare)]
            },
        ]
        guard let top = RootCauseRanking.headline(of: candidates) else {
            return quality.merging(["hasCause": false, "candidates": [[String: Any]]()]) { a, _ in a }
        }
        return quality.merging([
            "hasCause": top.isCause, "topPattern": top.pattern.description, "topShortfall": F.count(top.shortfall),
            "topShare": F.share(top.shareExplained), "topNormal": F.rate(top.normalConversion), "topRecent": F.rate(top.recentConversion),
            "topSurprise": F.signed(top.surprise),
            "candidates": candidates.enumerated().map { index, c -> [String: Any] in
                ["rank": String(index + 1), "pattern": c.pattern.description, "expected": F.count(c.expectedTransactions),
                 "actual": F.count(c.actualTransactions), "shortfall": F.count(c.shortfall), "share": F.share(c.shareExplained),
                 "normal": F.rate(c.normalConversion), "recent": F.rate(c.recentConversion), "surprise": F.signed(c.surprise),
                 "evidence": F.decimal(c.evidence),
                 "verdict": c.isCause ? "cause" : c.explainedBy.map { "inside the drop of \($0)" } ?? "",
                 "detector": c.detectorVerdict?.rawValue ?? "–"]
            },
            "chart_rootcause": chart(RootCauseChart.draw(candidates)),
        ]) { a, _ in a }
    }

    private mutating func drilldown() -> [String: Any] {
        guard let drill = results.drilldown else { return [:] }
        func rows(_ values: [DimensionValue]) -> [[String: Any]] {
            values.map {
                ["value": $0.value, "normalMean": F.decimal($0.transactions.normalMean, 2), "normalStd": F.decimal($0.transactions.normalStd, 2),
                 "recentMean": F.decimal($0.transactions.recentMean, 2), "z": F.signed($0.transactions.z),
                 "conversionNormal": F.rate($0.normalConversion), "conversionRecent": F.rate($0.recentConversion),
                 "flag": $0.strong ? "strong" : $0.flagged ? "flagged" : ""]
            }
        }
        var levels: [[String: Any]] = []
        for (index, step) in drill.path.enumerated() {
            let inside = drill.path.prefix(index).map(\.value).joined(separator: " · ")
            levels.append([
                "dimension": step.dimension, "value": step.value, "z": F.signed(step.z),
                "inside": inside.isEmpty ? "all traffic" : inside, "candidates": rows(Array(step.candidates.prefix(Self.pageRows))),
                "hiddenCandidates": step.candidates.count > Self.pageRows, "shown": String(Self.pageRows), "total": F.count(step.candidates.count),
                "chart": chart(ZScoreChart.draw(id: "drill-" + Self.fileNames(drill.schema)[index], title: "z of transactions/day by \(step.dimension)" + (inside.isEmpty ? "" : " inside \(inside)"), values: step.candidates)),
            ])
        }
        return [
            "path": drill.path.map { ["dimension": $0.dimension, "value": $0.value, "z": F.signed($0.z)] },
            "pathText": drill.path.map(\.value).joined(separator: " → "),
            "pathComplete": drill.pathComplete, "pathStopped": !drill.pathComplete,
            "levels": levels,
            "dimensions": zip(drill.schema.names, drill.dimensions).map { name, values -> [String: Any] in
                // A dimension of many values: the lowest z on the page, all in results.json.
                let shown = values.count > Self.pageRows
                    ? Array(values.sorted { DrillDown.order($0.transactions.z, $0.value, $1.transactions.z, $1.value) }.prefix(Self.pageRows))
                    : values
                return ["name": name, "rows": rows(shown), "hiddenRows": values.count > Self.pageRows, "shown": String(Self.pageRows),
                        "total": F.count(values.count)]
            },
            "minTransactionsPerDay": F.decimal(results.settings.minTransactionsPerDay, 1),
        ]
    }

    private mutating func funnel() -> [String: Any] {
        guard let funnel = results.funnel else { return [:] }
        let n = funnel.normal, r = funnel.recent, c = funnel.changes
        return [
            "rows": [("views/day", n.viewsPerDay, r.viewsPerDay, c.viewsPerDay),
                     ("add-to-carts/day", n.addtocartPerDay, r.addtocartPerDay, c.addtocartPerDay),
                     ("transactions/day", n.transactionsPerDay, r.transactionsPerDay, c.transactionsPerDay)].map {
                ["step": $0.0, "normal": F.decimal($0.1, 1), "recent": F.decimal($0.2, 1), "change": F.change($0.3)]
            },
            "conversionNormal": F.rate(n.conversionRate), "conversionRecent": F.rate(r.conversionRate),
            "conversionChange": F.change(c.conversionRate),
            "cartToPurchaseNormal": F.rate(n.cartToPurchase), "cartToPurchaseRecent": F.rate(r.cartToPurchase),
            "cartToPurchaseChange": F.change(c.cartToPurchase),
            "viewsChange": F.change(c.viewsPerDay), "cartsChange": F.change(c.addtocartPerDay), "transactionsChange": F.change(c.transactionsPerDay),
            "chart_funnel": chart(FunnelChart.draw(funnel: funnel)),
        ]
    }

    /// Detection timing keys, shared by the summary and the detector section.
    static func detectionContext(_ detection: Detection) -> [String: Any] {
        [
            "hasDetection": detection.detectionDay != nil, "missedIncident": detection.detectionDay == nil,
            "incidentStart": detection.incidentStart.description,
            "detectionDay": detection.detectionDay.map(String.init) ?? F.missing,
            "detectionAlert": detection.alert?.description ?? F.missing, "saving": F.share(detection.saving),
            "manualDays": String(detection.manualDetectionDays),
        ]
    }

    /// Rows a table of segments or values shows on the page; results.json holds them all.
    static let pageRows = 30

    private mutating func validation() -> [String: Any] {
        // Many segments: the largest and every one with a critical period, in the table and
        // as small multiples; the rest only in results.json.
        let shown = results.validation.enumerated().filter { $0.offset < Self.pageRows || !$0.element.criticalPeriods.isEmpty }
        let runs = shown.map { input.validationRuns[$0.offset] }
        let multiples = DetectorChart.smallMultiples(runs).map { chart($0) }
        return [
            "hiddenRows": shown.count < results.validation.count, "shownRows": String(shown.count), "pageRows": String(Self.pageRows),
            "rows": shown.map(\.element).map { v -> [String: Any] in
                let critical = v.criticalPeriods.map { "\($0.direction.rawValue) \($0.first)–\($0.last)" }.joined(separator: "; ")
                return ["segment": v.segment.description, "viewsPerDay": F.count(v.normalViewsPerDay),
                        "transactionsPerDay": F.decimal(v.normalTransactionsPerDay, 1), "daysEvaluated": String(v.daysEvaluated),
                        "anomalousDays": String(v.anomalousDays), "anomalousShare": F.share(v.anomalousShare),
                        "criticalPeriods": critical.isEmpty ? "none" : critical, "worstDeviation": F.signed(v.worstDeviation)]
            },
            "isolated": results.validationSummary?.isolated ?? false,
            "notIsolated": !(results.validationSummary?.isolated ?? false),
            "alsoDropping": (results.validationSummary?.alsoDropping ?? []).map(\.description).joined(separator: ", "),
            "hasAlsoDropping": !(results.validationSummary?.alsoDropping ?? []).isEmpty,
            "segmentsEvaluated": String(results.validationSummary?.segmentsEvaluated ?? 0),
            "minViewsPerDay": F.count(results.settings.minViewsPerDay),
            "minValidationTransactionsPerDay": F.decimal(results.settings.minValidationTransactionsPerDay, 1),
            "multiples": multiples.map { ["chart": $0] },
        ]
    }

    private var methods: [String: Any] {
        let s = results.settings
        return [
            "settings": [
                ("R, recent period", "\(s.recentDays) days"), ("W, baseline weeks", String(s.baselineWeeks)),
                ("k, threshold", "\(F.decimal(s.threshold, 1)) σ"), ("C, critical streak", "\(s.criticalStreak) days"),
                ("Detector method", "\(s.detector.rawValue): \(s.detector.label)"),
                ("σ floor", s.sigmaFloor == .binomial ? "binomial: √(p(1−p)/v)" : "none (bare MAD)"),
                ("Drill path minimum", "\(F.decimal(s.minTransactionsPerDay, 1)) transactions/day"),
                ("Validation minimum", "\(F.count(s.minViewsPerDay)) views/day and \(F.decimal(s.minValidationTransactionsPerDay, 1)) transactions/day"),
                ("M, manual detection", "\(s.manualDetectionDays) days"),
                ("Detector segment", s.detectorSegment?.description ?? "end of the drill path"),
                ("Incident start", s.incidentStart?.description ?? "unknown"),
                ("As of", results.verdict?.asOf?.description ?? F.missing),
                ("Maximum age of the data", s.maxAgeDays.map { "\($0) days" } ?? "any"),
            ].map { ["name": $0.0, "value": $0.1] },
            "threshold": F.decimal(s.threshold, 1), "criticalStreak": String(s.criticalStreak),
            "baselineWeeks": String(s.baselineWeeks), "floorOn": s.sigmaFloor == .binomial,
            "missingChance": Format.scientific(MissingDayRule.acceptedChance(threshold: s.threshold)),
            "missingViews": F.decimal(MissingDayRule.minimumExpectedViews(threshold: s.threshold), 2),
            "daysNeeded": String(Verdict.daysNeeded(s)),
            "hasMaxAge": s.maxAgeDays != nil, "maxAge": s.maxAgeDays.map(String.init) ?? F.missing,
        ]
    }

    private var quality: [String: Any] {
        let q = input.quality
        var context: [String: Any] = [
            "files": input.inputs.map { ["path": $0.path, "size": Format.bytes($0.bytes), "hash": $0.hash] },
            "perFile": q.files.map {
                ["path": $0.path, "layout": $0.layout, "records": F.count($0.records), "accepted": F.count($0.accepted),
                 "rejected": F.count($0.rejected), "blank": F.count($0.blankLines)]
            },
            "accepted": F.count(q.accepted), "rejected": F.count(q.rejected), "blankLines": F.count(q.blankLines),
            "hasRejects": !q.rejects.isEmpty,
            "rejects": q.rejects.map {
                ["location": "\($0.file):\($0.line):\($0.column)", "reason": $0.reason.rawValue, "message": $0.message, "excerpt": $0.excerpt]
            },
            "reasons": q.rejectsByReason.sorted { $0.key < $1.key }.map { ["reason": $0.key.rawValue, "count": F.count($0.value)] },
            "transactionsWithoutID": F.count(q.transactionsWithoutID), "transactionIDsOnOtherEvents": F.count(q.transactionIDsOnOtherEvents),
            "outOfOrderRows": F.count(q.outOfOrderRows), "duplicatePolicy": q.duplicatePolicy.rawValue,
            "duplicatesChecked": q.duplicateRows != nil, "duplicateRows": F.count(q.duplicateRows ?? 0),
            "daysWithoutEvents": results.dataset.daysWithoutEvents.map(\.description).joined(separator: ", "),
            "hasEmptyDays": !results.dataset.daysWithoutEvents.isEmpty,
        ]
        if let incident = results.incident {
            context["hasIncident"] = true
            context["incident"] = [
                "segment": incident.segment.description, "first": incident.firstDay.description, "last": incident.lastDay.description,
                "fraction": F.share(incident.fraction), "inWindow": F.count(incident.transactionsInWindow),
                "converted": F.count(incident.converted), "realised": F.share(incident.realisedFraction),
                "beforeViews": F.count(incident.totalsBefore.view), "beforeCarts": F.count(incident.totalsBefore.addtocart),
                "beforeTransactions": F.count(incident.totalsBefore.transaction), "afterViews": F.count(incident.totalsAfter.view),
                "afterCarts": F.count(incident.totalsAfter.addtocart), "afterTransactions": F.count(incident.totalsAfter.transaction),
                "addsUp": incident.addsUp,
            ] as [String: Any]
        }
        return context
    }

    /// A file-name part for each dimension: its name in lowercase letters, digits and `-`
    /// (`App Version` → `app-version`), numbered when two would be the same.
    static func fileNames(_ schema: DimensionSchema) -> [String] {
        let slugs = schema.names.map { name in
            String(name.lowercased().unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-" })
        }
        return slugs.enumerated().map { index, slug in slugs.filter { $0 == slug }.count > 1 ? "\(slug)-\(index + 1)" : slug }
    }
}
