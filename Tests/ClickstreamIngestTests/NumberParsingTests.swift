@testable import ClickstreamIngest
@testable import ClickstreamReport
import Testing

struct NumberParsingTests {
    func parse(_ text: String, allowSign: Bool = false) -> Int64? {
        var bytes = Array(text.utf8)
        let count = bytes.count
        bytes += Array("9,99999999".utf8)  // what follows a field must not leak into it
        return bytes.withUnsafeBytes { raw in
            let parsed = NumberParsing.integer(UnsafeRawBufferPointer(rebasing: raw.prefix(count)), allowSign: allowSign)
            return parsed.isValid ? parsed.value : nil
        }
    }

    /// Parses the texts in turn with one `LeadingDigits` memo, as the reader does.
    func parseReusing(_ texts: [String]) -> [Int64?] {
        var leading = NumberParsing.LeadingDigits()
        return texts.map { text in
            var bytes = Array(text.utf8)
            let count = bytes.count
            bytes += Array("9,99999999".utf8)
            return bytes.withUnsafeBytes { raw in
                let parsed = NumberParsing.integer(UnsafeRawBufferPointer(rebasing: raw.prefix(count)), reusing: &leading)
                return parsed.isValid ? parsed.value : nil
            }
        }
    }

    @Test func reusedLeadingDigitsGiveTheSameValues() {
        // Same first five digits, then other ones, other lengths, a sign, a bad digit in
        // either part, and 16 digits (never reused).
        let texts = ["1431000000000", "1431000000999", "1531000000000", "143100000000", "-143100000000",
                     "14310x0000000", "1531000000x00", "1531000000001", "1234567890123456", "1234567890123457",
                     "9999999999999999", "17"]
        #expect(parseReusing(texts) == [1_431_000_000_000, 1_431_000_000_999, 1_531_000_000_000, 143_100_000_000,
                                        -143_100_000_000, nil, nil, 1_531_000_000_001, 1_234_567_890_123_456,
                                        1_234_567_890_123_457, 9_999_999_999_999_999, 17])
        #expect(parseReusing(texts) == texts.map { parse($0, allowSign: true) })
    }

    @Test func everyLengthParses() {
        var text = ""
        var expected: Int64 = 0
        for digit in [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9] {
            text += String(digit)
            expected = expected * 10 + Int64(digit)
            #expect(parse(text) == expected, "\(text)")
        }
        #expect(parse("0") == 0)
        #expect(parse("007") == 7)
        #expect(parse("1431000000000") == 1_431_000_000_000)
        #expect(parse("9223372036854775807") == Int64.max)
    }

    @Test func anythingButDigitsIsRejected() {
        for bad in ["", "-", "+1", " 1", "1 ", "1.5", "12a4", "abc", "1e9", "９", "9223372036854775808",
                    "99999999999999999999", "/", ":", "12345678:", "1234567/9"] {
            #expect(parse(bad) == nil, "\(bad)")
        }
        // Every non-digit byte in every position of an 8- and a 13-digit field.
        for length in [8, 13] {
            for position in 0..<length {
                for byte in UInt8(0)...UInt8(255) where !(0x30...0x39).contains(byte) {
                    var bytes = Array(repeating: UInt8(0x35), count: length)
                    bytes[position] = byte
                    bytes += [0x2C, 0, 0, 0, 0, 0, 0, 0, 0]
                    let valid = bytes.withUnsafeBytes {
                        NumberParsing.integer(UnsafeRawBufferPointer(rebasing: $0.prefix(length)), allowSign: false).isValid
                    }
                    #expect(!valid)
                }
            }
        }
    }

    @Test func signOnlyWhereAllowed() {
        #expect(parse("-5", allowSign: true) == -5)
        #expect(parse("-5") == nil)
        #expect(parse("--5", allowSign: true) == nil)
    }

    @Test func eventWordsMatchExactly() {
        func index(_ text: String) -> Int {
            let bytes = Array(text.utf8) + [0x2C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
            return bytes.withUnsafeBytes { RowRules.eventIndex(UnsafeRawBufferPointer(rebasing: $0.prefix(text.utf8.count))) }
        }
        #expect(index("view") == 0)
        #expect(index("addtocart") == 1)
        #expect(index("transaction") == 2)
        for other in ["View", "vieW", "addtocarT", "Addtocart", "transactioN", "transactiom", "", "views", "cart"] {
            #expect(index(other) == -1, "\(other)")
        }
    }
}
