import ClickstreamCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One TCP connection to a Kafka broker, speaking the protocol's request/response frames:
/// a request is its size, a header (API key, version, correlation id, client id) and its
/// body; the answer is its size, the same correlation id and the body. Blocking, with a
/// time limit on connecting and on every read and write. Errors name the host and port.
package final class KafkaConnection {
    package let place: String
    private let socket: Int32
    private var correlation: Int32 = 0
    /// The largest answer accepted (a Fetch asks for at most a few MiB per partition).
    static let answerLimit = 256 << 20

    package init(host: String, port: Int, timeout: Int) throws(ClickstreamError) {
        place = "\(host.contains(":") ? "[\(host)]" : host):\(port)"
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &found)
        guard status == 0, let first = found else {
            throw ClickstreamError(stage: "ingest", path: "kafka://\(place)", message: "cannot connect: the host is not known (\(String(cString: gai_strerror(status))))")
        }
        defer { freeaddrinfo(found) }
        var problem = "no address"
        var connected: Int32 = -1
        var address: UnsafeMutablePointer<addrinfo>? = first
        while let candidate = address, connected < 0 {
            address = candidate.pointee.ai_next
            let fd = Glibc.socket(candidate.pointee.ai_family, candidate.pointee.ai_socktype, candidate.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            if let reason = Self.connect(fd, candidate.pointee.ai_addr, candidate.pointee.ai_addrlen, timeout: timeout) {
                problem = reason
                close(fd)
            } else {
                connected = fd
            }
        }
        guard connected >= 0 else {
            throw ClickstreamError(stage: "ingest", path: "kafka://\(place)", message: "cannot connect: \(problem)")
        }
        socket = connected
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(socket) }

    /// Connects `fd` within `timeout` seconds; nil, or why not.
    private static func connect(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t, timeout: Int) -> String? {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        if Glibc.connect(fd, address, length) == 0 { return nil }
        guard errno == EINPROGRESS else { return errnoText() }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&poller, 1, Int32(min(timeout, Int(Int32.max / 1000)) * 1000))
        guard ready > 0 else { return ready == 0 ? "no answer within \(timeout) s" : errnoText() }
        var error: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
        return error == 0 ? nil : errnoText(error)
    }

    package func failure(_ message: String) -> ClickstreamError {
        ClickstreamError(stage: "ingest", path: "kafka://\(place)", message: message)
    }

    /// Sends a request and returns the answer's body (after the correlation id).
    package func request(api: Int16, version: Int16, body: [UInt8], name: String) throws(ClickstreamError) -> [UInt8] {
        correlation &+= 1
        var frame = KafkaWriter()
        frame.int32(0)
        frame.int16(api)
        frame.int16(version)
        frame.int32(correlation)
        frame.string("clickstream")
        frame.append(body)
        frame.patch(UInt32(frame.bytes.count - 4), at: 0)
        try write(frame.bytes, name: name)
        let sizeBytes = try read(4, name: name)
        let size = Int(Int32(bigEndian: sizeBytes.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }))
        guard size >= 4, size <= Self.answerLimit else { throw failure("\(name): an answer of \(size) bytes, not a Kafka response") }
        let answer = try read(size, name: name)
        let id = Int32(bigEndian: answer.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })
        guard id == correlation else { throw failure("\(name): the answer is for request \(id), not \(correlation)") }
        return Array(answer[4...])
    }

    private func write(_ bytes: [UInt8], name: String) throws(ClickstreamError) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(socket, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw failure("\(name): the request could not be sent (\(errnoText()))") }
            sent += n
        }
    }

    private func read(_ count: Int, name: String) throws(ClickstreamError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = bytes.withUnsafeMutableBytes { recv(socket, $0.baseAddress! + got, count - got, 0) }
            if n == 0 { throw failure("\(name): the broker closed the connection") }
            guard n > 0 else {
                throw failure(errno == EAGAIN || errno == EWOULDBLOCK ? "\(name): no answer within the time limit (--timeout)" : "\(name): \(errnoText())")
            }
            got += n
        }
        return bytes
    }
}
