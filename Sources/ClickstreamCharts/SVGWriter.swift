import ClickstreamCore

/// Builds SVG text. The one place chart text is escaped and numbers are printed (two
/// decimals, no exponent), which is what makes charts valid XML and byte-identical.
package struct SVGWriter {
    private(set) var text = ""

    /// Escapes `& < > " '` and drops C0 controls, which XML 1.0 forbids.
    package static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xE000 || (0xFFFE...0xFFFF).contains(scalar.value) {
                    continue
                }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A coordinate or length: two decimals, finite (non-finite values print as 0).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let text = Format.fixed(value, decimals: 2)
        return text == "-0.00" ? "0.00" : text
    }

    mutating func raw(_ fragment: String) { text += fragment }

    /// `<name a="v" …>` with escaped attribute values; `content` is escaped text, `children` raw SVG.
    mutating func element(_ name: String, _ attributes: [(String, String)], content: String? = nil) {
        text += "<" + name
        for (key, value) in attributes { text += " \(key)=\"\(Self.escape(value))\"" }
        if let content {
            text += ">" + Self.escape(content) + "</\(name)>\n"
        } else {
            text += "/>\n"
        }
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += "<" + name
        for (key, value) in attributes { text += " \(key)=\"\(Self.escape(value))\"" }
        text += ">\n"
    }

    mutating func close(_ name: String) { text += "</\(name)>\n" }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ cls: String) {
        element("line", [("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)), ("y2", Self.number(y2)), ("class", cls)])
    }

    mutating func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, _ cls: String) {
        element("rect", [("x", Self.number(x)), ("y", Self.number(y)), ("width", Self.number(max(0, width))),
                         ("height", Self.number(max(0, height))), ("class", cls)])
    }

    mutating func circle(_ x: Double, _ y: Double, _ r: Double, _ cls: String, title: String? = nil) {
        let attributes = [("cx", Self.number(x)), ("cy", Self.number(y)), ("r", Self.number(r)), ("class", cls)]
        if let title {
            open("circle", attributes)
            element("title", [], content: title)
            close("circle")
        } else {
            element("circle", attributes)
        }
    }

    mutating func text(_ x: Double, _ y: Double, _ value: String, _ cls: String, anchor: String = "start") {
        element("text", [("x", Self.number(x)), ("y", Self.number(y)), ("class", cls), ("text-anchor", anchor)], content: value)
    }

    /// A polyline through points; nil points break it into several.
    mutating func path(_ points: [(Double, Double)?], _ cls: String) {
        var d = ""
        var pen = false
        for point in points {
            guard let (x, y) = point else {
                pen = false
                continue
            }
            d += (pen ? " L" : (d.isEmpty ? "M" : " M")) + Self.number(x) + " " + Self.number(y)
            pen = true
        }
        guard !d.isEmpty else { return }
        element("path", [("d", d), ("class", cls)])
    }

    /// A closed area between an upper and a lower edge, one polygon per unbroken run.
    mutating func band(_ points: [(x: Double, low: Double, high: Double)?], _ cls: String) {
        var runs: [[(x: Double, low: Double, high: Double)]] = [[]]
        for point in points {
            if let point { runs[runs.count - 1].append(point) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        for run in runs where !run.isEmpty {
            let edge = run.map { "\(Self.number($0.x)) \(Self.number($0.high))" } + run.reversed().map { "\(Self.number($0.x)) \(Self.number($0.low))" }
            element("path", [("d", "M" + edge.joined(separator: " L") + " Z"), ("class", cls)])
        }
    }
}
