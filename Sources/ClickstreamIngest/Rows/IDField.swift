/// The slow path of reading a visitor, item or transaction id that is not a plain
/// non-negative integer (`NumberParsing.integer` reads those): an integer written as a
/// decimal with a zero fraction (`16633.0`, as pandas writes an integer column with gaps)
/// is that integer; where ids may be text, any other value stands for itself, by a 63-bit
/// hash of its bytes. Ids only tell rows apart (and pick a raw file's synthetic segment),
/// so a hash serves as well as the text.
package enum IDField {
    package enum Reading: Equatable {
        /// An integer written as `16633.0`.
        case decimal(Int64)
        /// Any other text, by its hash (never negative).
        case text(Int64)
        case invalid
    }

    /// What a reader returns for an id it rejects (no id is negative, -1 is "none").
    package static let rejected = Int64.min

    /// How `field` reads when it is not a plain integer.
    @inline(never)
    package static func read(_ field: UnsafeRawBufferPointer, textAllowed: Bool) -> Reading {
        if let value = decimal(field) { return .decimal(value) }
        return textAllowed && !field.isEmpty ? .text(hash(field)) : .invalid
    }

    /// The integer of `digits.0…0` (at least one zero after the point), or nil.
    static func decimal(_ field: UnsafeRawBufferPointer) -> Int64? {
        guard let point = field.firstIndex(of: 0x2E), point > 0, point < field.count - 1,
              field[(point + 1)...].allSatisfy({ $0 == 0x30 }) else { return nil }
        let digits = UnsafeRawBufferPointer(rebasing: field[..<point])
        // The digits sit inside the field, so the 8 bytes the parser reads past them are readable.
        let parsed = NumberParsing.integer(digits, allowSign: false)
        return parsed.isValid ? parsed.value : nil
    }

    /// A 63-bit hash of the bytes, the same on every machine (words read little-endian).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> Int64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(truncatingIfNeeded: bytes.count) &* k
        var offset = 0
        while offset + 8 <= bytes.count {
            h = (h ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))) &* k
            h ^= h >> 29
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        h = (h ^ tail ^ 0xFF) &* k
        h ^= h >> 32
        return Int64(bitPattern: h & UInt64(Int64.max))
    }
}
