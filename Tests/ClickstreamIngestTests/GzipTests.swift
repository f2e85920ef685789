@testable import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// gzip input, recognised by its first bytes: the same cube and counts as the plain file,
/// from a file or a pipe; a truncated or corrupt stream is an error at its byte offset.
struct GzipTests {
    static func plain() throws -> (TemporaryDirectory, String, [UInt8]) {
        let dir = TemporaryDirectory()
        let path = try GeneratedDataset.write(dir, "events.csv", events: 30_000, days: 14)
        return (dir, path, dir.read("events.csv"))
    }

    @Test func aGzipFileReadsLikeThePlainOne() throws {
        let (dir, path, bytes) = try Self.plain()
        let packed = Gzip.compress(bytes)
        #expect(packed.count < bytes.count / 3)
        // Named .csv on purpose: the magic bytes decide, not the extension.
        let gz = dir.write("packed.csv", packed)
        let a = try Ingestor.ingest(paths: [path]), b = try Ingestor.ingest(paths: [gz])
        #expect(a.cube == b.cube && a.report.accepted == 30_000 && b.report.accepted == 30_000)
        #expect(b.report.files.first?.bytes == bytes.count)
        // Described by the compressed bytes it holds.
        var options = IngestOptions()
        options.describeInputs = true
        #expect(try Ingestor.ingest(paths: [gz], options: options).inputs?.first?.bytes == packed.count)
    }

    /// `cat a.gz b.gz`: two members read as one stream (the second header is a rejected row).
    @Test func concatenatedMembersReadOn() throws {
        let (dir, _, bytes) = try Self.plain()
        let twice = dir.write("twice.gz", Gzip.compress(bytes) + Gzip.compress(bytes))
        let result = try Ingestor.ingest(paths: [twice])
        #expect(result.report.accepted == 60_000 && result.report.rejected == 1)
    }

    @Test func aTruncatedStreamIsAnErrorAtItsOffset() throws {
        let (dir, _, bytes) = try Self.plain()
        let packed = Gzip.compress(bytes)
        let cut = dir.write("cut.gz", Array(packed.prefix(packed.count / 2)))
        #expect {
            _ = try Ingestor.ingest(paths: [cut])
        } throws: { error in
            "\(error)".contains("the gzip stream ends early at byte \(packed.count / 2)")
        }
        let corrupt = dir.write("corrupt.gz", [0x1F, 0x8B, 0x08, 0x00] + Array("not deflate at all".utf8))
        #expect(throws: ClickstreamError.self) { _ = try Ingestor.ingest(paths: [corrupt]) }
        // A member whose trailer's CRC-32 does not match what it inflates to.
        var badCRC = packed
        badCRC[badCRC.count - 8] ^= 0xFF
        #expect {
            _ = try Ingestor.ingest(paths: [dir.write("crc.gz", badCRC)])
        } throws: { error in
            "\(error)".contains("the CRC-32 or size in the member's trailer does not match") && "\(error)".contains("nothing was published")
        }
    }

    /// A stream that inflates to far more than it holds is read block by block: 40 MB of
    /// rows from about 100 kB, without the reader's memory growing with it.
    @Test func aHighlyCompressedStreamIsReadInBlocks() throws {
        let dir = TemporaryDirectory()
        let row = Array("\(CSVFixtures.noon),1,view,5,,Mobile,iOS,Safari\n".utf8)
        var bytes = Array((CSVFixtures.enrichedHeader + "\n").utf8)
        bytes.reserveCapacity(40_000_000)
        while bytes.count < 40_000_000 { bytes += row }
        let packed = Gzip.compress(bytes)
        #expect(packed.count < 400_000)
        let result = try Ingestor.ingest(paths: [dir.write("bomb.gz", packed)])
        #expect(result.report.accepted == (bytes.count - CSVFixtures.enrichedHeader.utf8.count - 1) / row.count)
    }

    /// A reader that stops early (the first bad row under --strict) while the read-ahead
    /// thread still has megabytes to inflate: the error comes back, and nothing hangs.
    @Test func stoppingEarlyReleasesTheReadAhead() throws {
        let (dir, _, bytes) = try Self.plain()
        let header = bytes.prefix { $0 != 0x0A }.count + 1
        let bad = Array(bytes.prefix(header)) + Array("oops,1,view,5,,Mobile,iOS,Safari\n".utf8) + Array(bytes[header...])
        var large: [UInt8] = bad
        for _ in 0..<8 { large += bytes[header...] }
        let gz = dir.write("bad.gz", Gzip.compress(large))
        var options = IngestOptions()
        options.strict = true
        #expect {
            _ = try Ingestor.ingest(paths: [gz], options: options)
        } throws: { error in
            "\(error)".contains("bad.gz:2:1")
        }
    }
}
