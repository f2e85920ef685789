import ClickstreamAnalysis
import ClickstreamCharts
import ClickstreamCore
import Foundation

/// The report's sections in page order: the one list of them. Each renders its template
/// from its typed model.
enum ReportSection: CaseIterable {
    case summary, segments, traffic, rootCause, drillDown, funnel, detector, validation, scorecard, methods, quality

    /// The template file.
    var file: String {
        switch self {
        case .summary: "summary.md"
        case .segments: "segments.md"
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
    /// The segments with a page of their own, and their file names.
    let pages: SegmentPageIndex
    private(set) var shelf = ChartShelf()

    init(input: ReportInput) {
        self.input = input
        common = CommonFacts(input)
        pages = SegmentPageIndex(input.results)
    }

    var charts: [Chart] { shelf.charts }

    /// What the template of `section` renders: its model and the common facts.
    mutating func context(for section: ReportSection) -> SectionContext {
        SectionContext(section: model(for: section), common: common)
    }

    private mutating func model(for section: ReportSection) -> any SectionModel {
        let results = input.results
        switch section {
        case .summary: return SummarySection(results, pages: pages)
        case .segments:
            guard results.periods != nil else { return EmptySection() }
            return SegmentsSection(input, pages: pages, charts: &shelf)
        case .traffic: return TrafficSection(input, charts: &shelf) ?? EmptySection()
        case .rootCause: return RootCauseSection(input, pages: pages, charts: &shelf)
        case .drillDown:
            // All traffic as one segment: no level to drill into (the template says so).
            guard results.dataset.enrichment != .none else { return EmptySection() }
            return DrillDownSection(input, charts: &shelf) ?? EmptySection()
        case .funnel: return FunnelSection(results, charts: &shelf) ?? EmptySection()
        case .detector: return DetectorSection(input, charts: &shelf) ?? EmptySection()
        case .validation: return ValidationSection(input, pages: pages, charts: &shelf)
        case .scorecard: return ScorecardSection(input, pages: pages, charts: &shelf)
        case .methods: return MethodsSection(results)
        case .quality: return QualitySection(input)
        }
    }

    /// Rows a table of segments or values shows on the page; results.json holds them all.
    static let pageRows = 30
    /// Characters of a name a table or chart label shows; the full name is the link's
    /// title and the segment page's heading.
    static let nameLimit = 48

    /// The page of one segment: its model, with its charts on the shelf.
    mutating func segmentPage(_ pattern: SegmentPattern) -> SegmentContext? {
        guard let detail = input.detail(of: pattern), let slug = pages.slug(of: pattern) else { return nil }
        let page = SegmentPage(detail, slug: slug, results: input.results, pages: pages, charts: &shelf)
        return SegmentContext(slug: slug, page: SectionContext(section: page, common: common), title: pattern.displayName)
    }
}

/// A segment page's context, and where it goes.
struct SegmentContext {
    var slug: String
    var page: SectionContext
    var title: String
}
