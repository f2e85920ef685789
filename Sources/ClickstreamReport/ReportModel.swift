import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore
import Foundation

/// The report's sections in page order: the one list of them. Each renders its template
/// from its typed model.
enum ReportSection: CaseIterable {
    case summary, traffic, rootCause, drillDown, funnel, detector, validation, scorecard, methods, quality

    /// The template file.
    var file: String {
        switch self {
        case .summary: "summary.md"
        case .traffic: "traffic.md"
        case .rootCause: "rootcause.md"
        case .drillDown: "drilldown.md"
        case .funnel: "funnel.md"
        case .detector: "detector.md"
        case .validation: "validation.md"
        case .scorecard: "scorecard.md"
        case .methods: "methods.md"
        case .quality: "quality.md"
        }
    }

    /// The anchor of the section on the page.
    var id: String {
        switch self {
        case .rootCause: "root-cause"
        case .drillDown: "drill-down"
        case .quality: "data-quality"
        default: String(file.dropLast(3))
        }
    }
}

/// A section with nothing to show (no data for it): its template sees only the common facts.
struct EmptySection: SectionModel {}

/// Builds each section's model from the analysis (nothing is computed here, only
/// formatted) and keeps the charts the sections place.
struct ReportModel {
    let input: ReportInput
    /// The facts every section shares, made once.
    let common: CommonFacts
    private(set) var shelf = ChartShelf()

    init(input: ReportInput) {
        self.input = input
        common = CommonFacts(input)
    }

    var charts: [Chart] { shelf.charts }

    /// What the template of `section` renders: its model and the common facts.
    mutating func context(for section: ReportSection) -> SectionContext {
        SectionContext(section: model(for: section), common: common)
    }

    private mutating func model(for section: ReportSection) -> any SectionModel {
        let results = input.results
        switch section {
        case .summary: return SummarySection(results)
        case .traffic: return TrafficSection(input, charts: &shelf) ?? EmptySection()
        case .rootCause: return RootCauseSection(input, charts: &shelf)
        case .drillDown:
            // All traffic as one segment: no level to drill into (the template says so).
            guard results.dataset.enrichment != .none else { return EmptySection() }
            return DrillDownSection(input, charts: &shelf) ?? EmptySection()
        case .funnel: return FunnelSection(results, charts: &shelf) ?? EmptySection()
        case .detector: return DetectorSection(input, charts: &shelf) ?? EmptySection()
        case .validation: return ValidationSection(input, charts: &shelf)
        case .scorecard: return ScorecardSection(input, charts: &shelf)
        case .methods: return MethodsSection(results)
        case .quality: return QualitySection(input)
        }
    }

    /// Rows a table of segments or values shows on the page; results.json holds them all.
    static let pageRows = 30
}
