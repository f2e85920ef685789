import ClickstreamCore

/// The device → OS → browser distributions that enrichment draws from (SPEC section 2),
/// with the conversion rate the generator gives each segment.
///
/// Probabilities are integers out of 10,000 so that a draw is pure integer arithmetic.
/// Only plausible pairs exist: no Safari outside Apple systems, no Edge outside Windows,
/// no iOS on a desktop. The resulting browser marginals are Chrome 51.4 %, Safari 39.9 %,
/// Edge 4.6 %, Firefox 4.2 %; 85 % of mobile iOS traffic is Safari.
public enum SegmentCatalog {
    /// One catalogued segment.
    public struct Entry: Sendable {
        public let segment: Segment
        /// Probability of a visitor having this segment, out of 10,000 × 10,000 × 10,000.
        public let weight: Int
        /// Transactions per view that the generator aims for in this segment.
        public let conversionRate: Double
    }

    struct Branch {
        let name: String
        let share: Int
    }

    static let devices = [Branch(name: "Desktop", share: 4000), Branch(name: "Mobile", share: 5000),
                          Branch(name: "Tablet", share: 1000)]

    static let systems: [String: [Branch]] = [
        "Desktop": [Branch(name: "Windows", share: 6000), Branch(name: "macOS", share: 3000),
                    Branch(name: "Linux", share: 1000)],
        "Mobile": [Branch(name: "iOS", share: 6200), Branch(name: "Android", share: 3800)],
        "Tablet": [Branch(name: "iOS", share: 7000), Branch(name: "Android", share: 3000)],
    ]

    /// Browser shares and target conversion per (device, os).
    static let browsers: [String: [(Branch, Double)]] = [
        "Desktop/Windows": [(Branch(name: "Chrome", share: 7300), 0.0100),
                            (Branch(name: "Edge", share: 1900), 0.0090),
                            (Branch(name: "Firefox", share: 800), 0.0080)],
        "Desktop/macOS": [(Branch(name: "Safari", share: 6000), 0.0120),
                          (Branch(name: "Chrome", share: 3500), 0.0110),
                          (Branch(name: "Firefox", share: 500), 0.0090)],
        "Desktop/Linux": [(Branch(name: "Chrome", share: 7500), 0.0070),
                          (Branch(name: "Firefox", share: 2500), 0.0060)],
        "Mobile/iOS": [(Branch(name: "Safari", share: 8500), 0.0078),
                       (Branch(name: "Chrome", share: 1500), 0.0065)],
        "Mobile/Android": [(Branch(name: "Chrome", share: 9600), 0.0055),
                           (Branch(name: "Firefox", share: 400), 0.0050)],
        "Tablet/iOS": [(Branch(name: "Safari", share: 9000), 0.0095),
                       (Branch(name: "Chrome", share: 1000), 0.0085)],
        "Tablet/Android": [(Branch(name: "Chrome", share: 9700), 0.0060),
                           (Branch(name: "Firefox", share: 300), 0.0050)],
    ]

    /// Every catalogued segment, in draw order (device, then OS, then browser as listed).
    public static let entries: [Entry] = {
        var entries: [Entry] = []
        for device in devices {
            for os in systems[device.name] ?? [] {
                for (browser, conversion) in browsers["\(device.name)/\(os.name)"] ?? [] {
                    entries.append(Entry(
                        segment: Segment(browser: browser.name, os: os.name, device: device.name),
                        weight: device.share * os.share * browser.share,
                        conversionRate: conversion))
                }
            }
        }
        return entries
    }()

    /// Index of a segment in `entries`, if catalogued.
    public static func index(of segment: Segment) -> Int? {
        entries.firstIndex { $0.segment == segment }
    }
}
