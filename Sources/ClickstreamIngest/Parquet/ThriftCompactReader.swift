/// Reads Thrift's compact protocol, the encoding of a Parquet file's footer and page
/// headers: structs as a sequence of (field id, type) headers and values, integers as
/// zig-zag varints, strings and binaries with a varint length, lists with a size.
///
/// Every read is bounds-checked against the buffer, nesting is limited, and a list may not
/// claim more elements than it has bytes left, so a corrupt footer is an error at a byte
/// offset, never a crash, a hang or a huge allocation.
struct ThriftCompactReader {
    /// Compact-protocol type ids of a field or list element.
    enum Kind: UInt8 {
        case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6, double = 7
        case binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    let bytes: UnsafeRawBufferPointer
    /// Position of `bytes[0]` in the file, for messages.
    let origin: Int
    private(set) var position = 0
    private var depth = 0

    init(_ bytes: UnsafeRawBufferPointer, origin: Int) {
        self.bytes = bytes
        self.origin = origin
    }

    /// A fault at the current position.
    func fault(_ message: String) -> ParquetFault { ParquetFault(offset: origin + position, message: message) }

    mutating func byte() throws(ParquetFault) -> UInt8 {
        guard position < bytes.count else { throw fault("metadata ends inside a value (truncated footer or page header)") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws(ParquetFault) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw fault("varint longer than 10 bytes") }
        }
    }

    mutating func integer() throws(ParquetFault) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func int32() throws(ParquetFault) -> Int32 {
        let value = try integer()
        guard let narrow = Int32(exactly: value) else { throw fault("i32 value \(value) out of range") }
        return narrow
    }

    /// A binary or string value's bytes, still inside the buffer.
    mutating func binary() throws(ParquetFault) -> UnsafeRawBufferPointer {
        let length = try varint()
        guard length <= UInt64(bytes.count - position) else {
            throw fault("a string of \(length) bytes runs past the end of the metadata")
        }
        defer { position += Int(length) }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + Int(length))])
    }

    mutating func string() throws(ParquetFault) -> String {
        String(decoding: try binary(), as: UTF8.self)
    }

    /// Reads a struct's fields, calling `field` with each id and type; the callee reads the
    /// value or calls `skip`. Stops at the struct's STOP byte.
    mutating func readStruct(_ field: (inout ThriftCompactReader, Int16, Kind) throws(ParquetFault) -> Void) throws(ParquetFault) {
        depth += 1
        guard depth <= 32 else { throw fault("metadata nested more than 32 levels deep") }
        defer { depth -= 1 }
        var lastID: Int16 = 0
        while true {
            let header = try byte()
            guard let kind = Kind(rawValue: header & 0x0F) else { throw fault("unknown Thrift type \(header & 0x0F)") }
            if kind == .stop { return }
            let delta = Int16(header >> 4)
            let id = delta == 0 ? Int16(truncatingIfNeeded: try integer()) : lastID &+ delta
            lastID = id
            try field(&self, id, kind)
        }
    }

    /// A list's element type and size; the caller reads that many elements.
    mutating func listHeader() throws(ParquetFault) -> (kind: Kind, count: Int) {
        let header = try byte()
        guard let kind = Kind(rawValue: header & 0x0F) else { throw fault("unknown Thrift list element type \(header & 0x0F)") }
        var count = UInt64(header >> 4)
        if count == 15 { count = try varint() }
        // Every element but a boolean takes at least one byte.
        guard count <= UInt64(bytes.count - position) else { throw fault("a list of \(count) elements runs past the end of the metadata") }
        return (kind, Int(count))
    }

    /// A list of elements read by `element`.
    mutating func list<T>(_ element: (inout ThriftCompactReader, Kind) throws(ParquetFault) -> T) throws(ParquetFault) -> [T] {
        let (kind, count) = try listHeader()
        var result: [T] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(try element(&self, kind)) }
        return result
    }

    /// A boolean field's value (in a struct the type carries it).
    func bool(_ kind: Kind) -> Bool { kind == .boolTrue }

    /// Skips a value of the given type.
    mutating func skip(_ kind: Kind) throws(ParquetFault) {
        switch kind {
        case .stop, .boolTrue, .boolFalse: return
        case .byte: _ = try byte()
        case .i16, .i32, .i64: _ = try varint()
        case .double:
            guard bytes.count - position >= 8 else { throw fault("metadata ends inside a double") }
            position += 8
        case .binary: _ = try binary()
        case .list, .set:
            let (element, count) = try listHeader()
            try nested { (reader) throws(ParquetFault) in
                for _ in 0..<count {
                    // Booleans in a list are one byte each.
                    if element == .boolTrue || element == .boolFalse { _ = try reader.byte() } else { try reader.skip(element) }
                }
            }
        case .map:
            let count = try varint()
            guard count <= UInt64(bytes.count - position) else { throw fault("a map of \(count) entries runs past the end of the metadata") }
            guard count > 0 else { return }
            let types = try byte()
            guard let key = Kind(rawValue: types >> 4), let value = Kind(rawValue: types & 0x0F) else { throw fault("unknown Thrift map types") }
            try nested { (reader) throws(ParquetFault) in
                for _ in 0..<count {
                    try reader.skip(key)
                    try reader.skip(value)
                }
            }
        case .structure:
            try readStruct { (reader, _, kind) throws(ParquetFault) in try reader.skip(kind) }
        }
    }

    /// Runs `body` one nesting level deeper (bounded like structs).
    private mutating func nested(_ body: (inout ThriftCompactReader) throws(ParquetFault) -> Void) throws(ParquetFault) {
        depth += 1
        guard depth <= 32 else { throw fault("metadata nested more than 32 levels deep") }
        defer { depth -= 1 }
        try body(&self)
    }
}

/// Something wrong in a Parquet file, at a byte offset (the source adds the path).
struct ParquetFault: Error {
    var offset: Int
    var message: String
}
