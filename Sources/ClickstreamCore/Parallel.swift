import Dispatch
import Synchronization

/// Work spread over every core, with results in input order whatever the scheduling (so
/// what is built from them stays deterministic).
package enum Parallel {
    /// `transform` over every element.
    package static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let results = Mutex<[R?]>(Array(repeating: nil, count: items.count))
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            let value = transform(items[index])
            results.withLock { $0[index] = value }
        }
        // concurrentPerform returns once every iteration has stored its value.
        return results.withLock { $0.map { $0! } }
    }

    /// `transform` over every element; every element runs, and the first failure in input
    /// order is the one thrown.
    package static func map<T: Sendable, R: Sendable>(_ items: [T],
                                              _ transform: @Sendable (T) throws(ClickstreamError) -> R) throws(ClickstreamError) -> [R] {
        let outcomes = map(items) { item in Result { () throws(ClickstreamError) in try transform(item) } }
        return try outcomes.map { (outcome) throws(ClickstreamError) in try outcome.get() }
    }
}
