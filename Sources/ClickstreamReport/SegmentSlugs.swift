import ClickstreamAnalysis
import ClickstreamCore

/// The file name of each segment's page, `segments/<slug>.html`: readable ASCII from the
/// values (`safari-ios-mobile`, a wildcard as `all`), then eight hex digits of a hash of
/// the full name, so two names that read alike never share a page. Stable across runs (the
/// hash is FNV-1a, not Swift's seeded hasher); a clash of both parts, however unlikely,
/// gets `-2`, `-3` … in the patterns' order.
enum SegmentSlugs {
    static func assign(_ patterns: [SegmentPattern]) -> [SegmentPattern: String] {
        var slugs: [SegmentPattern: String] = [:], taken: Set<String> = []
        for pattern in patterns.sorted() where slugs[pattern] == nil {
            let base = readable(pattern) + "-" + hash(pattern)
            var slug = base, next = 2
            while taken.contains(slug) {
                slug = "\(base)-\(next)"
                next += 1
            }
            taken.insert(slug)
            slugs[pattern] = slug
        }
        return slugs
    }

    /// Lower-case letters and digits of each value (at most 24), other runs as one hyphen.
    static func readable(_ pattern: SegmentPattern) -> String {
        let parts = pattern.values.reversed().map { value -> String in
            guard let value else { return "all" }
            var out = "", gap = false
            for scalar in value.lowercased().unicodeScalars {
                if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                    if gap, !out.isEmpty { out += "-" }
                    out.unicodeScalars.append(scalar)
                    gap = false
                } else {
                    gap = true
                }
                if out.count >= 24 { break }
            }
            return out.isEmpty ? "x" : out
        }
        return parts.joined(separator: "-")
    }

    /// FNV-1a (64-bit) of the dimension names and values, as eight hex digits.
    static func hash(_ pattern: SegmentPattern) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                h ^= UInt64(byte)
                h = h &* 0x0000_0100_0000_01B3
            }
        }
        for (name, value) in zip(pattern.schema.names, pattern.values) {
            add(name.utf8)
            add([0])
            if let value { add([1]); add(value.utf8) } else { add([2]) }
            add([0])
        }
        let text = String((h >> 32) ^ (h & 0xFFFF_FFFF), radix: 16)
        return String(repeating: "0", count: 8 - text.count) + text
    }
}

/// The segments that get a page (`Analysis.pagePatterns`), in page order, and where each
/// page is.
struct SegmentPageIndex {
    /// The patterns with a page, in the overview's order.
    let patterns: [SegmentPattern]
    private let slugs: [SegmentPattern: String]

    init(_ results: AnalysisResults) {
        patterns = Analysis.pagePatterns(results)
        slugs = SegmentSlugs.assign(patterns)
    }

    func slug(of pattern: SegmentPattern) -> String? { slugs[pattern] }

    /// The page's path from the site's root, or "" when the pattern has none.
    func path(of pattern: SegmentPattern) -> String { slugs[pattern].map { "segments/\($0).html" } ?? "" }
}
