import ClickstreamCore

/// A tick: a data value and its label.
struct Tick {
    var value: Double
    var label: String
}

/// Maps a numeric domain to pixels. A zero-width domain is widened so it still maps.
struct LinearScale {
    var domain: ClosedRange<Double>
    var range: ClosedRange<Double>
    /// Map the domain's low end to the range's high end (for y axes).
    var flipped = false

    init(domain: ClosedRange<Double>, range: ClosedRange<Double>, flipped: Bool = false) {
        var domain = domain
        if domain.lowerBound == domain.upperBound {
            let pad = domain.lowerBound == 0 ? 1 : abs(domain.lowerBound) * 0.1
            domain = (domain.lowerBound - pad)...(domain.upperBound + pad)
        }
        self.domain = domain
        self.range = range
        self.flipped = flipped
    }

    func callAsFunction(_ value: Double) -> Double {
        let t = (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        let u = flipped ? 1 - t : t
        return range.lowerBound + u * (range.upperBound - range.lowerBound)
    }

    /// "Nice" ticks (1, 2, 5 × 10ⁿ) covering the domain, about `count` of them.
    func ticks(count: Int = 5, label: (Double) -> String) -> [Tick] {
        let step = Self.niceStep(span: domain.upperBound - domain.lowerBound, count: count)
        let first = (domain.lowerBound / step).rounded(.up) * step
        var ticks: [Tick] = []
        var value = first
        while value <= domain.upperBound + step * 1e-9 && ticks.count < 50 {
            ticks.append(Tick(value: abs(value) < step * 1e-9 ? 0 : value, label: label(abs(value) < step * 1e-9 ? 0 : value)))
            value += step
        }
        return ticks
    }

    /// The domain widened outward to nice tick values.
    func nice(count: Int = 5) -> LinearScale {
        let step = Self.niceStep(span: domain.upperBound - domain.lowerBound, count: count)
        let low = (domain.lowerBound / step).rounded(.down) * step
        let high = (domain.upperBound / step).rounded(.up) * step
        return LinearScale(domain: low...high, range: range, flipped: flipped)
    }

    static func niceStep(span: Double, count: Int) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(count, 1))
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        // The step of 1, 2, 5 or 10 × 10ⁿ closest (in ratio) to the raw step, as d3 picks it.
        let residual = raw / magnitude
        let factor: Double = residual >= 50.0.squareRoot() ? 10 : residual >= 10.0.squareRoot() ? 5 : residual >= 2.0.squareRoot() ? 2 : 1
        return factor * magnitude
    }
}

/// Maps days to the centre of their slot across a pixel range.
package struct DayScale {
    var first: Day
    var last: Day
    var range: ClosedRange<Double>

    var dayCount: Int { first.distance(to: last) + 1 }
    var slot: Double { (range.upperBound - range.lowerBound) / Double(max(dayCount, 1)) }

    func callAsFunction(_ day: Day) -> Double { range.lowerBound + (Double(first.distance(to: day)) + 0.5) * slot }
    /// The left edge of a day's slot.
    func start(_ day: Day) -> Double { range.lowerBound + Double(first.distance(to: day)) * slot }

    /// Ticks on Mondays (weekly) or on the 1st of months, whichever gives at most `maximum`.
    func ticks(maximum: Int = 8) -> [Day] {
        let days = (0..<dayCount).map { first.advanced(by: $0) }
        let mondays = days.filter { $0.weekday == 0 }
        if mondays.count <= maximum { return mondays.isEmpty ? [first] : mondays }
        let months = days.filter { $0.components.day == 1 }
        if months.count <= maximum && !months.isEmpty { return months }
        let every = max(1, days.count / maximum)
        return stride(from: 0, to: days.count, by: every).map { days[$0] }
    }

    package static func label(_ day: Day) -> String {
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let c = day.components
        return "\(names[c.month - 1]) \(c.day)"
    }
}

/// Evenly spaced bands for categories.
struct BandScale {
    var count: Int
    var range: ClosedRange<Double>
    var padding = 0.2

    var step: Double { (range.upperBound - range.lowerBound) / Double(max(count, 1)) }
    var bandwidth: Double { step * (1 - padding) }
    func start(_ index: Int) -> Double { range.lowerBound + Double(index) * step + step * padding / 2 }
}
