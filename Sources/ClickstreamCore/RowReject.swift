/// Why a row was rejected (SPEC section 1, CHECKS bad-input matrix).
public enum RejectReason: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable, Comparable {
    case fieldCount = "field count"
    case timestamp
    case visitorID = "visitorid"
    case itemID = "itemid"
    case transactionID = "transactionid"
    /// A transaction's revenue that is no amount (`RevenueAmount`).
    case revenue
    case event
    case emptySegmentField = "empty segment field"
    case invalidUTF8 = "invalid UTF-8"
    case controlCharacter = "control character"
    case quoting
    case lineTooLong = "line too long"
    case tooManySegments = "too many segments"
    /// A stream message that is no JSON object (or has no value).
    case badMessage = "bad message"

    public static func < (lhs: RejectReason, rhs: RejectReason) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One rejected row: where it is, why, and the start of what it said.
public struct RowReject: Codable, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based physical line where the record starts (or where its bad quote opened).
    public var line: Int
    /// 1-based byte column within the record where the problem is.
    public var column: Int
    public var reason: RejectReason
    /// What was expected and what was found.
    public var message: String
    /// The record's first bytes, made printable (invalid bytes and controls as `\xNN`).
    public var excerpt: String

    public init(file: String, line: Int, column: Int, reason: RejectReason, message: String, excerpt: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
        self.message = message
        self.excerpt = excerpt
    }

    /// `file:line:column: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }

    /// The same reject as a user-facing error (for `--strict`).
    public var error: ClickstreamError {
        ClickstreamError(stage: "ingest", path: file, line: line, column: column, message: message)
    }
}
