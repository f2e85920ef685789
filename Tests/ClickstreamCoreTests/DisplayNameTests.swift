@testable import ClickstreamCore
import Testing

/// Names from the data as a page shows them.
struct DisplayNameTests {
    let fsi = "\u{2068}", pdi = "\u{2069}"

    @Test func plainNamesAreUnchanged() {
        #expect(DisplayName.value("Safari") == "Safari")
        #expect(DisplayName.joined(["Mobile", nil, "Safari"]) == "Safari · * · Mobile")
    }

    /// An unterminated right-to-left override cannot reverse the sentence: it is replaced
    /// visibly, and a right-to-left name is isolated.
    @Test func directionIsContained() {
        #expect(DisplayName.value("Fire\u{202E}fox") == "Fire\u{FFFD}fox")
        #expect(DisplayName.value("\u{2067}x") == "\u{FFFD}x")
        #expect(DisplayName.value("מובייל") == fsi + "מובייל" + pdi)
        #expect(DisplayName.value("سفاري 2") == fsi + "سفاري 2" + pdi)
    }

    @Test func controlsAndNoncharactersAreShown() {
        func scalar(_ value: UInt32) -> String { String(Unicode.Scalar(value)!) }
        #expect(DisplayName.value("a" + scalar(0xFFFE) + "b" + scalar(0xFFFF) + "c" + scalar(0xFDD0)) == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(DisplayName.value("a\u{1}b\u{85}c\u{E000}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(DisplayName.value(scalar(0x10FFFE)) == "\u{FFFD}")
    }

    @Test func blankNamesGetAPlaceholder() {
        for blank in ["", " ", "\u{00A0}\u{3000}", "\u{200B}", "\u{FEFF} "] {
            #expect(DisplayName.value(blank) == DisplayName.blank, "\(blank.unicodeScalars.map(\.value))")
        }
        #expect(DisplayName.value(" x ") == " x ")
    }

    /// Shortening counts characters, ends in an ellipsis and closes an isolate it cut.
    @Test func longNamesAreShortenedWithIsolatesClosed() {
        let long = String(repeating: "Mozilla/5.0 ", count: 10)
        #expect(DisplayName.short(long, limit: 20) == "Mozilla/5.0 Mozilla…")
        #expect(DisplayName.short("short", limit: 20) == "short")
        let rtl = DisplayName.value(String(repeating: "ש", count: 30))
        #expect(DisplayName.short(rtl, limit: 10) == fsi + String(repeating: "ש", count: 8) + "…" + pdi)
    }
}
