/// Checks bytes for the text fields that become segment names.
enum TextValidation {
    /// Offset of the first byte that makes `bytes` invalid UTF-8, or `nil` when valid.
    static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int
            let low: UInt8
            let high: UInt8
            switch b0 {
            case 0xC2...0xDF: length = 2; low = 0x80; high = 0xBF
            case 0xE0: length = 3; low = 0xA0; high = 0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3; low = 0x80; high = 0xBF
            case 0xED: length = 3; low = 0x80; high = 0x9F
            case 0xF0: length = 4; low = 0x90; high = 0xBF
            case 0xF1...0xF3: length = 4; low = 0x80; high = 0xBF
            case 0xF4: length = 4; low = 0x80; high = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            guard (low...high).contains(bytes[i + 1]) else { return i }
            for k in 2..<length where !(0x80...0xBF).contains(bytes[i + k]) { return i }
            i += length
        }
        return nil
    }

    /// Offset of the first C0 control byte or DEL, or `nil`.
    static func firstControl(_ bytes: UnsafeRawBufferPointer) -> Int? {
        bytes.firstIndex { $0 < 0x20 || $0 == 0x7F }
    }

    /// The first `limit` bytes made printable for an error message: invalid UTF-8 and
    /// control bytes become `\xNN`, so an excerpt never smuggles raw bytes into a report.
    static func excerpt(_ bytes: UnsafeRawBufferPointer, limit: Int = 80) -> String {
        let cut = UnsafeRawBufferPointer(rebasing: bytes.prefix(limit))
        var text = ""
        var i = 0
        while i < cut.count {
            let rest = UnsafeRawBufferPointer(rebasing: cut[i...])
            let bad = firstInvalidUTF8(rest) ?? rest.count
            let control = firstControl(rest) ?? rest.count
            let good = min(bad, control)
            if good > 0 {
                text += String(decoding: UnsafeRawBufferPointer(rebasing: rest[..<good]), as: UTF8.self)
                i += good
                continue
            }
            let byte = rest[0]
            text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            i += 1
        }
        return bytes.count > limit ? text + "…" : text
    }
}
