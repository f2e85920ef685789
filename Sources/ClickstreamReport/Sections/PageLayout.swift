import ClickstreamAnalysis
import ClickstreamCore

/// What `layout.html` renders: the title, the rendered sections, and the provenance footer.
struct PageLayout: Encodable {
    struct Section: Encodable {
        var id: String
        var title: String
        var html: String
    }

    var title: String
    var sections: [Section]
    var toolVersion: String
    var generatedOn: String
    var inputs: [InputRow]
    var rowsRead: String
    var rejectedRows: String
    /// Every setting in force, one line (`R=14 W=4 k=2.00 …`).
    var parameters: String
    /// Where the segments come from, and the seed of a synthetic draw.
    var syntheticSegments: Bool
    var oneSegment: Bool
    var enrichmentSeed: String
    var segmentSource: String

    init(_ input: ReportInput, sections: [Section]) {
        let r = input.results, settings = r.settings
        title = r.detector.map { "Conversion report: \($0.segment.displayName)" } ?? "Conversion report"
        self.sections = sections
        toolVersion = r.toolVersion
        generatedOn = input.generatedOn
        inputs = input.inputs.map(InputRow.init)
        rowsRead = Format.thousands(r.dataset.rowsRead)
        rejectedRows = Format.thousands(r.dataset.rejectedRows)
        let d = r.dataset
        syntheticSegments = d.enrichment == .synthetic
        oneSegment = d.enrichment == .none
        enrichmentSeed = d.enrichmentSeed.map(String.init) ?? ""
        switch d.enrichment {
        case .columns:
            segmentSource = "read from the data's own dimension columns"
        case .synthetic:
            segmentSource = "synthetic: device, OS and browser drawn from each visitor's id with seed \(enrichmentSeed), not read from the data"
        case .none:
            segmentSource = "none: all traffic analysed as one segment (--no-enrichment)"
        }
        parameters = "R=\(settings.recentDays) W=\(settings.baselineWeeks) k=\(Format.fixed(settings.threshold, decimals: 2)) "
            + "C=\(settings.criticalStreak) detector=\(settings.detector.rawValue) sigmaFloor=\(settings.sigmaFloor.rawValue) "
            + "minTransactionsPerDay=\(Format.fixed(settings.minTransactionsPerDay, decimals: 2)) "
            + "minViewsPerDay=\(Format.fixed(settings.minViewsPerDay, decimals: 2)) "
            + "minValidationTransactionsPerDay=\(Format.fixed(settings.minValidationTransactionsPerDay, decimals: 2)) "
            + "M=\(settings.manualDetectionDays) detectorSegment=\(settings.detectorSegment?.slashSeparated ?? "drill-path") "
            + "incidentStart=\(settings.incidentStart?.description ?? "none")"
    }
}

/// One input as the page lists it: its path, size and content hash.
struct InputRow: Encodable {
    var path: String
    var size: String
    var hash: String
    /// A database input's server, statement and answer rows.
    var database: Database?

    struct Database: Encodable {
        var server: String
        var query: String
        var rows: String
    }

    init(_ file: InputFile) {
        path = file.path
        size = Format.bytes(file.bytes)
        hash = file.hash
        if let server = file.server {
            database = Database(server: server, query: file.query ?? "", rows: Format.thousands(file.resultRows ?? 0))
        }
    }
}

/// What `segment.html` renders: one segment's page, with breadcrumbs back to the overview
/// and the report's provenance in short.
struct SegmentLayout: Encodable {
    var title: String
    var reportTitle: String
    var html: String
    var toolVersion: String
    var generatedOn: String
    var parameters: String

    init(_ report: PageLayout, title: String, html: String) {
        self.title = title
        reportTitle = report.title
        self.html = html
        toolVersion = report.toolVersion
        generatedOn = report.generatedOn
        parameters = report.parameters
    }
}
