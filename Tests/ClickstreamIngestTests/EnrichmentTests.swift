@testable import ClickstreamAnalysis
@testable import ClickstreamIngest
import Testing

struct EnrichmentTests {
    @Test func catalogWeightsAreAProbabilityDistribution() {
        #expect(SegmentCatalog.entries.reduce(0) { $0 + $1.weight } == 1_000_000_000_000)
        for entry in SegmentCatalog.entries {
            #expect(entry.conversionRate >= 0.005 && entry.conversionRate <= 0.012)
        }
    }

    @Test func noImpossiblePairEverAppears() {
        for visitor in 0..<200_000 {
            let s = Enrichment.segment(visitor: Int64(visitor), seed: 42)
            #expect(!(s.browser == "Safari" && (s.os == "Android" || s.os == "Windows" || s.os == "Linux")))
            #expect(!(s.browser == "Edge" && s.os != "Windows"))
            #expect(!(s.os == "iOS" && s.device == "Desktop"))
            #expect(!((s.os == "Windows" || s.os == "macOS" || s.os == "Linux") && s.device != "Desktop"))
        }
    }

    /// Expected marginals from the catalog: Safari = 0.4·0.3·0.6 + 0.5·0.62·0.85 + 0.1·0.7·0.9
    /// = 0.3985; Edge = 0.4·0.6·0.19 = 0.0456; Chrome 0.5141; Firefox 0.0418. With 400,000
    /// visitors the standard error of a share is under 0.0008, so ±0.005 is over 6 σ.
    @Test func browserMarginalsMatchTheSpec() {
        var counts: [String: Int] = [:]
        var mobileIOS = 0, mobileIOSSafari = 0
        let n = 400_000
        for visitor in 0..<n {
            let s = Enrichment.segment(visitor: Int64(visitor) * 3 + 1, seed: 42)
            counts[s.browser, default: 0] += 1
            if s.os == "iOS" && s.device == "Mobile" {
                mobileIOS += 1
                if s.browser == "Safari" { mobileIOSSafari += 1 }
            }
        }
        func share(_ browser: String) -> Double { Double(counts[browser] ?? 0) / Double(n) }
        #expect(abs(share("Chrome") - 0.5141) < 0.005)
        #expect(abs(share("Safari") - 0.3985) < 0.005)
        #expect(abs(share("Edge") - 0.0456) < 0.005)
        #expect(abs(share("Firefox") - 0.0418) < 0.005)
        #expect(abs(Double(mobileIOSSafari) / Double(mobileIOS) - 0.85) < 0.01)
    }

    @Test func theDrawIsAPureFunctionOfVisitorAndSeed() {
        for visitor in [0, 1, 257_597, Int64.max] as [Int64] {
            #expect(Enrichment.catalogIndex(visitor: visitor, seed: 42) == Enrichment.catalogIndex(visitor: visitor, seed: 42))
        }
        let differing = (0..<1000).filter {
            Enrichment.catalogIndex(visitor: Int64($0), seed: 1) != Enrichment.catalogIndex(visitor: Int64($0), seed: 2)
        }
        #expect(differing.count > 500)  // another seed reassigns most visitors
    }
}
