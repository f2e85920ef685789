import ClickstreamCore
import Testing

/// Amounts read as whole minor units, each rule with numbers worked out by hand.
struct RevenueAmountTests {
    @Test func textIsExactAtTheColumnsPlaces() {
        func read(_ text: String, _ places: Int = 2) -> Int64? { RevenueAmount.minorUnits(text, decimals: places) }
        #expect(read("19.99") == 1999)
        #expect(read("20") == 2000)
        #expect(read("19.990") == 1999)      // a trailing zero changes nothing
        #expect(read("000012.5") == 1250)    // nor do leading zeros
        #expect(read("0") == 0)
        #expect(read("19.999") == nil)       // a place finer than a cent: rejected, never rounded
        #expect(read("12.5", 0) == nil)
        #expect(read("12.000", 0) == 12)
        #expect(read("0.000001", 6) == 1)
        // The largest amount at two places is 9,999,999,999.99; the next is too large.
        #expect(read("9999999999.99") == 999_999_999_999)
        #expect(read("10000000000") == nil)
        #expect(read("1000000000000", 0) == nil)
        #expect(read("999999999999", 0) == 999_999_999_999)
        for text in ["", "-1", "+1", "1e3", ".5", "5.", " 5", "5 ", "1,000", "1.2.3", "NaN", "١٢"] {
            #expect(read(text) == nil, "\(text)")
        }
        #expect(RevenueAmount.limitText(decimals: 2) == "10000000000")
        #expect(RevenueAmount.limitText(decimals: 0) == "1000000000000")
    }

    @Test func floatingPointIsRoundedToTheMinorUnitTiesToEven() {
        #expect(RevenueAmount.minorUnits(19.99, decimals: 2) == 1999)
        // 3 × 19.99 is 59.97000000000000… in binary (59.969999999999999): 5997 cents.
        #expect(RevenueAmount.minorUnits(3 * 19.99, decimals: 2) == 5997)
        // 1.005 is 1.00499999999999989… in binary: × 100 = 100.49999999999999, 100 cents.
        #expect(RevenueAmount.minorUnits(1.005, decimals: 2) == 100)
        // 0.125 × 100 = 12.5 exactly: ties go to the even 12; 0.375 × 100 = 37.5 → 38.
        #expect(RevenueAmount.minorUnits(0.125, decimals: 2) == 12)
        #expect(RevenueAmount.minorUnits(0.375, decimals: 2) == 38)
        // 2.675 is 2.674999999999999822… in binary, but × 100 the nearest double is 267.5
        // exactly, so the tie goes to the even 268: the databases' round gives the same.
        #expect(RevenueAmount.minorUnits(2.675, decimals: 2) == 268)
        #expect(RevenueAmount.minorUnits(-0.001, decimals: 2) == 0)  // rounds to −0: zero
        #expect(RevenueAmount.minorUnits(-0.01, decimals: 2) == nil)
        #expect(RevenueAmount.minorUnits(.nan, decimals: 2) == nil)
        #expect(RevenueAmount.minorUnits(.infinity, decimals: 2) == nil)
        #expect(RevenueAmount.minorUnits(1e10, decimals: 2) == nil)  // 10¹² cents: the limit itself
        #expect(RevenueAmount.minorUnits(Double(Float(19.99)), decimals: 2) == 1999)  // 19.9899997711…
    }

    @Test func decimalsAreExactAtTheColumnsPlaces() {
        #expect(RevenueAmount.minorUnits(unscaled: 19990, scale: 3, decimals: 2) == 1999)
        #expect(RevenueAmount.minorUnits(unscaled: 19999, scale: 3, decimals: 2) == nil)
        #expect(RevenueAmount.minorUnits(unscaled: 5, scale: 0, decimals: 2) == 500)
        #expect(RevenueAmount.minorUnits(unscaled: 1999, scale: 2, decimals: 4) == 199_900)
        #expect(RevenueAmount.minorUnits(unscaled: -1, scale: 0, decimals: 2) == nil)
        #expect(RevenueAmount.minorUnits(unscaled: Int64.max, scale: 0, decimals: 2) == nil)
        #expect(RevenueAmount.minorUnits(unscaled: 10_000_000_000, scale: 0, decimals: 2) == nil)
    }
}
