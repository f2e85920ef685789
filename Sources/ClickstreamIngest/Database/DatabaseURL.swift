import ClickstreamCore
import Foundation

/// A database input: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE?table=NAME` or
/// `clickhouse://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE?table=NAME`. Percent-escapes are
/// decoded in every part; the password never appears in messages or the provenance
/// (`redacted`).
package struct DatabaseURL: Equatable, Sendable {
    package enum Engine: String, Sendable {
        case postgresql
        case clickhouse

        var defaultPort: Int { self == .postgresql ? 5432 : 8123 }
    }

    package var engine: Engine
    package var user: String?
    package var password: String?
    package var host: String
    package var port: Int
    package var database: String
    package var table: String

    /// The URL as messages and the provenance show it: no password.
    package var redacted: String {
        "\(engine.rawValue)://" + (user.map { Self.escape($0) + "@" } ?? "") + (host.contains(":") ? "[\(host)]" : host)
            + ":\(port)/\(Self.escape(database))?table=\(Self.escape(table))"
    }

    /// Whether an input names a database rather than a file.
    package static func looksLikeURL(_ input: String) -> Bool {
        input.hasPrefix("postgresql://") || input.hasPrefix("postgres://") || input.hasPrefix("clickhouse://")
    }

    package init(_ text: String) throws(ClickstreamError) {
        func fail(_ why: String) -> ClickstreamError {
            ClickstreamError(stage: "ingest", isUsage: true,
                             message: "\(why) in the input URL (expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE?table=NAME or clickhouse://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE?table=NAME)")
        }
        guard let schemeEnd = text.range(of: "://") else { throw fail("no scheme") }
        switch text[..<schemeEnd.lowerBound] {
        case "postgresql", "postgres": engine = .postgresql
        case "clickhouse": engine = .clickhouse
        default: throw fail("an unknown scheme")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw fail("no /DATABASE") }
        var authority = rest[..<slash]
        database = try Self.unescape(rest[rest.index(after: slash)...], fail)
        guard !database.isEmpty, !database.contains("/") else { throw fail("no database name") }
        if let at = authority.lastIndex(of: "@") {
            let credentials = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = try Self.unescape(credentials[..<colon], fail)
                password = try Self.unescape(credentials[credentials.index(after: colon)...], fail)
            } else {
                user = try Self.unescape(credentials, fail)
            }
        }
        if engine == .postgresql && (user ?? "").isEmpty { throw fail("no USER") }
        var portText: Substring = ""
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw fail("an unclosed [ in the host") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            portText = authority[authority.index(after: close)...]
            if portText.hasPrefix(":") { portText = portText.dropFirst() } else if !portText.isEmpty { throw fail("text after the host") }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
        }
        guard !host.isEmpty else { throw fail("no HOST") }
        if portText.isEmpty {
            port = engine.defaultPort
        } else {
            guard let number = Int(portText), number > 0, number < 65536 else { throw fail("a port that is not a number in 1…65535") }
            port = number
        }
        var table: String?
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0]
            let value = parts.count > 1 ? try Self.unescape(parts[1], fail) : ""
            switch key {
            case "table": table = value
            case "where": throw fail("&where= is not offered (--since and --until bound the query)")
            default: throw fail("an unknown parameter \"\(TerminalText.safe(String(key)))\" (only table=)")
            }
        }
        guard let table, !table.isEmpty else { throw fail("no ?table=NAME") }
        self.table = table
    }

    /// Decodes `%XX` escapes (Foundation's, which refuses a bad escape or bytes that are not UTF-8).
    static func unescape(_ text: Substring, _ fail: (String) -> ClickstreamError) throws(ClickstreamError) -> String {
        guard let decoded = String(text).removingPercentEncoding else { throw fail("a bad %-escape (%XX, of UTF-8)") }
        return decoded
    }

    /// What a URL part keeps as it is: RFC 3986's unreserved characters.
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Escapes every other byte as `%XX`.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
