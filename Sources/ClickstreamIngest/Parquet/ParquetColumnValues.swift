/// One column's values in one row group, as read from its pages: for each row the index
/// of its value (in `numbers` or `text`), or -1 for null. Dictionary-encoded pages keep
/// the dictionary once and point rows at it, so a value is converted once per distinct
/// entry, not once per row.
struct ParquetColumnValues {
    /// Each row's value index; -1 is null.
    var rows: [Int32] = []
    /// INT32 (sign-extended) and INT64 as they are, INT96 as epoch milliseconds, FLOAT and
    /// DOUBLE as the bit pattern of a Double.
    var numbers: [Int64] = []
    /// BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY values.
    let text = ByteArrayTable()

    /// Empties the values for the next column chunk, keeping the memory.
    mutating func removeAll() {
        rows.removeAll(keepingCapacity: true)
        numbers.removeAll(keepingCapacity: true)
        text.removeAll()
    }
}

/// Byte strings stored end to end in one buffer, with the end of each. A class: the row
/// loop reads values through pointers into the buffer, which stay valid until the next
/// `append` or `removeAll` (the column reader refills it only after the row group's rows
/// are done). The buffer always has 8 readable bytes past the last value, as the integer
/// parser needs (`NumberParsing.integer`).
final class ByteArrayTable {
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    private var used = 0
    private(set) var ends: [Int] = []

    init() {
        capacity = 64
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity + 8, alignment: 8)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: capacity + 8)
    }

    deinit { storage.deallocate() }

    var count: Int { ends.count }

    private func reserve(_ extra: Int) {
        guard used + extra > capacity else { return }
        var next = capacity
        while used + extra > next { next *= 2 }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: next + 8, alignment: 8)
        grown.initializeMemory(as: UInt8.self, repeating: 0, count: next + 8)
        grown.copyMemory(from: storage, byteCount: used)
        storage.deallocate()
        storage = grown
        capacity = next
    }

    func append(_ value: UnsafeRawBufferPointer) {
        reserve(value.count)
        if let base = value.baseAddress, !value.isEmpty { (storage + used).copyMemory(from: base, byteCount: value.count) }
        used += value.count
        (storage + used).storeBytes(of: 0, as: UInt64.self)
        ends.append(used)
    }

    /// A value made of the first `prefix` bytes of value `previous`, then `suffix` (DELTA_BYTE_ARRAY).
    func append(prefixOf previous: Int, length prefix: Int, suffix: UnsafeRawBufferPointer) {
        reserve(prefix + suffix.count)
        let start = previous == 0 ? 0 : ends[previous - 1]
        (storage + used).copyMemory(from: storage + start, byteCount: prefix)
        if let base = suffix.baseAddress, !suffix.isEmpty { (storage + used + prefix).copyMemory(from: base, byteCount: suffix.count) }
        used += prefix + suffix.count
        (storage + used).storeBytes(of: 0, as: UInt64.self)
        ends.append(used)
    }

    func length(_ index: Int) -> Int { ends[index] - (index == 0 ? 0 : ends[index - 1]) }

    /// Value `index`'s bytes (valid until the table changes).
    @inline(__always)
    subscript(_ index: Int) -> UnsafeRawBufferPointer {
        let start = index == 0 ? 0 : ends[index &- 1]
        return UnsafeRawBufferPointer(start: storage + start, count: ends[index] &- start)
    }

    func removeAll() {
        used = 0
        ends.removeAll(keepingCapacity: true)
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body with a typed error.
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withUnsafeBytes { bytes in Result { () throws(E) -> R in try body(bytes) } }.get()
    }

    /// `withUnsafeMutableBytes` for a body with a typed error.
    mutating func withMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withUnsafeMutableBytes { bytes in Result { () throws(E) -> R in try body(bytes) } }.get()
    }
}

extension Array where Element == UInt32 {
    /// `withUnsafeMutableBufferPointer` for a body with a typed error.
    mutating func withMutablePointer<R, E: Error>(_ body: (UnsafeMutablePointer<UInt32>) throws(E) -> R) throws(E) -> R {
        try withUnsafeMutableBufferPointer { buffer in Result { () throws(E) -> R in try body(buffer.baseAddress!) } }.get()
    }
}
