/// Reads a compiled time-zone file (TZif, RFC 8536): its transitions, and the rule in its
/// footer for the years after them.
enum TZif {
    /// (from which UTC millisecond, which offset in milliseconds), sorted, the first from
    /// `Int64.min`; nil when the bytes are not a zone file.
    static func offsets(of bytes: [UInt8], until horizon: Int64) -> (starts: [Int64], offsets: [Int64])? {
        var reader = Reader(bytes: bytes)
        guard let first = reader.header() else { return nil }
        var block = first
        var timeSize = 4
        if first.version >= 2 {
            // Skip the 32-bit block; the 64-bit one follows with its own header.
            guard reader.skip(first.dataSize(timeSize: 4)), let second = reader.header() else { return nil }
            block = second
            timeSize = 8
        }
        guard let times = reader.integers(count: block.timeCount, size: timeSize),
              let indices = reader.bytes(count: block.timeCount),
              let types = reader.bytes(count: block.typeCount * 6),
              reader.skip(block.charCount + block.leapCount * (timeSize + 4) + block.stdCount + block.utCount),
              block.typeCount > 0
        else { return nil }
        let utoff = (0..<block.typeCount).map { i in
            Int64(Int32(bitPattern: UInt32(types[i * 6]) << 24 | UInt32(types[i * 6 + 1]) << 16 | UInt32(types[i * 6 + 2]) << 8 | UInt32(types[i * 6 + 3])))
        }
        guard indices.allSatisfy({ Int($0) < block.typeCount }) else { return nil }
        // Before the first transition: type 0 (RFC 8536 section 3.2).
        var starts: [Int64] = [Int64.min]
        var offsets: [Int64] = [utoff[0] * 1000]
        for (time, index) in zip(times, indices) {
            let offset = utoff[Int(index)] * 1000
            if offsets.last == offset { continue }
            starts.append(milliseconds(time))
            offsets.append(offset)
        }
        if first.version >= 2, let footer = reader.footer(), !footer.isEmpty {
            guard let rule = PosixZoneRule(footer) else { return nil }
            let after = times.last ?? Int64.min
            let startYear = after == Int64.min ? 1970 : max(1970, Day(epochMilliseconds: milliseconds(after)).components.year)
            for (time, offset) in rule.transitions(fromYear: startYear, until: horizon) where time > after {
                if offsets.last == offset * 1000 { continue }
                starts.append(milliseconds(time))
                offsets.append(offset * 1000)
            }
            if times.isEmpty, rule.dst == nil { offsets[0] = rule.std * 1000 }
        }
        return (starts, offsets)
    }

    /// Seconds as milliseconds, clamped (a file may mark the dawn of time as -2⁵⁹ s).
    static func milliseconds(_ seconds: Int64) -> Int64 {
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? (seconds < 0 ? Int64.min + 1 : Int64.max) : product
    }

    struct Header {
        var version: Int
        var utCount, stdCount, leapCount, timeCount, typeCount, charCount: Int

        func dataSize(timeSize: Int) -> Int {
            timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4) + stdCount + utCount
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var at = 0

        mutating func header() -> Header? {
            guard at + 44 <= bytes.count, bytes[at ..< at + 4].elementsEqual("TZif".utf8) else { return nil }
            let version = bytes[at + 4] == 0 ? 1 : Int(bytes[at + 4]) - 0x30
            at += 20
            guard let counts = integers(count: 6, size: 4), counts.allSatisfy({ $0 >= 0 && $0 < 1 << 20 }) else { return nil }
            let c = counts.map(Int.init)
            return Header(version: version, utCount: c[0], stdCount: c[1], leapCount: c[2], timeCount: c[3], typeCount: c[4], charCount: c[5])
        }

        mutating func skip(_ count: Int) -> Bool {
            guard count >= 0, at + count <= bytes.count else { return false }
            at += count
            return true
        }

        mutating func bytes(count: Int) -> [UInt8]? {
            guard at + count <= bytes.count else { return nil }
            defer { at += count }
            return Array(bytes[at ..< at + count])
        }

        /// Big-endian signed integers of 4 or 8 bytes.
        mutating func integers(count: Int, size: Int) -> [Int64]? {
            guard at + count * size <= bytes.count else { return nil }
            defer { at += count * size }
            return (0..<count).map { i in
                var value: UInt64 = 0
                for b in bytes[at + i * size ..< at + (i + 1) * size] { value = value << 8 | UInt64(b) }
                return size == 4 ? Int64(Int32(bitPattern: UInt32(value))) : Int64(bitPattern: value)
            }
        }

        /// The text between the two newlines after the 64-bit block.
        mutating func footer() -> String? {
            guard at < bytes.count, bytes[at] == 0x0A, let end = bytes[(at + 1)...].firstIndex(of: 0x0A) else { return nil }
            return String(decoding: bytes[(at + 1) ..< end], as: UTF8.self)
        }
    }
}
