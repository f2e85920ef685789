import Glibc

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
    var text = ByteArrayTable()

    /// Empties the values for the next column chunk, keeping the memory.
    mutating func removeAll() {
        rows.removeAll(keepingCapacity: true)
        numbers.removeAll(keepingCapacity: true)
        text.removeAll()
    }
}

/// Byte strings stored end to end in one buffer, with the end of each. The buffer is
/// always followed by 8 readable bytes, as the integer parser and the byte-key hash need
/// (`NumberParsing.integer`, `ByteKeyTable`). A value type over a buffer it owns: copies
/// share the buffer, and the row loop reads values through pointers into it, which stay
/// valid until the table it came from changes (the column reader refills its table only
/// after the row group's rows are done).
struct ByteArrayTable {
    /// The buffer, replaced whole when it grows (its fields are constants, so reading them
    /// costs no exclusivity check).
    private final class Buffer {
        let bytes: UnsafeMutableRawPointer
        let capacity: Int

        init(capacity: Int, copying old: Buffer? = nil, count: Int = 0) {
            self.capacity = capacity
            bytes = UnsafeMutableRawPointer.allocate(byteCount: capacity + 8, alignment: 8)
            bytes.initializeMemory(as: UInt8.self, repeating: 0, count: capacity + 8)
            if let old, count > 0 { bytes.copyMemory(from: old.bytes, byteCount: count) }
        }

        deinit { bytes.deallocate() }
    }

    private var buffer = Buffer(capacity: 64)
    private var used = 0
    private(set) var ends: [Int] = []
    /// The values kept by `keepLastUnique`, by their bytes.
    private var unique = ByteKeyTable()
    /// The most distinct values `keepLastUnique` remembers (past it, values are kept as they come).
    static let uniqueLimit = 1 << 16

    var count: Int { ends.count }

    private mutating func reserve(_ extra: Int) {
        guard used + extra > buffer.capacity else { return }
        var next = buffer.capacity
        while used + extra > next { next *= 2 }
        buffer = Buffer(capacity: next, copying: buffer, count: used)
    }

    mutating func append(_ value: UnsafeRawBufferPointer) {
        reserve(value.count)
        let bytes = buffer.bytes
        if let base = value.baseAddress, !value.isEmpty { (bytes + used).copyMemory(from: base, byteCount: value.count) }
        used += value.count
        (bytes + used).storeBytes(of: 0, as: UInt64.self)
        ends.append(used)
    }

    /// A value made of the first `prefix` bytes of value `previous`, then `suffix` (DELTA_BYTE_ARRAY).
    mutating func append(prefixOf previous: Int, length prefix: Int, suffix: UnsafeRawBufferPointer) {
        reserve(prefix + suffix.count)
        let bytes = buffer.bytes
        let start = previous == 0 ? 0 : ends[previous - 1]
        (bytes + used).copyMemory(from: bytes + start, byteCount: prefix)
        if let base = suffix.baseAddress, !suffix.isEmpty { (bytes + used + prefix).copyMemory(from: base, byteCount: suffix.count) }
        used += prefix + suffix.count
        (bytes + used).storeBytes(of: 0, as: UInt64.self)
        ends.append(used)
    }

    /// Appends `value` unless an equal one was kept by `appendUnique` or
    /// `keepLastUnique` before; returns the index of the value kept.
    mutating func appendUnique(_ value: UnsafeRawBufferPointer) -> Int {
        // Most columns that repeat have a few distinct values: a small table by length and
        // first word answers most values before anything is copied or hashed.
        let n = value.count
        var first: UInt64 = 0
        if n >= 8 {
            first = value.loadUnaligned(as: UInt64.self)
        } else {
            for i in 0..<n { first |= UInt64(value[i]) << UInt64(8 * i) }
        }
        let slot = Self.slot(first: first, count: n)
        let candidate = Int(recent[slot])
        if candidate >= 0 && length(candidate) == n && (n == 0 || memcmp(self[candidate].baseAddress!, value.baseAddress!, n) == 0) {
            return candidate
        }
        append(value)
        return keepLastUnique(slot: slot)
    }

    /// Keeps the value just appended unless an equal one was kept before, in which case it
    /// is taken back; returns the index of the value kept.
    mutating func keepLastUnique() -> Int {
        let value = self[ends.count - 1]
        let first = value.isEmpty ? 0 : ByteKeyTable.word(value.baseAddress!, at: 0, count: value.count)
        return keepLastUnique(slot: Self.slot(first: first, count: value.count))
    }

    private mutating func keepLastUnique(slot: Int) -> Int {
        let last = ends.count - 1
        let value = self[last]
        let candidate = Int(recent[slot])
        if candidate >= 0 && candidate < last && length(candidate) == value.count
            && (value.isEmpty || memcmp(self[candidate].baseAddress!, value.baseAddress!, value.count) == 0) {
            return takeBackLast(keeping: candidate)
        }
        let hash = ByteKeyTable.hash(value)
        if let found = unique.find(value, hash: hash) {
            recent[slot] = found
            return takeBackLast(keeping: Int(found))
        }
        if unique.count < Self.uniqueLimit {
            unique.insert(value, hash: hash, payload: Int32(last))
            recent[slot] = Int32(last)
        }
        return last
    }

    /// The `recent` slot of a value by its length and first (up to) 8 bytes.
    @inline(__always)
    private static func slot(first: UInt64, count: Int) -> Int {
        Int(truncatingIfNeeded: ((first ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    /// Removes the last value, equal to value `kept`; returns `kept`.
    private mutating func takeBackLast(keeping kept: Int) -> Int {
        let last = ends.count - 1
        used = last == 0 ? 0 : ends[last - 1]
        ends.removeLast()
        (buffer.bytes + used).storeBytes(of: 0, as: UInt64.self)
        return kept
    }

    /// Index of a recently kept value by a hash of its length and first word (-1: none).
    private var recent = [Int32](repeating: -1, count: 256)

    func length(_ index: Int) -> Int { ends[index] - (index == 0 ? 0 : ends[index - 1]) }

    /// Value `index`'s bytes (valid until the table changes).
    @inline(__always)
    subscript(_ index: Int) -> UnsafeRawBufferPointer {
        let start = index == 0 ? 0 : ends[index &- 1]
        return UnsafeRawBufferPointer(start: buffer.bytes + start, count: ends[index] &- start)
    }

    mutating func removeAll() {
        used = 0
        ends.removeAll(keepingCapacity: true)
        if unique.count > 0 {
            unique = ByteKeyTable()
            for i in recent.indices { recent[i] = -1 }
        }
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
