import Foundation

/// The printed proof that an injected incident did what it says (SPEC section 3):
/// how many of the segment's transactions in the window were converted, and totals before
/// and after that add up.
public struct IncidentCheck: Codable, Sendable, Equatable {
    public var segment: Segment
    public var firstDay: Day
    public var lastDay: Day
    public var fraction: Double
    /// Transactions of the segment inside the window before injection.
    public var transactionsInWindow: Int
    /// How many of them became `addtocart`.
    public var converted: Int
    public var totalsBefore: EventTotals
    public var totalsAfter: EventTotals

    public init(segment: Segment, firstDay: Day, lastDay: Day, fraction: Double, transactionsInWindow: Int, converted: Int, totalsBefore: EventTotals, totalsAfter: EventTotals) {
        self.segment = segment
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.fraction = fraction
        self.transactionsInWindow = transactionsInWindow
        self.converted = converted
        self.totalsBefore = totalsBefore
        self.totalsAfter = totalsAfter
    }

    /// Share actually converted (nil when the window had no transactions).
    public var realisedFraction: Double? {
        transactionsInWindow == 0 ? nil : Double(converted) / Double(transactionsInWindow)
    }

    /// The arithmetic holds: transactions fell by `converted`, carts rose by it, views unchanged.
    public var addsUp: Bool {
        totalsAfter.transaction == totalsBefore.transaction - converted
            && totalsAfter.addtocart == totalsBefore.addtocart + converted
            && totalsAfter.view == totalsBefore.view
    }

    /// A few lines for the terminal.
    public var summary: String {
        let realised = realisedFraction.map { " (\(Self.percent($0)))" } ?? ""
        return """
            incident: \(segment) from \(firstDay) to \(lastDay), fraction \(Self.percent(fraction))
              transactions in window: \(transactionsInWindow), converted to addtocart: \(converted)\(realised)
              before: \(totalsBefore.view) views, \(totalsBefore.addtocart) addtocart, \(totalsBefore.transaction) transactions
              after:  \(totalsAfter.view) views, \(totalsAfter.addtocart) addtocart, \(totalsAfter.transaction) transactions
              check: \(addsUp ? "totals add up" : "TOTALS DO NOT ADD UP")
            """
    }

    static func percent(_ value: Double) -> String {
        let tenths = Int((value * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10) %"
    }
}
