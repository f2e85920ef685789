@testable import ClickstreamCore
import Testing

/// Segments by value: codes, the tuple table, the radix sort, and cubes built and summed
/// from codes giving exactly what cubes built from names give.
struct SegmentCodesTests {
    static let schema = DimensionSchema(["device", "os", "browser"])

    @Test func theTableCodesEachValueOnceAndStopsAtTheLimit() {
        var table = SegmentCodeTable(schema: Self.schema)
        #expect(table.code(of: "Mobile", dimension: 0) == 0 && table.code(of: "Desktop", dimension: 0) == 1)
        #expect(table.code(of: "Mobile", dimension: 0) == 0 && table.code(of: "Mobile", dimension: 1) == 0)
        func append(_ tuple: [Int32], limit: Int = .max) -> Int32? { tuple.withUnsafeBufferPointer { table.append($0, limit: limit) } }
        #expect(append([0, 0, 0]) == 0 && append([1, 0, 0]) == 1)
        #expect(append([0, 1, 0], limit: 2) == nil && table.count == 2)
        #expect(table.codes.values == [["Mobile", "Desktop"], ["Mobile"], []] && table.codes.codes == [0, 0, 0, 1, 0, 0])
    }

    @Test func codesRoundTripNames() {
        let segments = [Segment(browser: "Safari", os: "iOS", device: "Mobile"), Segment(browser: "Chrome", os: "iOS", device: "Mobile"),
                        Segment(browser: "Safari", os: "iOS", device: "Mobile")]
        let codes = SegmentCodes(segments, schema: .standard)
        #expect(codes.values == [["Mobile"], ["iOS"], ["Safari", "Chrome"]])
        #expect(codes.codes == [0, 0, 0, 0, 0, 1, 0, 0, 0])
        #expect((0..<codes.count).map(codes.segment) == segments)
    }

    @Test func radixSortIsStableAndSkipsBitsNoKeyUses() {
        // 5 3 5 0 2049 2048: ascending keys, the two 5s in index order.
        #expect(RadixSort.order(of: [5, 3, 5, 0, 2049, 2048], bits: 12) == [3, 1, 0, 2, 5, 4])
        #expect(RadixSort.order(of: [7, 7, 7], bits: 3) == [0, 1, 2])
        #expect(RadixSort.order(of: [], bits: 0).isEmpty && RadixSort.order(of: [9], bits: 4) == [0])
        #expect(RadixSort.bits(below: 0) == 0 && RadixSort.bits(below: 1) == 0 && RadixSort.bits(below: 2) == 1)
        #expect(RadixSort.bits(below: 2048) == 11 && RadixSort.bits(below: 2049) == 12)
        var random = SplitMix64(seed: 3)
        let keys = (0..<5_000).map { _ in random.next() >> 20 }
        let expected = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        #expect(RadixSort.order(of: keys, bits: 44) == expected)
        let few = keys.map { $0 % 5 }  // many equal keys: index order among them
        #expect(RadixSort.order(of: few, bits: 3) == few.indices.sorted { few[$0] != few[$1] ? few[$0] < few[$1] : $0 < $1 })
    }

    /// Parts summed by value give the cube of all their cells over names, whatever the
    /// order of parts, and equal cubes have equal codes.
    @Test func partsSumByValue() {
        let day = Day(iso: "2015-06-01")!
        let a = Segment(browser: "Safari", os: "iOS", device: "Mobile"), b = Segment(browser: "Chrome", os: "Android", device: "Mobile")
        let c = Segment(browser: "Chrome", os: "Windows", device: "Desktop")
        func cell(_ d: Int, _ s: Int, _ v: Int) -> DailyCube.Cell { DailyCube.Cell(day: day.advanced(by: d), segment: s, views: v, addtocarts: 0, transactions: 1) }
        let first = (SegmentCodes([a, b], schema: .standard), [cell(1, 0, 3), cell(0, 1, 2), cell(1, 0, 4)])
        let second = (SegmentCodes([c, a], schema: .standard), [cell(0, 1, 10), cell(2, 0, 1)])
        let expected = DailyCube(segments: [a, b, c, a], cells: [cell(1, 0, 3), cell(0, 1, 2), cell(1, 0, 4), cell(0, 3, 10), cell(2, 2, 1)])
        let summed = DailyCube.sum(parts: [first, second])
        #expect(summed == expected && DailyCube.sum(parts: [second, first]) == expected)
        #expect(summed.segments == [b, c, a])  // Chrome · Android before Chrome · Windows before Safari
        #expect(summed.cells.map(\.views) == [2, 10, 7, 1] && summed.cells.map(\.transactions) == [1, 1, 2, 1])
        #expect(summed.codes == SegmentCodes(schema: .standard, values: [["Desktop", "Mobile"], ["Android", "Windows", "iOS"], ["Chrome", "Safari"]],
                                             codes: [1, 0, 0, 0, 1, 0, 1, 2, 1]))
        #expect(DailyCube.sum([DailyCube(codes: first.0, cells: first.1), DailyCube(codes: second.0, cells: second.1)]) == expected)
    }
}
