import ClickstreamCore

/// What the reader carries from one input file to the next in a run: the segment ids,
/// the data-quality report, and the rules for bad rows.
package struct ReadContext {
    package var interner: SegmentInterner
    /// Seed of the enrichment of raw files (SPEC section 2).
    var enrichmentSeed: UInt64
    /// Turn the first reject into an error.
    var strict = false
    /// Fail once more than this many rows are rejected.
    var maxErrors: Int?
    var report = IngestReport()
    /// Interner id of each catalog segment, once a raw file has used it.
    var catalogIDs = [Int32](repeating: -1, count: SegmentCatalog.entries.count)
    /// Every row is `Segment.allTraffic` (`IngestOptions.oneSegment`): no enrichment.
    var oneSegment = false
    /// Interner id of `Segment.allTraffic`, once used.
    var allTrafficID: Int32 = -1

    package init(enrichmentSeed: UInt64, strict: Bool = false, maxErrors: Int? = nil, schema: DimensionSchema = .standard) {
        interner = SegmentInterner(schema: schema)
        self.enrichmentSeed = enrichmentSeed
        self.strict = strict
        self.maxErrors = maxErrors
    }

    /// The context of a read with these options; `rules: false` leaves out `strict` and
    /// `maxErrors` (a part of a file, whose rejects are judged when the parts are merged).
    init(_ options: IngestOptions, rules: Bool = true) {
        self.init(enrichmentSeed: options.enrichmentSeed, strict: rules && options.strict,
                  maxErrors: rules ? options.maxErrors : nil, schema: options.dimensions)
        oneSegment = options.oneSegment
    }

    /// Counts a reject and enforces `strict` and `maxErrors`.
    mutating func reject(_ reject: RowReject) throws(ClickstreamError) {
        report.record(reject)
        if strict { throw reject.error }
        if let maxErrors, report.rejected > maxErrors {
            throw ClickstreamError(stage: "ingest", path: reject.file, line: reject.line, column: reject.column,
                                   message: "more than \(maxErrors) rejected rows (--max-errors); this one: \(reject.message)")
        }
    }

    /// The interner id of a raw file's visitor, by enrichment (or all traffic's).
    @inline(__always)
    mutating func enrichedSegment(visitor: Int64) -> Int32 {
        if _slowPath(oneSegment) {
            if allTrafficID < 0, case .id(let id) = interner.intern(Segment.allTraffic) { allTrafficID = id }
            return allTrafficID
        }
        let index = Enrichment.catalogIndex(visitor: visitor, seed: enrichmentSeed)
        let known = catalogIDs[index]
        if known >= 0 { return known }
        guard case .id(let id) = interner.intern(SegmentCatalog.entries[index].segment) else { return -1 }
        catalogIDs[index] = id
        return id
    }
}
