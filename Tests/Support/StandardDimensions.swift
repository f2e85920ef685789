import ClickstreamAnalysis
import ClickstreamCore

// The standard schema's dimensions (device → os → browser) by name, for tests written
// against it.

extension Segment {
    package var device: String { self[dimension: 0] }
    package var os: String { self[dimension: 1] }
    package var browser: String { self[dimension: 2] }
}

extension SegmentPattern {
    package var device: String? { values[0] }
    package var os: String? { values[1] }
    package var browser: String? { values[2] }
}

extension DrillDown {
    package var device: [DimensionValue] { dimensions[0] }
    package var os: [DimensionValue] { dimensions[1] }
    package var browser: [DimensionValue] { dimensions[2] }
}
