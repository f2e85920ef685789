import ClickstreamCore
import Foundation

/// The real servers the source tests run against, each named by an environment variable
/// (`.ci/run` starts them and sets it). Tests never reach for a server on a default port:
/// a developer's own database must not get their tables. Unset, the tests say so loudly
/// and pass, unless `CLICKSTREAM_REQUIRE_SERVERS=1` (CI), where that is a failure.
package enum TestServers {
    package static var required: Bool { ProcessInfo.processInfo.environment["CLICKSTREAM_REQUIRE_SERVERS"] == "1" }

    /// The variable's value, or nil after saying which tests are skipped and how to start the server.
    package static func named(_ variable: String, tests: String, start: String) throws -> String? {
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        if required { throw ClickstreamError(message: "\(variable) is not set, and CLICKSTREAM_REQUIRE_SERVERS=1") }
        FileHandle.standardError.write(Data("SKIPPED: the \(tests) tests need a server: export \(variable)=$(\(start))\n".utf8))
        return nil
    }
}
