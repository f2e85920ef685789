@testable import ClickstreamCore
import Foundation
import Testing

/// Segments of any schema: shown most specific dimension first, ordered from the last
/// dimension of the drill order to the first, encoded by dimension name.
struct SegmentTests {
    static let geo = DimensionSchema(["country", "device"])

    @Test func theStandardSchemaReadsAsBefore() {
        let safari = Segment(browser: "Safari", os: "iOS", device: "Mobile")
        #expect(safari.values == ["Mobile", "iOS", "Safari"])
        #expect(safari.description == "Safari · iOS · Mobile" && safari.slashSeparated == "Safari/iOS/Mobile")
        #expect(Segment(slashSeparated: " Safari / iOS/Mobile") == safari)
        #expect(Segment(slashSeparated: "Safari/iOS") == nil)
        // Browser first: Chrome before Safari whatever the device.
        #expect(Segment(browser: "Chrome", os: "Windows", device: "Tablet") < safari)
        #expect(Segment(browser: "Safari", os: "iOS", device: "Desktop") < safari)
    }

    @Test func anySchemaWorksTheSameWay() {
        let us = Segment(["US", "Mobile"], schema: Self.geo)
        let de = Segment(["DE", "Mobile"], schema: Self.geo)
        #expect(us.description == "Mobile · US" && us.slashSeparated == "Mobile/US")
        #expect(Segment(slashSeparated: "Mobile/US", schema: Self.geo) == us)
        // Same device, so the country decides: DE before US.
        #expect(de < us && !(us < de))
        #expect(Segment(["US", "Desktop"], schema: Self.geo) < de)
        #expect(us.replacing(dimension: 0, with: "FR").values == ["FR", "Mobile"])
    }

    /// The printed form is read back, and lets a value hold a `/` (user agents do).
    @Test func namesAreReadInThePrintedFormToo() {
        let safari = Segment(browser: "Safari", os: "iOS", device: "Mobile")
        #expect(Segment(named: "Safari · iOS · Mobile") == safari && Segment(named: "Safari/iOS/Mobile") == safari)
        #expect(Segment(named: "Mozilla/5.0 (X11) · Linux · Desktop")?.values == ["Desktop", "Linux", "Mozilla/5.0 (X11)"])
        let four = DimensionSchema(["country", "device", "os", "browser"])
        #expect(Segment(named: "Safari · iOS · Mobile · US", schema: four)?.values == ["US", "Mobile", "iOS", "Safari"])
        #expect(Segment(named: "Safari · iOS · Mobile", schema: four) == nil && Segment(named: "Safari ·  · Mobile") == nil)
        #expect(Segment.nameForm(four) == "browser/os/device/country or 'browser · os · device · country'")
    }

    @Test func encodedByDimensionNameAndDecodedAgainstTheSchema() throws {
        let us = Segment(["US", "Mobile"], schema: Self.geo)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(us), as: UTF8.self) == #"{"country":"US","device":"Mobile"}"#)
        let decoder = JSONDecoder()
        decoder.userInfo[.dimensionSchema] = Self.geo
        #expect(try decoder.decode(Segment.self, from: try encoder.encode(us)) == us)
        // Without the schema the standard one is expected, and these keys are not it.
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Segment.self, from: try encoder.encode(us)) }
        let standard = #"{"browser":"Safari","device":"Mobile","os":"iOS"}"#
        #expect(try JSONDecoder().decode(Segment.self, from: Data(standard.utf8)) == Segment(browser: "Safari", os: "iOS", device: "Mobile"))
    }

    /// The byte-order sort of `DailyCube` agrees with `<` for any number of dimensions.
    @Test func cubeOrderIsSegmentOrder() {
        let schema = DimensionSchema(["a", "b", "c", "d"])
        let values = [["x", "y", "z", "w"], ["x", "y", "z", "a"], ["b", "y", "z", "w"], ["x", "a", "z", "w"], ["x", "y", "z", "w"]]
        let segments = values.map { Segment($0, schema: schema) }
        let cube = DailyCube(segments: segments, cells: [])
        #expect(cube.segments == Array(Set(segments)).sorted())
        #expect(cube.segments.count == 4 && cube.schema == schema)
    }
}
