/// A (browser, os, device) triple: the unit the report slices traffic by.
///
/// Written `Safari · iOS · Mobile` in the report, `Safari/iOS/Mobile` on the command
/// line. Ordering is by browser, then OS, then device, so every list of segments the
/// tool prints or stores is in one stable order.
public struct Segment: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var browser: String
    public var os: String
    public var device: String

    public init(browser: String, os: String, device: String) {
        self.browser = browser
        self.os = os
        self.device = device
    }

    /// Parses the command-line form `Browser/OS/Device` (spaces around parts are trimmed).
    public init?(slashSeparated text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.trimming(" ") }
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        self.init(browser: parts[0], os: parts[1], device: parts[2])
    }

    /// `Safari · iOS · Mobile`, the form the report shows.
    public var description: String { "\(browser) · \(os) · \(device)" }

    /// `Safari/iOS/Mobile`, the form the command line takes.
    public var slashSeparated: String { "\(browser)/\(os)/\(device)" }

    public static func < (lhs: Segment, rhs: Segment) -> Bool {
        (lhs.browser, lhs.os, lhs.device) < (rhs.browser, rhs.os, rhs.device)
    }
}

extension StringProtocol {
    /// The text without `character` at either end.
    package func trimming(_ set: Character) -> String {
        var slice = Substring(self)
        while slice.first == set { slice.removeFirst() }
        while slice.last == set { slice.removeLast() }
        return String(slice)
    }
}
