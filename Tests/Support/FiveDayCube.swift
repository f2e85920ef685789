import ClickstreamAnalysis
import ClickstreamCore

/// A hand-built cube of five days for the stage tests (R = 2: days
/// 0–2 normal, 3–4 recent), 100 views per segment per day. Transactions per day:
///
/// | segment                     | normal    | recent |
/// |-----------------------------|-----------|--------|
/// | A Chrome · Android · Mobile | 2, 2, 2   | 2, 2   |
/// | B Safari · iOS · Mobile     | 3, 5, 4   | 1, 1   |
/// | C Chrome · Windows · Desktop| 4, 6, 5   | 5, 5   |
///
/// Mobile = A + B: 5, 7, 6 (mean 6, s 1) → 3, 3: z = −3. Desktop: mean 5, s 1 → 5: z = 0.
/// Inside Mobile, Android has s = 0 (z undefined), iOS: mean 4, s 1 → 1: z = −3.
package enum FiveDayCube {
    package static let a = Segment(browser: "Chrome", os: "Android", device: "Mobile")
    package static let b = Segment(browser: "Safari", os: "iOS", device: "Mobile")
    package static let c = Segment(browser: "Chrome", os: "Windows", device: "Desktop")
    package static let first = Day(iso: "2015-06-01")!

    package static var data: DailySeries {
        let transactions: [[Int]] = [[2, 2, 2, 2, 2], [3, 5, 4, 1, 1], [4, 6, 5, 5, 5]]
        let carts: [[Int]] = [[5, 5, 5, 5, 5], [10, 10, 10, 20, 20], [5, 5, 5, 5, 5]]
        var cells: [DailyCube.Cell] = []
        for segment in 0..<3 {
            for day in 0..<5 {
                cells.append(DailyCube.Cell(day: first.advanced(by: day), segment: segment, views: 100,
                                            addtocarts: carts[segment][day], transactions: transactions[segment][day]))
            }
        }
        return DailySeries(cube: DailyCube(segments: [a, b, c], cells: cells))!
    }

    package static var settings: AnalysisSettings {
        var settings = AnalysisSettings()
        settings.recentDays = 2
        return settings
    }

    package static var periods: Periods { Periods(first: first, last: first.advanced(by: 4), recentDays: 2) }
}
