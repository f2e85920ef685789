/// Field-level parsing of the numeric and event columns. Hot path: no allocation.
enum NumberParsing {
    /// 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z in epoch milliseconds (SPEC section 1).
    static let earliestTimestamp: Int64 = 946_684_800_000
    static let latestTimestamp: Int64 = 4_102_444_800_000

    struct Parsed {
        var value: Int64
        var isValid: Bool
    }

    /// A decimal integer: digits only (one leading `-` when `allowSign`), fitting Int64.
    @inline(__always)
    static func integer(_ field: UnsafeRawBufferPointer, allowSign: Bool) -> Parsed {
        let invalid = Parsed(value: 0, isValid: false)
        guard var p = field.baseAddress?.assumingMemoryBound(to: UInt8.self), field.count > 0 else { return invalid }
        var n = field.count
        var negative = false
        if allowSign && p[0] == 0x2D {
            negative = true
            p += 1
            n -= 1
            guard n > 0 else { return invalid }
        }
        guard n <= 19 else { return invalid }
        var value: UInt64 = 0
        for i in 0..<n {
            let digit = p[i] &- 0x30
            guard digit < 10 else { return invalid }
            value = value &* 10 &+ UInt64(digit)
        }
        // 19 digits can exceed Int64.max (9,223,372,036,854,775,807) but not wrap UInt64.
        guard value <= UInt64(Int64.max) else { return invalid }
        return Parsed(value: negative ? -Int64(value) : Int64(value), isValid: true)
    }

    /// `EventType.index` of an exact, case-sensitive event word, or -1.
    @inline(__always)
    static func eventIndex(_ field: UnsafeRawBufferPointer) -> Int {
        guard let base = field.baseAddress else { return -1 }
        switch field.count {
        case 4:
            return base.loadUnaligned(as: UInt32.self) == 0x7765_6976 ? 0 : -1  // "view"
        case 9:  // "addtocart"
            return base.loadUnaligned(as: UInt64.self) == 0x7261_636F_7464_6461 && base.load(fromByteOffset: 8, as: UInt8.self) == 0x74 ? 1 : -1
        case 11:  // "transaction"
            return base.loadUnaligned(as: UInt64.self) == 0x7463_6173_6E61_7274
                && base.loadUnaligned(fromByteOffset: 8, as: UInt16.self) == 0x6F69
                && base.load(fromByteOffset: 10, as: UInt8.self) == 0x6E ? 2 : -1
        default:
            return -1
        }
    }
}
