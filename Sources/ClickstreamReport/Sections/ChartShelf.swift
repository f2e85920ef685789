import ClickstreamCharts

/// The charts the sections place, in the order they were placed: each becomes an SVG file
/// and a figure where its marker stands.
struct ChartShelf {
    private(set) var charts: [Chart] = []

    /// Keeps the chart and returns the marker a template puts where it goes.
    mutating func place(_ chart: Chart) -> String {
        charts.append(chart)
        return MarkdownContentType.chartMarker(chart.id)
    }
}
