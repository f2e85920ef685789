import Mustache

/// What a section template sees: its own model first, then the facts every section shares.
/// Both are typed (`Encodable` structs, read by their property names), never dictionaries.
struct SectionContext: MustacheParent {
    let section: any SectionModel
    let common: CommonFacts

    func child(named name: String) -> Any? {
        Self.value(named: name, in: section) ?? Self.value(named: name, in: common)
    }

    /// A stored property by name (nil when absent or an empty optional), looking inside
    /// the properties that are `SharedFacts` too.
    static func value(named name: String, in object: Any) -> Any? {
        let children = Mirror(reflecting: object).children
        if let value = children.first(where: { $0.label == name }).flatMap({ unwrapped($0.value) }) { return value }
        for child in children {
            if let facts = unwrapped(child.value) as? SharedFacts, let value = value(named: name, in: facts) { return value }
        }
        return nil
    }

    private static func unwrapped(_ value: Any) -> Any? {
        let optional = Mirror(reflecting: value)
        guard optional.displayStyle == .optional else { return value }
        return optional.children.first?.value
    }
}

/// Facts several sections show alike (the detection timing), whose properties a template
/// reads as the section's own.
protocol SharedFacts: Encodable {}

/// A section's model: every value the template shows, numbers already formatted
/// (`ReportFormat`), data strings raw (the template engine escapes them where they land).
protocol SectionModel: Encodable {}
