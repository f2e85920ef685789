import ClickstreamCore

/// The decision of which transactions the synthetic incident converts (SPEC section 3).
///
/// A pure function of the row (timestamp, visitor, item, transaction id) and the seed,
/// shared by `generate` and `inject`: generating with the incident on gives exactly the
/// rows that generating without it and then injecting gives.
public enum Incident {
    /// `true` when this transaction row is one the incident converts to `addtocart`.
    @inlinable
    public static func hits(timestamp: Int64, visitor: Int64, item: Int64, transactionID: Int64?,
                            seed: UInt64, fraction: Double) -> Bool {
        let h = SplitMix64.hash(
            UInt64(bitPattern: timestamp), UInt64(bitPattern: visitor), UInt64(bitPattern: item),
            transactionID.map { UInt64(bitPattern: $0) } ?? UInt64.max, seed, 0x1C1D_E475)
        return Double(h >> 11) * 0x1.0p-53 < fraction
    }
}
