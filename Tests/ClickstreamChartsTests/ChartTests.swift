@testable import ClickstreamAnalysis
@testable import ClickstreamCharts
@testable import ClickstreamCore
import Foundation
import FoundationXML
import ClickstreamTestSupport
import Testing

/// Every chart type parses as XML, including the edge cases, and escapes what it shows.
struct ChartTests {
    func parses(_ svg: String) -> Bool { XMLParser(data: Data(svg.utf8)).parse() }

    static let first = Day(iso: "2015-06-01")!

    func run(_ views: [Int], _ transactions: [Int], segment: Segment = FiveDayCube.b) -> DetectorRun {
        var cells: [DailyCube.Cell] = []
        for (index, (v, t)) in zip(views, transactions).enumerated() where v + t > 0 {
            cells.append(DailyCube.Cell(day: Self.first.advanced(by: index), segment: 0, views: v, addtocarts: 0, transactions: t))
        }
        let cube = DailyCube(segments: [segment], cells: cells)
        guard let data = DailySeries(cube: cube) else {
            return DetectorRun(segment: segment, data: DailySeries(cube: DailyCube(segments: [segment], cells: [
                DailyCube.Cell(day: Self.first, segment: 0, views: 1, addtocarts: 0, transactions: 0)]))!, settings: AnalysisSettings())
        }
        return DetectorRun(segment: segment, data: data, settings: AnalysisSettings())
    }

    @Test func everyChartTypeIsValidXMLOnOrdinaryData() {
        let data = FiveDayCube.data
        let periods = FiveDayCube.periods
        let drill = DrillDown(data: data, periods: periods, settings: FiveDayCube.settings)
        let charts = [
            TrafficChart.draw(days: data.days, events: data.total.events, comparison: TrafficVariance(data: data, periods: periods).events, periods: periods),
            ZScoreChart.draw(id: "z", title: "z", values: drill.device),
            FunnelChart.draw(funnel: Funnel(segment: FiveDayCube.b, data: data, periods: periods)),
            DetectorChart.draw(id: "d", title: "d", run: run(Array(repeating: 1000, count: 40), Array(repeating: 10, count: 36) + [0, 0, 0, 0])),
        ] + DetectorChart.smallMultiples([run([100, 200], [1, 2]), run([300], [3])])
        for chart in charts {
            #expect(parses(chart.svg(standalone: true, stylesheet: "svg { fill: red; } ]]> <x>")), "\(chart.id)")
            #expect(parses("<div>" + chart.svg(standalone: false) + "</div>"), "\(chart.id)")
            #expect(chart.svg(standalone: false).contains("<title id=\"\(chart.id)-title\">"))
            #expect(!chart.svg(standalone: true).contains("NaN") && !chart.svg(standalone: true).contains("inf"))
        }
    }

    /// Degenerate inputs draw what they are, not a broken chart. The plot area runs from
    /// y = 16 (top) to 240 (traffic) or 260 (detector), x from 64 to 744.
    @Test func edgeCasesDrawWhatTheDataIs() {
        let one = Periods(first: Self.first, last: Self.first, recentDays: 14)
        let empty = PeriodComparison(series: [0], periods: one, in: DailySeries(cube: DailyCube(segments: [FiveDayCube.b], cells: [
            DailyCube.Cell(day: Self.first, segment: 0, views: 1, addtocarts: 0, transactions: 0)]))!)
        func count(_ text: String, in body: String) -> Int { body.components(separatedBy: text).count - 1 }

        // No days: the note and nothing else.
        let none = TrafficChart.draw(days: [], events: [], comparison: empty, periods: one)
        #expect(none.body.contains(">No data</text>") && !none.body.contains("series-line"))

        // One day of 5 events: one point, at the top of a 0…5 axis, under its date.
        let singleChart = TrafficChart.draw(days: [Self.first], events: [5], comparison: empty, periods: one)
        let single = singleChart.body
        #expect(count("class=\"series-point\"", in: single) == 1)
        #expect(single.contains("<circle cx=\"404.00\" cy=\"16.00\""))
        #expect(single.contains(">5</text>") && single.contains(">Jun 1</text>"))

        // Two equal days: a flat line along the top of a 0…7 axis (a zero-height domain
        // would have divided by zero).
        let flatChart = TrafficChart.draw(days: [Self.first, Self.first.advanced(by: 1)], events: [7, 7], comparison: empty, periods: one)
        let flat = flatChart.body
        #expect(flat.contains("<path d=\"M234.00 16.00 L574.00 16.00\" class=\"series-line\"/>"))
        #expect(flat.contains(">7</text>"))

        // No dimension values: the axis with its note, no bars.
        let noValuesChart = ZScoreChart.draw(id: "z0", title: "none", values: [])
        let noValues = noValuesChart.body
        #expect(noValues.contains(">No values</text>") && !noValues.contains("<rect"))

        // Zero conversion on three days without a baseline: three markers on the zero line,
        // each marked INSUFFICIENT_DATA, and no ±kσ band.
        let zeroChart = DetectorChart.draw(id: "flat", title: "flat", run: run([1000, 1000, 1000], [0, 0, 0]))
        let zero = zeroChart.body
        #expect(count("class=\"marker status-insufficient-data\"", in: zero) == 3)
        #expect(zero.contains("<path d=\"M177.33 260.00 L404.00 260.00 L630.67 260.00\" class=\"series-line\"/>"))
        #expect(!zero.contains("class=\"band\""))

        // Days without events are outside the series: only 2015-06-03 is drawn.
        let lateChart = DetectorChart.draw(id: "nodata", title: "no views", run: run([0, 0, 5], [0, 0, 0]))
        let late = lateChart.body
        #expect(count("<circle", in: late) == 1 && late.contains("<title>2015-06-03: 0.00 %, INSUFFICIENT_DATA</title>"))

        for chart in [none, singleChart, flatChart, noValuesChart, zeroChart, lateChart] {
            #expect(parses(chart.svg(standalone: true)), "\(chart.id)")
        }
    }

    @Test func hostileNamesAreEscapedInSVG() {
        let hostile = Segment(browser: "<script>alert(1)</script>", os: "Fire\"fox & <b>", device: "x'y\u{7}")
        let chart = DetectorChart.draw(id: "h", title: "Timeline of \(hostile)", run: run([100, 100], [1, 1], segment: hostile))
        let svg = chart.svg(standalone: true)
        #expect(parses(svg))
        #expect(!svg.contains("<script>") && !svg.contains("<b>") && !svg.contains("\u{7}"))
        #expect(svg.contains("&lt;script&gt;") && svg.contains("Fire&quot;fox &amp; &lt;b&gt;"))
    }

    /// The 1, 2, 5 × 10ⁿ step closest in ratio to span/count (thresholds √2, √10, √50):
    /// 100/5 = 20 → 20; 0.012/5 = 0.0024 → 2.4 ≥ √2 → 0.002; 7/5 = 1.4 < √2 → 1;
    /// 40/5 = 8 ≥ √50 → 10.
    @Test func niceTicks() {
        #expect(LinearScale.niceStep(span: 100, count: 5) == 20)
        #expect(abs(LinearScale.niceStep(span: 0.012, count: 5) - 0.002) < 1e-15)
        #expect(LinearScale.niceStep(span: 7, count: 5) == 1)
        #expect(LinearScale.niceStep(span: 40, count: 5) == 10)
        let ticks = LinearScale(domain: 0...95, range: 0...100).nice().ticks { String($0) }
        #expect(ticks.map(\.value) == [0, 20, 40, 60, 80, 100])
        let flat = LinearScale(domain: 5...5, range: 0...100)
        #expect(flat.domain.lowerBound < 5 && flat.domain.upperBound > 5)
    }
}
