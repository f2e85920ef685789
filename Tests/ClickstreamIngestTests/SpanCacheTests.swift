@testable import ClickstreamIngest
@testable import ClickstreamReport
import Testing

/// The span cache's key: with the length, its three words must tell every span of up to
/// 24 bytes apart, whatever follows the span in the buffer.
struct SpanCacheTests {
    /// The key of `text` placed at the start of a buffer, followed by `after`.
    static func key(_ text: String, followedBy after: String = "\nMobile,iOS,Safari,,,,,,,,") -> (w0: UInt64, w1: UInt64, w2: UInt64, slot: Int)? {
        let bytes = Array((text + after).utf8)
        return bytes.withUnsafeBytes { SpanCache.key(UnsafeRawBufferPointer(rebasing: $0[0..<text.utf8.count])) }
    }

    static func same(_ a: (w0: UInt64, w1: UInt64, w2: UInt64, slot: Int)?, _ b: (w0: UInt64, w1: UInt64, w2: UInt64, slot: Int)?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.w0 == b.w0 && a.w1 == b.w1 && a.w2 == b.w2 && a.slot == b.slot
    }

    /// The bytes after the span do not change its key, at every length from 1 to 24.
    @Test func theKeyIgnoresWhatFollows() {
        let long = "Desktop,Windows,Firefox!"  // 24 bytes
        for length in 1...24 {
            let span = String(long.prefix(length))
            #expect(Self.same(Self.key(span), Self.key(span, followedBy: "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")), "\(length)")
        }
        #expect(Self.key(long + "x") == nil)
    }

    /// Spans of one length that differ in a single byte get different words, wherever that
    /// byte is: in the first word, the middle one, or only in the overlapping last one.
    @Test func everyByteCounts() {
        for text in ["Mobile,iOS,Safari", "Tablet,Android,Chrome", "PC,OS,B", "Desktop,Windows,Edge"] {
            let bytes = Array(text.utf8)
            let original = Self.key(text).map { [$0.w0, $0.w1, $0.w2] }
            for index in bytes.indices {
                var changed = bytes
                changed[index] ^= 0x20
                let key = Self.key(String(decoding: changed, as: UTF8.self)).map { [$0.w0, $0.w1, $0.w2] }
                #expect(key != nil && key != original, "\(text) byte \(index)")
            }
        }
    }

    /// A cache stores and finds ids by key and length; another span of the same words but
    /// another length is not found.
    @Test func storeAndFind() throws {
        let cache = SpanCache()
        let key = try #require(Self.key("Mobile,iOS,Safari"))
        #expect(cache.id(for: key, length: 17) == -1)
        cache.store(4, for: key, length: 17)
        #expect(cache.id(for: key, length: 17) == 4)
        #expect(cache.id(for: key, length: 16) == -1)
        cache.clear()
        #expect(cache.id(for: key, length: 17) == -1)
    }
}
