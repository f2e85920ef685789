import ArgumentParser
import ClickstreamAnalysis
import ClickstreamCore

/// Every parameter of the analysis (SPEC 4–9), from a settings file and/or the command
/// line; an option given on the command line wins over the file, and the spec's default
/// applies to anything given nowhere.
struct AnalysisOptions: ParsableArguments {
    @Option(help: "JSON settings file (e.g. clickstream.json); keys left out keep their defaults.")
    var settings: String?

    @Option(help: "R: days in the recent period (default 14).")
    var recentDays: Int?

    @Option(help: "W: same-weekday weeks in the detector's baseline (default 4).")
    var baselineWeeks: Int?

    @Option(help: "k: anomaly threshold in σ (default 2).")
    var threshold: Double?

    @Option(help: "C: consecutive anomalous days for a critical alert (default 3).")
    var criticalStreak: Int?

    @Option(help: "σ floor: binomial (default) or none (the source study's bare MAD).")
    var sigmaFloor: SigmaFloor?

    @Option(help: "Detector method: pooled-lr (default), spec (the source study's, SPEC 8), mad, mean-std, pooled or pooled-run (see the scorecard).")
    var detector: DetectorMethod?

    @Option(help: "Clean days per segment-year that may take the pooled-lr run rule past its threshold, each direction; false critical periods are fewer (default 0.06).")
    var falseAlarmsPerSegmentYear: Double?

    @Option(help: "Drill-path candidates need this normal mean of transactions/day (default 1).")
    var minTransactionsPerDay: Double?

    @Option(help: "Validation and root-cause candidates need this normal mean of views/day (default 100).")
    var minViewsPerDay: Double?

    @Option(help: "Validation and root-cause candidates need this normal mean of transactions/day (default 3).")
    var minValidationTransactionsPerDay: Double?

    @Option(help: "M: days people took to notice by hand, for the saving (default 14).")
    var manualDetectionDays: Int?

    @Option(help: "The detector's segment as Browser/OS/Device (default: the end of the drill path).")
    var detectorSegment: String?

    @Option(help: "Known incident start YYYY-MM-DD (default: from the data's .meta.json, if any).")
    var incidentStart: String?

    @Flag(help: "Count a first or last day the data covers only in part (an export cut short) instead of leaving it out.")
    var keepPartialDays = false

    func validate() throws {
        if let detectorSegment, detectorSegment.trimming(" ").isEmpty {
            throw ValidationError("--detector-segment must name a segment, e.g. Safari/iOS/Mobile")
        }
        if let incidentStart, Day(iso: incidentStart) == nil {
            throw ValidationError("--incident-start must be a date YYYY-MM-DD")
        }
    }

    /// Fails with a usage error when `settings` names a segment the data does not hold.
    /// The segment a command-line option names, in either form `Segment(named:)` reads.
    static func segment(_ text: String, option: String, schema: DimensionSchema) throws(ClickstreamError) -> SegmentPattern {
        guard let segment = SegmentPattern(named: text, schema: schema) else {
            throw ClickstreamError(stage: "settings", isUsage: true,
                                   message: "\(option) must look like \(Segment.nameForm(schema)), found '\(TerminalText.safe(text))'")
        }
        return segment
    }

    /// A full segment must be one the data holds (`SegmentLookup`); a pattern must match one.
    static func checkSegment(_ pattern: SegmentPattern?, option: String, in cube: DailyCube) throws(ClickstreamError) {
        guard let pattern else { return }
        let problem: String?
        if let segment = pattern.segment {
            problem = SegmentLookup.problem(with: segment, in: cube.segments)
        } else {
            problem = cube.segments.contains(where: pattern.matches) ? nil : "the data holds no segment that \(pattern) matches"
        }
        guard let problem else { return }
        throw ClickstreamError(stage: "settings", isUsage: true, message: "\(option): \(problem)")
    }

    /// The settings in force (the config's analysis section as `base`, or a `--settings`
    /// file instead, then the command line), or an error naming the bad one.
    /// - Parameter schema: the dimensions the segments of `--detector-segment` have.
    func resolved(base: AnalysisSettings? = nil, schema: DimensionSchema = .standard) throws(ClickstreamError) -> AnalysisSettings {
        var s = try settings.map { (path) throws(ClickstreamError) in try AnalysisSettings.load(path: path, schema: schema) } ?? base ?? AnalysisSettings()
        if let recentDays { s.recentDays = recentDays }
        if let baselineWeeks { s.baselineWeeks = baselineWeeks }
        if let threshold { s.threshold = threshold }
        if let criticalStreak { s.criticalStreak = criticalStreak }
        if let sigmaFloor { s.sigmaFloor = sigmaFloor }
        if let detector { s.detector = detector }
        if let falseAlarmsPerSegmentYear { s.falseAlarmsPerSegmentYear = falseAlarmsPerSegmentYear }
        if let minTransactionsPerDay { s.minTransactionsPerDay = minTransactionsPerDay }
        if let minViewsPerDay { s.minViewsPerDay = minViewsPerDay }
        if let minValidationTransactionsPerDay { s.minValidationTransactionsPerDay = minValidationTransactionsPerDay }
        if let manualDetectionDays { s.manualDetectionDays = manualDetectionDays }
        if let detectorSegment {
            s.detectorSegment = try Self.segment(detectorSegment, option: "--detector-segment", schema: schema)
        }
        if let incidentStart { s.incidentStart = Day(iso: incidentStart) }
        if keepPartialDays { s.keepPartialDays = true }
        if let problem = s.problem { throw ClickstreamError(stage: "settings", isUsage: true, message: problem) }
        return s
    }
}

extension SigmaFloor: ExpressibleByArgument {}
extension DetectorMethod: ExpressibleByArgument {}
