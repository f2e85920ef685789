@testable import ClickstreamCore
import Testing

struct RandomTests {
    /// The published reference outputs of SplitMix64 seeded with 0.
    @Test func splitMixMatchesTheReference() {
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func xoshiroIsDeterministicPerSeed() {
        var a = Xoshiro256StarStar(seed: 7), b = Xoshiro256StarStar(seed: 7), c = Xoshiro256StarStar(seed: 8)
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        #expect(first != (0..<100).map { _ in c.next() })
    }

    @Test func boundedDrawsStayInRangeAndCoverIt() {
        var rng = Xoshiro256StarStar(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<10_000 {
            let value = rng.below(10)
            #expect((0..<10).contains(value))
            seen.insert(value)
            let unit = rng.unit()
            #expect(unit >= 0 && unit < 1)
        }
        #expect(seen.count == 10)
    }
}
