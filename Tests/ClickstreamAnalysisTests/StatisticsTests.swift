@testable import ClickstreamAnalysis
import Testing

struct StatisticsTests {
    @Test func medianOfOddAndEvenCounts() {
        #expect(Statistics.median([3, 1, 2]) == 2)
        #expect(Statistics.median([4, 1, 3, 2]) == 2.5)
        #expect(Statistics.median([7]) == 7)
        #expect(Statistics.median([]) == nil)
    }

    /// The source study's example: median of [0.8, 0.75, 0.8, 0.1] is (0.75 + 0.8) / 2 =
    /// 0.775; the absolute deviations are 0.025, 0.025, 0.025, 0.675, whose median is 0.025.
    @Test func madOfTheSourceStudyExample() throws {
        let values = [0.8, 0.75, 0.8, 0.1]
        #expect(abs(try #require(Statistics.median(values)) - 0.775) < 1e-12)
        #expect(abs(try #require(Statistics.medianAbsoluteDeviation(values)) - 0.025) < 1e-12)
        // The mean (0.6125) is dragged down by the one bad point; the median is not.
        #expect(abs(try #require(Statistics.mean(values)) - 0.6125) < 1e-12)
    }

    @Test func madOfEqualValuesAndOnePoint() {
        #expect(Statistics.medianAbsoluteDeviation([0.5, 0.5, 0.5, 0.5]) == 0)
        #expect(Statistics.medianAbsoluteDeviation([0.3]) == 0)
        #expect(Statistics.medianAbsoluteDeviation([]) == nil)
    }

    /// [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, squares sum to 32, sample variance 32 / 7.
    @Test func sampleStandardDeviation() throws {
        let s = try #require(Statistics.sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]))
        #expect(abs(s - (32.0 / 7).squareRoot()) < 1e-12)
        #expect(Statistics.sampleStandardDeviation([1]) == nil)
        #expect(Statistics.zScore(1, mean: 1, standardDeviation: 0) == nil)
        #expect(Statistics.zScore(5, mean: 20, standardDeviation: 10) == -1.5)
    }
}
