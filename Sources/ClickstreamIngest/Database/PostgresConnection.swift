import CLibPQ
import Foundation
import ClickstreamCore

/// A connection to a PostgreSQL server through libpq: connect, run a statement with its
/// values passed as parameters (never spliced into the text), and stream the rows of a
/// result one at a time (libpq's single-row mode), so a large result never sits in memory
/// whole. Errors name the host and port and say what failed.
package final class PostgresConnection {
    private let connection: OpaquePointer
    package let place: String

    /// Connects to `url`'s server and database; the password comes from the URL, else
    /// from `PGPASSWORD` or `~/.pgpass` (libpq reads them). `timeout` bounds the connect
    /// and every statement, in seconds.
    package init(_ url: DatabaseURL, timeout: Int) throws(ClickstreamError) {
        place = "\(url.host):\(url.port)"
        var settings: [(String, String)] = [
            ("host", url.host), ("port", String(url.port)), ("dbname", url.database), ("user", url.user ?? ""),
            ("connect_timeout", String(max(timeout, 2))), ("application_name", "clickstream"),
            ("options", "-c statement_timeout=\(timeout * 1000)"),
        ]
        if let password = url.password { settings.append(("password", password)) }
        let keywords = settings.map { strdup($0.0) }
        let values = settings.map { strdup($0.1) }
        defer { (keywords + values).forEach { free($0) } }
        let connected: OpaquePointer? = (keywords.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { k in
            (values.map { UnsafePointer($0) } + [nil]).withUnsafeBufferPointer { v in
                PQconnectdbParams(k.baseAddress, v.baseAddress, 0)
            }
        }
        guard let connected else { throw ClickstreamError(stage: "ingest", path: place, message: "postgresql: out of memory") }
        connection = connected
        guard PQstatus(connection) == CONNECTION_OK else {
            // Once every stored property is set, a failing init still runs deinit, which closes it.
            let message = Self.text(PQerrorMessage(connection))
            throw ClickstreamError(stage: "ingest", path: "postgresql://\(place)", message: "cannot connect: \(message)")
        }
    }

    deinit { PQfinish(connection) }

    /// The server's version, as `SHOW server_version` says it (`15.20 (Debian …)`).
    package var serverVersion: String { String(cString: PQparameterStatus(connection, "server_version")) }

    static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer).trimmingTrailingNewlines()
    }

    /// Runs `sql` with `parameters` ($1, $2, …; nil is NULL) and calls `row` with each
    /// row's fields as text (nil for NULL), as they arrive.
    package func query(_ sql: String, _ parameters: [String?],
                       row: ([String?]) throws(ClickstreamError) -> Void) throws(ClickstreamError) {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let sent = copies.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
            PQsendQueryParams(connection, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
        }
        guard sent == 1 else { throw failure("the query could not be sent: " + Self.text(PQerrorMessage(connection))) }
        PQsetSingleRowMode(connection)
        var problem: ClickstreamError?
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                guard problem == nil else { continue }
                let count = PQnfields(result)
                var fields: [String?] = []
                fields.reserveCapacity(Int(count))
                for i in 0..<count {
                    fields.append(PQgetisnull(result, 0, i) == 1 ? nil : String(cString: PQgetvalue(result, 0, i)))
                }
                do { try row(fields) } catch { problem = error }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                continue
            default:
                if problem == nil { problem = failure("the query failed: " + Self.text(PQresultErrorMessage(result))) }
            }
        }
        if let problem { throw problem }
    }

    /// Runs statements that return no rows (setting up tables in tests and benchmarks).
    package func execute(_ sql: String) throws(ClickstreamError) {
        guard let result = PQexec(connection, sql) else { throw failure("out of memory") }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw failure(Self.text(PQresultErrorMessage(result)))
        }
    }

    /// Sends `data` to a `COPY … FROM STDIN` statement (loading tables in tests).
    package func copy(_ sql: String, data: [UInt8]) throws(ClickstreamError) {
        guard let start = PQexec(connection, sql) else { throw failure("out of memory") }
        let status = PQresultStatus(start)
        PQclear(start)
        guard status == PGRES_COPY_IN else { throw failure("COPY did not start: " + Self.text(PQerrorMessage(connection))) }
        let sent = data.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32(buffer.count)) }
        }
        guard sent == 1, PQputCopyEnd(connection, nil) == 1 else { throw failure("COPY failed: " + Self.text(PQerrorMessage(connection))) }
        var problem: ClickstreamError?
        while let result = PQgetResult(connection) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, problem == nil {
                problem = failure("COPY failed: " + Self.text(PQresultErrorMessage(result)))
            }
            PQclear(result)
        }
        if let problem { throw problem }
    }

    private func failure(_ message: String) -> ClickstreamError {
        ClickstreamError(stage: "ingest", path: "postgresql://\(place)", message: message)
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last == "\n" || text.last == "\r" { text.removeLast() }
        return text.replacingOccurrences(of: "\n", with: " ")
    }
}
