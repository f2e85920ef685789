/// Field-level parsing of the numeric and event columns. Hot path: no allocation.
enum NumberParsing {
    /// 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z in epoch milliseconds (SPEC section 1).

    struct Parsed {
        var value: Int64
        var isValid: Bool
    }

    /// A decimal integer: digits only (one leading `-` when `allowSign`), fitting Int64.
    /// Reads whole 8-byte words (8 readable bytes past the field are required).
    @inline(__always)
    static func integer(_ field: UnsafeRawBufferPointer, allowSign: Bool) -> Parsed {
        let invalid = Parsed(value: 0, isValid: false)
        guard var p = field.baseAddress, field.count > 0 else { return invalid }
        var n = field.count
        var negative = false
        if allowSign && p.load(as: UInt8.self) == 0x2D {
            negative = true
            p += 1
            n -= 1
            guard n > 0 else { return invalid }
        }
        let value: UInt64
        if n <= 8 {
            guard let v = eightDigits(p, count: n) else { return invalid }
            value = v
        } else if n <= 16 {
            guard let high = eightDigits(p, count: n - 8), let low = eightDigits(p + (n - 8), count: 8) else { return invalid }
            value = high &* 100_000_000 &+ low
        } else if n <= 19 {
            var v: UInt64 = 0
            for i in 0..<n {
                let digit = p.load(fromByteOffset: i, as: UInt8.self) &- 0x30
                guard digit < 10 else { return invalid }
                v = v &* 10 &+ UInt64(digit)
            }
            // 19 digits can exceed Int64.max (9,223,372,036,854,775,807) but not wrap UInt64.
            guard v <= UInt64(Int64.max) else { return invalid }
            value = v
        } else {
            return invalid
        }
        return Parsed(value: negative ? -Int64(value) : Int64(value), isValid: true)
    }

    /// The leading digits of the last 9–15 digit integer parsed and their value.
    /// Consecutive timestamps share their first five digits (they change once a day), so
    /// the next one only has its last eight to read.
    struct LeadingDigits {
        var word: UInt64 = 0
        var count = 0
        var value: UInt64 = 0
    }

    /// `integer(field, allowSign: true)`, reusing `leading` when the field starts with the
    /// same digits as the last one of its length.
    @inline(__always)
    static func integer(_ field: UnsafeRawBufferPointer, reusing leading: inout LeadingDigits) -> Parsed {
        let n = field.count
        guard n > 8 && n < 16, let p = field.baseAddress else { return signedInteger(field) }
        let count = n &- 8
        let word = p.loadUnaligned(as: UInt64.self) & ((1 &<< (UInt64(count) &* 8)) &- 1)
        guard let low = eightDigits(p + count, count: 8) else { return Parsed(value: 0, isValid: false) }
        if count != leading.count || word != leading.word {
            // A leading `-` fails `eightDigits` and takes the general route.
            guard let high = eightDigits(p, count: count) else { return signedInteger(field) }
            leading = LeadingDigits(word: word, count: count, value: high)
        }
        return Parsed(value: Int64(leading.value &* 100_000_000 &+ low), isValid: true)
    }

    /// `integer(field, allowSign: true)` kept out of line, so the common case above stays small.
    @inline(never)
    static func signedInteger(_ field: UnsafeRawBufferPointer) -> Parsed { integer(field, allowSign: true) }

    /// The value of 1–8 ASCII digits at `p`, or nil when one is not a digit (SWAR: the
    /// digits are checked and combined in a few word operations, no loop).
    @inline(__always)
    static func eightDigits(_ p: UnsafeRawPointer, count n: Int) -> UInt64? {
        let raw = p.loadUnaligned(as: UInt64.self)
        let keep: UInt64 = n >= 8 ? ~0 : (1 &<< (UInt64(n) &* 8)) &- 1
        // A byte is a digit when its high nibble is 3 and its low nibble + 6 stays below 16
        // (no byte can carry into the next: 0x0F + 0x06 < 0x100).
        let high = raw & 0xF0F0_F0F0_F0F0_F0F0 & keep
        let low = raw & 0x0F0F_0F0F_0F0F_0F0F & keep
        guard high == 0x3030_3030_3030_3030 & keep,
              (low &+ (0x0606_0606_0606_0606 & keep)) & 0xF0F0_F0F0_F0F0_F0F0 == 0 else { return nil }
        // Right-align the n digits as the last n of eight (first digit in the lowest byte).
        var v = low &<< (UInt64(8 &- n) &* 8)
        v = (v &* 10) &+ (v >> 8)
        v = (((v & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32)))
            &+ (((v >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32)))) >> 32
        return v
    }
}
