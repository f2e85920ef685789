/// Turns a message holding one JSON object into a CSV record of the keys the analysis
/// reads, so the CSV reader's rules judge it exactly as they judge a file's row: a string's
/// escapes are decoded, a number, `true` or `false` is its text, `null` or a missing key is
/// an empty field, a nested object or array is its JSON text (which no rule accepts). Keys
/// are matched as a CSV header's names are, ignoring ASCII case; the first of a repeated
/// key counts; other keys are skipped. Byte-level, one pass over the message. Hot path.
struct JSONMessageFields {
    /// The keys, in the order of the CSV header written for them, lowercased.
    let keys: [[UInt8]]
    private var found: [Range<Int>?]
    private var scratch: [UInt8] = []

    init(keys: [String]) {
        self.keys = keys.map { Array($0.lowercased().utf8) }
        found = Array(repeating: nil, count: keys.count)
        scratch.reserveCapacity(256)
    }

    /// Why a message is not a JSON object, with the byte (1-based) where it goes wrong.
    struct Problem: Error {
        var byte: Int
        var expected: String
    }

    /// Appends the message's record (fields and a line feed) to `line`, or says why it is
    /// not a JSON object (nothing is appended then).
    mutating func append(_ message: UnsafeRawBufferPointer, to line: inout [UInt8]) -> Problem? {
        for index in found.indices { found[index] = nil }
        scratch.removeAll(keepingCapacity: true)
        var p = skipSpace(message, 0)
        guard p < message.count, message[p] == UInt8(ascii: "{") else { return Problem(byte: p + 1, expected: "a JSON object ({)") }
        p = skipSpace(message, p + 1)
        if p < message.count, message[p] == UInt8(ascii: "}") {
            p += 1
        } else {
            while true {
                guard p < message.count, message[p] == UInt8(ascii: "\"") else { return Problem(byte: p + 1, expected: "a key in quotes") }
                let keyStart = scratch.count
                guard let afterKey = string(message, p, into: &scratch) else { return Problem(byte: p + 1, expected: "a closed string") }
                let key = keyStart..<scratch.count
                p = skipSpace(message, afterKey)
                guard p < message.count, message[p] == UInt8(ascii: ":") else { return Problem(byte: p + 1, expected: ":") }
                p = skipSpace(message, p + 1)
                let target = slot(of: key)
                scratch.removeSubrange(key)
                let valueStart = scratch.count
                guard let afterValue = value(message, p, keep: target != nil) else { return Problem(byte: p + 1, expected: "a JSON value") }
                if let target, found[target] == nil { found[target] = valueStart..<scratch.count } else { scratch.removeSubrange(valueStart...) }
                p = skipSpace(message, afterValue)
                guard p < message.count else { return Problem(byte: p + 1, expected: ", or }") }
                if message[p] == UInt8(ascii: "}") { p += 1; break }
                guard message[p] == UInt8(ascii: ",") else { return Problem(byte: p + 1, expected: ", or }") }
                p = skipSpace(message, p + 1)
            }
        }
        guard skipSpace(message, p) == message.count else { return Problem(byte: p + 1, expected: "nothing after the object") }
        for (index, range) in found.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            if let range { Self.csvField(scratch[range], into: &line) }
        }
        line.append(0x0A)
        return nil
    }

    /// The key's place among `keys`, ignoring ASCII case.
    private func slot(of key: Range<Int>) -> Int? {
        keys.firstIndex { name in
            name.count == key.count && zip(name, scratch[key]).allSatisfy { $0 == ($1 >= 0x41 && $1 <= 0x5A ? $1 | 0x20 : $1) }
        }
    }

    private func skipSpace(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var p = start
        while p < bytes.count, bytes[p] == 0x20 || bytes[p] == 0x09 || bytes[p] == 0x0A || bytes[p] == 0x0D { p += 1 }
        return p
    }

    /// A JSON value at `p`: its text kept in `scratch` when `keep` (a string decoded, null
    /// as nothing, anything else as written); returns where it ends, or nil.
    private mutating func value(_ bytes: UnsafeRawBufferPointer, _ p: Int, keep: Bool) -> Int? {
        guard p < bytes.count else { return nil }
        switch bytes[p] {
        case UInt8(ascii: "\""):
            if keep { return string(bytes, p, into: &scratch) }
            var ignored: [UInt8] = []
            return string(bytes, p, into: &ignored, decode: false)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard let end = nested(bytes, p) else { return nil }
            if keep { scratch.append(contentsOf: bytes[p..<end]) }
            return end
        case UInt8(ascii: "n"):
            return literal(bytes, p, "null") ? p + 4 : nil
        default:
            var end = p
            while end < bytes.count, !(bytes[end] == UInt8(ascii: ",") || bytes[end] == UInt8(ascii: "}") || bytes[end] == UInt8(ascii: "]")
                                       || bytes[end] == 0x20 || bytes[end] == 0x09 || bytes[end] == 0x0A || bytes[end] == 0x0D) { end += 1 }
            guard end > p else { return nil }
            let text = UnsafeRawBufferPointer(rebasing: bytes[p..<end])
            guard Self.isNumber(text) || literal(bytes, p, "true") && end == p + 4 || literal(bytes, p, "false") && end == p + 5 else { return nil }
            if keep { scratch.append(contentsOf: text) }
            return end
        }
    }

    private func literal(_ bytes: UnsafeRawBufferPointer, _ p: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard bytes.count - p >= count else { return false }
        return (0..<count).allSatisfy { bytes[p + $0] == word.utf8Start[$0] }
    }

    /// JSON's number grammar: -? digits (. digits)? ([eE] [+-]? digits)?
    static func isNumber(_ text: UnsafeRawBufferPointer) -> Bool {
        var p = 0
        func digits() -> Bool {
            let start = p
            while p < text.count, text[p] >= 0x30, text[p] <= 0x39 { p += 1 }
            return p > start
        }
        if p < text.count, text[p] == UInt8(ascii: "-") { p += 1 }
        guard digits() else { return false }
        if p < text.count, text[p] == UInt8(ascii: ".") { p += 1; guard digits() else { return false } }
        if p < text.count, text[p] | 0x20 == UInt8(ascii: "e") {
            p += 1
            if p < text.count, text[p] == UInt8(ascii: "+") || text[p] == UInt8(ascii: "-") { p += 1 }
            guard digits() else { return false }
        }
        return p == text.count
    }

    /// The end of a nested object or array at `p` (strings inside may hold brackets).
    private func nested(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        var depth = 0, p = start
        while p < bytes.count {
            switch bytes[p] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                guard depth <= 64 else { return nil }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return p + 1 }
            case UInt8(ascii: "\""):
                var ignored: [UInt8] = []
                guard let end = string(bytes, p, into: &ignored, decode: false) else { return nil }
                p = end
                continue
            default: break
            }
            p += 1
        }
        return nil
    }

    /// A string at `p` (its opening quote), decoded into `out`; returns the byte after its
    /// closing quote, or nil when it is not closed or an escape is bad.
    private func string(_ bytes: UnsafeRawBufferPointer, _ start: Int, into out: inout [UInt8], decode: Bool = true) -> Int? {
        var p = start + 1
        while p < bytes.count {
            let byte = bytes[p]
            if byte == UInt8(ascii: "\"") { return p + 1 }
            if byte != UInt8(ascii: "\\") {
                if decode { out.append(byte) }
                p += 1
                continue
            }
            guard p + 1 < bytes.count else { return nil }
            let escaped = bytes[p + 1]
            p += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): if decode { out.append(escaped) }
            case UInt8(ascii: "b"): if decode { out.append(0x08) }
            case UInt8(ascii: "f"): if decode { out.append(0x0C) }
            case UInt8(ascii: "n"): if decode { out.append(0x0A) }
            case UInt8(ascii: "r"): if decode { out.append(0x0D) }
            case UInt8(ascii: "t"): if decode { out.append(0x09) }
            case UInt8(ascii: "u"):
                guard var scalar = hex4(bytes, p) else { return nil }
                p += 4
                if (0xD800..<0xDC00).contains(scalar), bytes.count - p >= 6, bytes[p] == UInt8(ascii: "\\"), bytes[p + 1] == UInt8(ascii: "u"),
                   let low = hex4(bytes, p + 2), (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    p += 6
                }
                // A lone surrogate is no character: it becomes bytes that are not UTF-8,
                // which the dimension rules reject as invalid UTF-8.
                if decode { Self.utf8(scalar, into: &out) }
            default:
                return nil
            }
        }
        return nil
    }

    private func hex4(_ bytes: UnsafeRawBufferPointer, _ p: Int) -> UInt32? {
        guard bytes.count - p >= 4 else { return nil }
        var value: UInt32 = 0
        for i in 0..<4 {
            let c = bytes[p + i]
            let digit: UInt8
            switch c {
            case 0x30...0x39: digit = c - 0x30
            case 0x41...0x46: digit = c - 0x41 + 10
            case 0x61...0x66: digit = c - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    private static func utf8(_ scalar: UInt32, into out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80: out.append(UInt8(scalar))
        case 0x80..<0x800: out += [UInt8(0xC0 | scalar >> 6), UInt8(0x80 | scalar & 0x3F)]
        case 0x800..<0x10000: out += [UInt8(0xE0 | scalar >> 12), UInt8(0x80 | (scalar >> 6) & 0x3F), UInt8(0x80 | scalar & 0x3F)]
        default:
            out += [UInt8(0xF0 | scalar >> 18), UInt8(0x80 | (scalar >> 12) & 0x3F), UInt8(0x80 | (scalar >> 6) & 0x3F), UInt8(0x80 | scalar & 0x3F)]
        }
    }

    /// A field as CSV writes it: quoted (quotes doubled) when it holds a comma, quote or
    /// line break.
    static func csvField(_ field: ArraySlice<UInt8>, into line: inout [UInt8]) {
        guard field.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
            line.append(contentsOf: field)
            return
        }
        line.append(UInt8(ascii: "\""))
        for byte in field {
            if byte == UInt8(ascii: "\"") { line.append(byte) }
            line.append(byte)
        }
        line.append(UInt8(ascii: "\""))
    }
}
