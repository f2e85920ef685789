import CCurl
import ClickstreamCore
import Foundation

/// A client of ClickHouse's HTTP interface through libcurl: each statement is POSTed, its
/// `TabSeparated` answer streamed row by row into the caller as it arrives (only the row
/// being received is buffered). The server is asked to finish the statement before it
/// answers (`wait_end_of_query`), so an error is an HTTP error with ClickHouse's message,
/// never half an answer; `--timeout` bounds the connection and, as `max_execution_time`,
/// the statement. It connects directly (no HTTP proxy) and speaks plain HTTP only. Errors
/// name the host and port and say what failed; the password never appears in them.
package final class ClickHouseConnection {
    private let url: DatabaseURL
    private let timeout: Int
    private let handle: UnsafeMutableRawPointer
    package let place: String

    /// libcurl's global setup, done once before the first handle.
    private static let setUp: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    package init(_ url: DatabaseURL, timeout: Int) throws(ClickstreamError) {
        self.url = url
        self.timeout = max(timeout, 1)
        place = "\(url.host.contains(":") ? "[\(url.host)]" : url.host):\(url.port)"
        guard Self.setUp, let handle = curl_easy_init() else {
            throw ClickstreamError(stage: "ingest", path: "clickhouse://\(place)", message: "libcurl could not start")
        }
        self.handle = handle
    }

    deinit { curl_easy_cleanup(handle) }

    /// The server's version (`SELECT version()`).
    package func serverVersion() throws(ClickstreamError) -> String {
        var version = ""
        try query("SELECT version()") { fields in version = String(decoding: fields.first.flatMap { $0 } ?? [], as: UTF8.self) }
        return version
    }

    /// Runs `sql` (without a FORMAT clause) and calls `row` with each row's fields as bytes
    /// (nil for NULL), as they arrive.
    package func query(_ sql: String, row: ([[UInt8]?]) throws(ClickstreamError) -> Void) throws(ClickstreamError) {
        try withoutActuallyEscaping(row) { (row) throws(ClickstreamError) in
            try perform(Array((sql + "\nFORMAT TabSeparated").utf8), answer: Answer(handle: handle, row: row, place: place))
        }
    }

    /// Runs a statement that returns no rows (setting up tables in tests and benchmarks),
    /// with `data` after it (an INSERT's rows) and `settings` for it (names and values).
    package func execute(_ sql: String, data: [UInt8] = [], settings: [(String, String)] = []) throws(ClickstreamError) {
        try perform(Array(sql.utf8) + (data.isEmpty ? [] : [0x0A] + data), answer: Answer(handle: handle, row: { _ in }, place: place),
                    settings: settings)
    }

    /// What arrives for one statement: rows while the status is 200, the error text otherwise.
    private final class Answer {
        let handle: UnsafeMutableRawPointer
        let row: ([[UInt8]?]) throws(ClickstreamError) -> Void
        let place: String
        var rows = TabSeparatedRows()
        var errorText: [UInt8] = []
        var problem: ClickstreamError?
        lazy var status = clickstream_curl_status(handle)

        init(handle: UnsafeMutableRawPointer, row: @escaping ([[UInt8]?]) throws(ClickstreamError) -> Void, place: String) {
            self.handle = handle
            self.row = row
            self.place = place
        }

        /// Takes one piece of the body; false stops the transfer.
        func take(_ bytes: UnsafeRawBufferPointer) -> Bool {
            guard status == 200 else {
                errorText.append(contentsOf: bytes.prefix(max(0, 4096 - errorText.count)))
                return true
            }
            do {
                try rows.feed(bytes, row: row) {
                    ClickstreamError(stage: "ingest", path: "clickhouse://\(place)", message: "the server's answer has a line over \(TabSeparatedRows.lineLimit >> 20) MiB: not the cube asked for")
                }
                return true
            } catch {
                problem = error
                return false
            }
        }
    }

    private func perform(_ body: [UInt8], answer: Answer, settings: [(String, String)] = []) throws(ClickstreamError) {
        let address = "http://\(place)/?database=\(DatabaseURL.escape(url.database))&wait_end_of_query=1&max_execution_time=\(timeout)"
            + settings.map { "&\(DatabaseURL.escape($0.0))=\(DatabaseURL.escape($0.1))" }.joined()
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        curl_easy_reset(handle)
        var settings: [CURLcode] = [
            clickstream_curl_set_string(handle, CURLOPT_URL, address),
            clickstream_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http"),
            clickstream_curl_set_string(handle, CURLOPT_PROXY, ""),
            clickstream_curl_set_long(handle, CURLOPT_NOSIGNAL, 1),
            clickstream_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT, timeout),
            // The server stops the statement at `timeout`; this stops a server that never answers.
            clickstream_curl_set_long(handle, CURLOPT_TIMEOUT, timeout + 10),
            clickstream_curl_set_write(handle) { data, size, count, context in
                guard let data, let context else { return 0 }
                let answer = Unmanaged<Answer>.fromOpaque(context).takeUnretainedValue()
                return answer.take(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
            },
            clickstream_curl_set_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(answer).toOpaque()),
        ]
        if let user = url.user {
            settings.append(clickstream_curl_set_string(handle, CURLOPT_USERNAME, user))
            settings.append(clickstream_curl_set_string(handle, CURLOPT_PASSWORD, url.password ?? ""))
        }
        guard settings.allSatisfy({ $0 == CURLE_OK }) else { throw failure("libcurl refused a setting") }
        let code = body.withUnsafeBufferPointer { body in
            errorBuffer.withUnsafeMutableBufferPointer { buffer in
                _ = clickstream_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
                _ = clickstream_curl_set_body(handle, UnsafeRawPointer(body.baseAddress!).assumingMemoryBound(to: CChar.self), body.count)
                return curl_easy_perform(handle)
            }
        }
        withExtendedLifetime(answer) {}
        if let problem = answer.problem { throw problem }
        guard code == CURLE_OK else {
            let detail = errorBuffer[0] == 0 ? String(cString: curl_easy_strerror(code)) : String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let connecting = [CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY].contains(code)
            throw failure((connecting ? "cannot connect: " : "no answer to the query: ") + TerminalText.safe(detail))
        }
        guard answer.status == 200 else {
            throw failure("the query failed (HTTP \(answer.status)): " + Self.serverMessage(answer.errorText))
        }
        guard answer.rows.unfinished.isEmpty else {
            throw failure("the server's answer is not the cube asked for (it ends inside a line: \(Self.serverMessage(answer.rows.unfinished)))")
        }
    }

    /// ClickHouse's error text, shortened to its message and made safe for a terminal.
    static func serverMessage(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes.prefix(1000), as: UTF8.self).trimmingTrailingNewlines()
        text = text.replacing(/, e\.displayText\(\) = DB::\w+:/, with: ":").replacing(/, e\.what\(\) = DB::\w+/, with: "")
            .replacing(/[ ]{2,}/, with: " ")
        return TerminalText.safe(text)
    }

    private func failure(_ message: String) -> ClickstreamError {
        ClickstreamError(stage: "ingest", path: "clickhouse://\(place)", message: message)
    }
}
