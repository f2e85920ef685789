import ClickstreamCore

/// Builds a Kafka request body: big-endian integers, strings with an int16 length,
/// byte blocks with an int32 length, arrays with an int32 count (the protocol's classic,
/// non-flexible encoding, which the versions used here all have).
package struct KafkaWriter {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package mutating func int8(_ value: Int8) { bytes.append(UInt8(bitPattern: value)) }
    package mutating func int16(_ value: Int16) { integer(UInt16(bitPattern: value)) }
    package mutating func int32(_ value: Int32) { integer(UInt32(bitPattern: value)) }
    package mutating func int64(_ value: Int64) { integer(UInt64(bitPattern: value)) }
    package mutating func uint32(_ value: UInt32) { integer(value) }

    private mutating func integer<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// A string (nil: length -1, null).
    package mutating func string(_ value: String?) {
        guard let value else { return int16(-1) }
        let utf8 = Array(value.utf8)
        int16(Int16(truncatingIfNeeded: utf8.count))
        bytes += utf8
    }

    /// A block of bytes with an int32 length (nil: -1, null).
    package mutating func block(_ value: [UInt8]?) {
        guard let value else { return int32(-1) }
        int32(Int32(truncatingIfNeeded: value.count))
        bytes += value
    }

    /// An array: its count, then each element.
    package mutating func array<T>(_ elements: [T], _ write: (inout KafkaWriter, T) -> Void) {
        int32(Int32(truncatingIfNeeded: elements.count))
        for element in elements { write(&self, element) }
    }

    /// A zigzag varint (record fields).
    package mutating func varint(_ value: Int64) {
        var zigzag = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while zigzag >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: zigzag) | 0x80)
            zigzag >>= 7
        }
        bytes.append(UInt8(zigzag))
    }

    package mutating func append(_ other: [UInt8]) { bytes += other }

    /// Overwrites 4 bytes at `offset` with a big-endian value (a length or CRC known last).
    package mutating func patch(_ value: UInt32, at offset: Int) {
        withUnsafeBytes(of: value.bigEndian) { for (i, byte) in $0.enumerated() { bytes[offset + i] = byte } }
    }
}

/// Reads a Kafka response, every read checked against the bytes there are: a response
/// that ends early or claims more than it holds is an error naming where it came from,
/// never a crash.
package struct KafkaReader {
    let bytes: UnsafeRawBufferPointer
    package private(set) var position = 0
    /// What the bytes are, for errors (`host:port Fetch response`).
    let what: String

    package init(_ bytes: UnsafeRawBufferPointer, what: String) {
        self.bytes = bytes
        self.what = what
    }

    package var remaining: Int { bytes.count - position }

    package func malformed(_ detail: String) -> ClickstreamError {
        ClickstreamError(stage: "ingest", path: what, message: "malformed answer at byte \(position): \(detail)")
    }

    private mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(ClickstreamError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw malformed("ends inside a \(size * 8)-bit number") }
        let value = T(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
        position += size
        return value
    }

    package mutating func int8() throws(ClickstreamError) -> Int8 { try integer(Int8.self) }
    package mutating func int16() throws(ClickstreamError) -> Int16 { try integer(Int16.self) }
    package mutating func int32() throws(ClickstreamError) -> Int32 { try integer(Int32.self) }
    package mutating func int64() throws(ClickstreamError) -> Int64 { try integer(Int64.self) }
    package mutating func uint32() throws(ClickstreamError) -> UInt32 { try integer(UInt32.self) }

    /// `count` bytes as a slice of the response.
    package mutating func slice(_ count: Int) throws(ClickstreamError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else { throw malformed("claims \(count) bytes, \(remaining) are left") }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<position + count])
    }

    package mutating func string() throws(ClickstreamError) -> String? {
        let length = Int(try int16())
        guard length >= 0 else { return nil }
        return String(decoding: try slice(length), as: UTF8.self)
    }

    /// A block with an int32 length (nil when null).
    package mutating func block() throws(ClickstreamError) -> UnsafeRawBufferPointer? {
        let length = Int(try int32())
        guard length >= 0 else { return nil }
        return try slice(length)
    }

    /// An array's count, checked against the bytes left (each element takes at least `least`).
    package mutating func count(least: Int = 1) throws(ClickstreamError) -> Int {
        let count = Int(try int32())
        guard count >= -1, count <= remaining / max(least, 1) else { throw malformed("an array of \(count) elements") }
        return max(count, 0)
    }

    /// A zigzag varint of at most 10 bytes.
    package mutating func varint() throws(ClickstreamError) -> Int64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard remaining > 0 else { throw malformed("ends inside a varint") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw malformed("a varint longer than 10 bytes") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    package mutating func skip(_ count: Int) throws(ClickstreamError) { _ = try slice(count) }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body that throws `ClickstreamError` (the standard one's
    /// rethrows loses the error's type).
    package func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(ClickstreamError) -> R) throws(ClickstreamError) -> R {
        let outcome: Result<R, ClickstreamError> = withUnsafeBytes { bytes in
            do throws(ClickstreamError) { return .success(try body(bytes)) } catch { return .failure(error) }
        }
        return try outcome.get()
    }
}
