/// The three kinds of clickstream event in the Retail Rocket layout.
///
/// The raw value is the word written in the `event` column; matching is case-sensitive
/// (SPEC section 1), so `View` is a rejected row, not a view.
public enum EventType: String, CaseIterable, Codable, Sendable, Comparable {
    case view
    case addtocart
    case transaction

    /// Position in a cube cell's counts (view 0, addtocart 1, transaction 2).
    @inlinable public var index: Int {
        switch self {
        case .view: 0
        case .addtocart: 1
        case .transaction: 2
        }
    }

    public static func < (lhs: EventType, rhs: EventType) -> Bool { lhs.index < rhs.index }
}
