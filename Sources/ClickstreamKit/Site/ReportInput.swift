import Foundation

/// One input file as the provenance footer lists it.
public struct InputFile: Codable, Sendable, Equatable {
    public var path: String
    public var bytes: Int
    /// 64-bit content hash, hex (enough to tell two reports' inputs apart).
    public var hash: String

    /// Size and content hash of a file, read in 1 MiB blocks.
    public static func describe(_ path: String) throws(ClickstreamError) -> InputFile {
        let source = try FileByteSource(path: path)
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        defer { block.deallocate() }
        var hash = ContentHash()
        while true {
            let n = try source.read(into: block)
            if n == 0 { break }
            hash.add(UnsafeRawBufferPointer(rebasing: block[..<n]))
        }
        return InputFile(path: path, bytes: hash.count, hash: hash.hex)
    }
}

/// A fast 64-bit content hash: four independent multiply–xor lanes over 8-byte words,
/// folded at the end. Not cryptographic; it tells inputs apart in a provenance footer.
struct ContentHash {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344,
                                                            0xA409_3822_299F_31D0, 0x082E_FA98_EC4E_6C89)
    private var pending: [UInt8] = []
    private(set) var count = 0

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        count += bytes.count
        var data = bytes
        if !pending.isEmpty {
            let take = min(32 - pending.count, data.count)
            pending += data.prefix(take)
            data = UnsafeRawBufferPointer(rebasing: data[take...])
            if pending.count == 32 { pending.withUnsafeBytes { mix($0) }; pending = [] }
        }
        let whole = data.count / 32 * 32
        if whole > 0 { mix(UnsafeRawBufferPointer(rebasing: data[..<whole])) }
        pending += data[whole...]
    }

    private mutating func mix(_ bytes: UnsafeRawBufferPointer) {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var (a, b, c, d) = lanes
        var i = 0
        while i < bytes.count {
            a = (a ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            b = (b ^ bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* k
            c = (c ^ bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* k
            d = (d ^ bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* k
            a ^= a >> 29; b ^= b >> 29; c ^= c >> 29; d ^= d >> 29
            i += 32
        }
        lanes = (a, b, c, d)
    }

    var hex: String {
        var h = SplitMix64.hash(lanes.0, lanes.1, lanes.2, lanes.3, UInt64(count))
        for byte in pending { h = SplitMix64.mix(h ^ UInt64(byte)) }
        let text = String(h, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}

/// Everything a report is made from.
public struct ReportInput: Sendable {
    public var results: AnalysisResults
    public var quality: IngestReport
    public var inputs: [InputFile]
    /// The day the report says it was generated: `SOURCE_DATE_EPOCH` if set, else the data's last day.
    public var generatedOn: String
    /// All events per day over the data's range (the traffic chart).
    var dailyEvents: (days: [Day], events: [Int])?
    /// The detector's run on every validated segment (the small multiples).
    var validationRuns: [DetectorRun]
    /// Measured quality of the root-cause ranking (`rank-trials`), when given.
    public var rankQuality: [RootCauseTrials.Summary]?
    /// The detector scorecard (`scorecard`), when given; setting it also runs the
    /// scorecard's most sensitive method on the detector's segment, drawn beside the
    /// method in force.
    public var scorecard: ScorecardResult? {
        didSet { challengerRun = Self.challengerRun(scorecard, results: results, data: data) }
    }
    /// The scorecard's challenger on the detector's segment, when it differs from the method in force.
    var challengerRun: DetectorRun?
    private let data: DailySeries?

    public init(results: AnalysisResults, cube: DailyCube, quality: IngestReport, inputs: [InputFile], generatedOn: String) {
        self.results = results
        self.quality = quality
        self.inputs = inputs
        self.generatedOn = generatedOn
        data = DailySeries(cube: cube)
        if let data {
            dailyEvents = (data.days, data.total.events)
            validationRuns = results.validation.map { DetectorRun(segment: $0.segment, data: data, settings: results.settings) }
        } else {
            validationRuns = []
        }
    }

    static func challengerRun(_ scorecard: ScorecardResult?, results: AnalysisResults, data: DailySeries?) -> DetectorRun? {
        guard let challenger = scorecard?.challenger, challenger != results.settings.detector,
              let segment = results.detector?.segment, let data else { return nil }
        var settings = results.settings
        settings.detector = challenger
        return DetectorRun(segment: segment, data: data, settings: settings)
    }

    /// `SOURCE_DATE_EPOCH` (seconds) as a date, else the last day of the data, else "no data".
    public static func generatedOn(results: AnalysisResults, environment: [String: String]) -> String {
        if let text = environment["SOURCE_DATE_EPOCH"], let seconds = Int64(text) {
            return Day(epochMilliseconds: seconds * 1000).description
        }
        return results.dataset.lastDay?.description ?? "no data"
    }
}
