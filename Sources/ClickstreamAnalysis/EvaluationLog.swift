import ClickstreamCore
import Synchronization

/// Every input the detector evaluated while a test watched (`Detector.evaluationLog`).
package final class EvaluationLog: Sendable {
    /// One evaluation's input: the series and the settings the detector reads.
    package struct Entry: Hashable, Sendable {
        package var views: [Int]
        package var transactions: [Int]
        package var first: Day
        package var parameters: Detector.Parameters
    }

    private let entries = Mutex<[Entry]>([])

    package init() {}

    func record(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    /// Every evaluation, in order.
    package var all: [Entry] { entries.withLock { $0 } }
}
