/// The one error type users see: what went wrong, where (file, line, column) and, when a
/// pipeline step threw it, which step.
///
/// Its description is the one-line form editors and CI logs understand:
/// `events.csv:12:5: timestamp: expected an integer, found "abc"`.
public struct ClickstreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pipeline step that failed (`ingest`, `generate`, `inject`, …), when known.
    public var stage: String?
    public var path: String?
    public var line: Int?
    public var column: Int?
    public var message: String
    /// True when the user asked for something that cannot be (a misspelt setting, a
    /// segment the data does not hold): the command line exits 64, not 1.
    public var isUsage: Bool

    public init(stage: String? = nil, path: String? = nil, line: Int? = nil, column: Int? = nil,
                isUsage: Bool = false, message: String) {
        self.stage = stage
        self.path = path
        self.line = line
        self.column = column
        self.isUsage = isUsage
        self.message = message
    }

    /// A file-system failure on `path`.
    public static func io(path: String, message: String) -> ClickstreamError {
        ClickstreamError(path: path, message: message)
    }

    /// The same error, tagged with the step that threw it (an existing tag is kept).
    public func inStage(_ name: String) -> ClickstreamError {
        var copy = self
        if copy.stage == nil { copy.stage = name }
        return copy
    }

    public var description: String {
        var location = ""
        if let path {
            location = path
            if let line {
                location += ":\(line)"
                if let column { location += ":\(column)" }
            }
            location += ": "
        }
        return location + message
    }
}
