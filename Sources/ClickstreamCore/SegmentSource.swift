/// Where a run's segments come from: the data's own dimension columns, a synthetic draw
/// from the visitor id (a file without dimension columns, SPEC section 2), or nowhere (all
/// traffic analysed as one segment, `--no-enrichment`). `dataset.enrichment` in results.json.
public enum SegmentSource: String, Codable, Sendable {
    /// Every input file has a column for every dimension.
    case columns
    /// At least one input file has no dimension columns, so its visitors' device, OS and
    /// browser were drawn from their ids with a seed: the segments are not in the data.
    case synthetic
    /// No segments: all traffic is one segment (`Segment.allTraffic`).
    case none
}

extension DimensionSchema {
    /// The one dimension of a run without segments.
    public static let allTraffic = DimensionSchema(["traffic"])
}

extension Segment {
    /// The one segment of a run without segments: all traffic.
    public static let allTraffic = Segment(["all traffic"], schema: .allTraffic)
}
