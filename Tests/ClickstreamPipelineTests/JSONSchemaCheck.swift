import Foundation

/// A JSON document as a value, decoded strictly (a number never reads as a boolean).
indirect enum JSONValue: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }
}

/// Checks a document against the part of JSON Schema `docs/results.schema.json` uses: `type`,
/// `enum`, `properties`, `required`, `additionalProperties`, `minProperties`, `items`,
/// `anyOf` and local `$ref`s. Returns every violation with its path.
struct JSONSchemaCheck {
    let root: JSONValue

    func violations(of value: JSONValue) -> [String] { check(value, against: root, at: "$") }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String) -> [String] {
        guard case .object(let s) = schema else { return [] }
        if case .string(let ref)? = s["$ref"] { return check(value, against: resolve(ref), at: path) }
        if case .array(let options)? = s["anyOf"] {
            let results = options.map { check(value, against: $0, at: path) }
            return results.contains { $0.isEmpty } ? [] : ["\(path): matches none of anyOf (\(results.flatMap { $0 }.joined(separator: "; ")))"]
        }
        var problems: [String] = []
        if let type = s["type"] {
            let allowed: [String]
            switch type {
            case .string(let one): allowed = [one]
            case .array(let many): allowed = many.compactMap { if case .string(let t) = $0 { t } else { nil } }
            default: allowed = []
            }
            if !allowed.contains(where: { Self.value(value, is: $0) }) { return ["\(path): expected \(allowed.joined(separator: " or "))"] }
        }
        if case .array(let options)? = s["enum"], !options.contains(value) { problems.append("\(path): \(value) is not one of the allowed values") }
        switch value {
        case .object(let object):
            let properties: [String: JSONValue]
            if case .object(let p)? = s["properties"] { properties = p } else { properties = [:] }
            if case .array(let required)? = s["required"] {
                for case .string(let key) in required where object[key] == nil { problems.append("\(path): missing \(key)") }
            }
            if case .number(let minimum)? = s["minProperties"], Double(object.count) < minimum { problems.append("\(path): too few keys") }
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                if let schema = properties[key] {
                    problems += check(child, against: schema, at: "\(path).\(key)")
                } else if let extra = s["additionalProperties"] {
                    if extra == .bool(false) { problems.append("\(path): unexpected key \(key)") }
                    else { problems += check(child, against: extra, at: "\(path).\(key)") }
                }
            }
        case .array(let items):
            if let schema = s["items"] {
                for (index, item) in items.enumerated() { problems += check(item, against: schema, at: "\(path)[\(index)]") }
            }
        default:
            break
        }
        return problems
    }

    private func resolve(_ ref: String) -> JSONValue {
        var node = root
        for part in ref.dropFirst(2).split(separator: "/") {
            guard case .object(let object) = node, let next = object[String(part)] else { return .null }
            node = next
        }
        return node
    }

    private static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (value, type) {
        case (.null, "null"), (.bool, "boolean"), (.number, "number"), (.string, "string"), (.array, "array"), (.object, "object"): true
        case (.number(let n), "integer"): n == n.rounded()
        default: false
        }
    }
}
