import ClickstreamCore

/// One drawn chart: its SVG body, a title and description for screen readers, and the
/// numbers it shows as a table (the report prints it under the chart).
public struct Chart: Sendable {
    /// File stem of the standalone copy, `charts/<id>.svg`.
    public var id: String
    public var title: String
    public var summary: String
    public var width: Double
    public var height: Double
    /// Inner SVG (no root element).
    var body: String
    public var table: ChartTable
    /// Drawn inside the text only (a sparkline): no figure, no file of its own.
    public var inlineOnly = false
    /// The page a figure's caption links to besides its SVG (a segment's page), if any.
    public var page: String?
    /// Days run left to right, the latest at the right end: where a narrow screen that
    /// shows part of the chart should open it.
    public var isTimeline = false

    /// The SVG root. Inline copies are styled by the page's stylesheet; a standalone file
    /// carries the stylesheet itself, since it is opened on its own.
    public func svg(standalone: Bool, stylesheet: String = "") -> String {
        var out = ""
        if standalone { out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" }
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(inlineOnly ? "spark" : "chart")\" viewBox=\"0 0 \(SVGWriter.number(width)) \(SVGWriter.number(height))\""
        // Inline, ARIA ties the chart to its title and description; a standalone SVG 1.1
        // file names itself by its first <title> and <desc>, and its schema has no ARIA.
        out += standalone ? ">\n" : " role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">\n"
        out += "<title id=\"\(id)-title\">\(SVGWriter.escape(title))</title>\n"
        out += "<desc id=\"\(id)-desc\">\(SVGWriter.escape(summary))</desc>\n"
        if standalone && !stylesheet.isEmpty {
            out += "<style><![CDATA[\n" + stylesheet.replacingOccurrences(of: "]]>", with: "] ]>") + "\n]]></style>\n"
        }
        out += body
        out += "</svg>\n"
        return out
    }
}

/// The numbers behind a chart.
public struct ChartTable: Sendable {
    public var headers: [String]
    public var rows: [[String]]
}

/// Shared frame geometry.
package struct Frame {
    var width = 760.0
    var height = 280.0
    var left = 64.0
    var right = 16.0
    var top = 16.0
    var bottom = 40.0

    var plotX: ClosedRange<Double> { left...(width - right) }
    var plotY: ClosedRange<Double> { top...(height - bottom) }
}

extension SVGWriter {
    /// Horizontal grid lines and left-axis labels for a y scale.
    mutating func yAxis(_ scale: LinearScale, frame: Frame, label: @escaping (Double) -> String) {
        yAxis(scale, frame: frame, labels: { _ in label })
    }

    /// Like `yAxis(_:frame:label:)`, with a label function chosen from the tick step (so
    /// every label of one axis has the same number of decimals).
    mutating func yAxis(_ scale: LinearScale, frame: Frame, labels: (Double) -> (Double) -> String) {
        let step = LinearScale.niceStep(span: scale.domain.upperBound - scale.domain.lowerBound, count: 5)
        let label = labels(step)
        for tick in scale.ticks(label: label) {
            let y = scale(tick.value)
            line(frame.left, y, frame.width - frame.right, y, "grid")
            text(frame.left - 6, y + 4, tick.label, "tick-label", anchor: "end")
        }
    }

    /// Bottom-axis day labels.
    mutating func xAxis(_ scale: DayScale, frame: Frame) {
        line(frame.left, frame.height - frame.bottom, frame.width - frame.right, frame.height - frame.bottom, "axis")
        for day in scale.ticks() {
            let x = scale(day)
            line(x, frame.height - frame.bottom, x, frame.height - frame.bottom + 4, "axis")
            text(x, frame.height - frame.bottom + 16, DayScale.label(day), "tick-label", anchor: "middle")
        }
    }

    /// A legend row of (class, label) swatches at the top right.
    mutating func legend(_ items: [(String, String)], frame: Frame) {
        var x = frame.width - frame.right
        for (cls, label) in items.reversed() {
            let width = Double(label.count) * 7 + 26
            x -= width
            rect(x, frame.top - 12, 12, 8, "swatch " + cls)
            text(x + 16, frame.top - 4, label, "legend")
        }
    }

    /// A centred note for a chart that has nothing to draw.
    mutating func empty(_ message: String, frame: Frame) {
        text(frame.width / 2, frame.height / 2, message, "empty-note", anchor: "middle")
    }
}

/// Value labels shared by the charts: a negative number carries the minus sign (−17.8),
/// as in the report's tables, never a hyphen.
enum ChartLabel {
    static func count(_ value: Double) -> String { minus(Format.thousands(Int(value.rounded()))) }
    /// Percent labels for an axis whose ticks are `step` apart (as fractions).
    static func percent(step: Double) -> (Double) -> String {
        let decimals = step >= 0.01 ? 0 : step >= 0.001 ? 1 : 2
        return { percent($0, decimals: decimals) }
    }
    static func signed(_ value: Double) -> String { (value > 0 ? "+" : "") + fixed(value, decimals: 1) }
    /// `Format.fixed` with the minus sign.
    static func fixed(_ value: Double, decimals: Int) -> String { minus(Format.fixed(value, decimals: decimals)) }
    /// `Format.percent` with the minus sign.
    static func percent(_ fraction: Double, decimals: Int) -> String { minus(Format.percent(fraction, decimals: decimals)) }

    private static func minus(_ text: String) -> String { text.hasPrefix("-") ? "−" + text.dropFirst() : text }
}
