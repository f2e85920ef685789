import ClickstreamCore

/// Assigns a device, OS and browser to a visitor of a raw file (SPEC section 2).
///
/// The draw is a pure function of (visitorid, seed): no table of visitors, the same answer
/// in every run, on every machine, in `generate` and in ingest alike. Three independent
/// slices of one 64-bit hash pick the device, then the OS given the device, then the
/// browser given both, so no impossible pair can appear.
public enum Enrichment {
    /// The catalog index (into `SegmentCatalog.entries`) of a visitor's segment.
    @inlinable
    public static func catalogIndex(visitor: Int64, seed: UInt64) -> Int {
        let h = SplitMix64.hash(UInt64(bitPattern: visitor), seed, 0x5E6D_E7E1)
        let deviceDraw = Int(((h & 0x1F_FFFF) &* 10_000) >> 21)
        let osDraw = Int((((h >> 21) & 0x1F_FFFF) &* 10_000) >> 21)
        let browserDraw = Int((((h >> 42) & 0x1F_FFFF) &* 10_000) >> 21)
        return table.lookup(deviceDraw, osDraw, browserDraw)
    }

    /// The segment of a visitor.
    public static func segment(visitor: Int64, seed: UInt64) -> Segment {
        SegmentCatalog.entries[catalogIndex(visitor: visitor, seed: seed)].segment
    }

    /// Cumulative thresholds for the three draws, built once from `SegmentCatalog`.
    @usableFromInline
    struct DrawTable: Sendable {
        /// Per device: its cumulative upper bound and per-OS (bound, per-browser (bound, catalog index)).
        let devices: [(bound: Int, systems: [(bound: Int, browsers: [(bound: Int, index: Int)])])]

        init() {
            var devices: [(Int, [(Int, [(Int, Int)])])] = []
            var deviceBound = 0
            var index = 0
            for device in SegmentCatalog.devices {
                deviceBound += device.share
                var systems: [(Int, [(Int, Int)])] = []
                var osBound = 0
                for os in SegmentCatalog.systems[device.name] ?? [] {
                    osBound += os.share
                    var browsers: [(Int, Int)] = []
                    var browserBound = 0
                    for (browser, _) in SegmentCatalog.browsers["\(device.name)/\(os.name)"] ?? [] {
                        browserBound += browser.share
                        browsers.append((browserBound, index))
                        index += 1
                    }
                    systems.append((osBound, browsers))
                }
                devices.append((deviceBound, systems))
            }
            self.devices = devices.map { (bound: $0.0, systems: $0.1.map { (bound: $0.0, browsers: $0.1.map { (bound: $0.0, index: $0.1) }) }) }
        }

        @usableFromInline
        func lookup(_ deviceDraw: Int, _ osDraw: Int, _ browserDraw: Int) -> Int {
            let device = devices.first { deviceDraw < $0.bound } ?? devices[devices.count - 1]
            let os = device.systems.first { osDraw < $0.bound } ?? device.systems[device.systems.count - 1]
            let browser = os.browsers.first { browserDraw < $0.bound } ?? os.browsers[os.browsers.count - 1]
            return browser.index
        }
    }

    @usableFromInline
    static let table = DrawTable()
}
