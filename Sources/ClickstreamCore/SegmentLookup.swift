/// Checks a segment named on the command line against the segments the data holds, so a
/// typo is an error with the closest names instead of an analysis of nothing.
public enum SegmentLookup {
    /// nil when `segment` is one of `segments` (exactly, case included); otherwise what is
    /// wrong, with the closest existing names.
    public static func problem(with segment: Segment, in segments: [Segment]) -> String? {
        if segments.contains(segment) { return nil }
        let text = segment.slashSeparated.lowercased()
        if let sameLetters = segments.first(where: { $0.slashSeparated.lowercased() == text }) {
            return "the data holds no segment \(segment) (names match exactly, case included); did you mean \(sameLetters)?"
        }
        return "the data holds no segment \(segment)" + suggestion(closest(to: segment, in: segments))
    }

    /// Up to three segments nearest to `segment` by edit distance, ignoring case, nearest first
    /// (ties in segment order).
    static func closest(to segment: Segment, in segments: [Segment]) -> [Segment] {
        let target = Array(segment.slashSeparated.lowercased().utf8)
        let scored = segments.map { ($0, editDistance(target, Array($0.slashSeparated.lowercased().utf8))) }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(3).map(\.0)
    }

    private static func suggestion(_ segments: [Segment]) -> String {
        segments.isEmpty ? " (the data holds no segments)" : "; did you mean " + segments.map(\.description).joined(separator: ", or ") + "?"
    }

    /// Levenshtein distance between two byte strings.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
