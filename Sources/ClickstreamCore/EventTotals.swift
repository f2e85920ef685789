/// Event totals by type.
public struct EventTotals: Codable, Sendable, Equatable {
    public var view = 0
    public var addtocart = 0
    public var transaction = 0

    public init(view: Int = 0, addtocart: Int = 0, transaction: Int = 0) {
        self.view = view
        self.addtocart = addtocart
        self.transaction = transaction
    }

    public var all: Int { view + addtocart + transaction }

    public mutating func add(_ type: EventType, _ count: Int = 1) {
        switch type {
        case .view: view += count
        case .addtocart: addtocart += count
        case .transaction: transaction += count
        }
    }

    public subscript(type: EventType) -> Int {
        switch type {
        case .view: view
        case .addtocart: addtocart
        case .transaction: transaction
        }
    }
}
