@testable import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// zstd input, recognised by its first bytes: the same cube and counts as the plain file,
/// from a file or a pipe; a truncated or corrupt stream is an error at its byte offset.
struct ZstdTests {
    static func plain() throws -> (TemporaryDirectory, String, [UInt8]) {
        let dir = TemporaryDirectory()
        let path = try GeneratedDataset.write(dir, "events.csv", events: 30_000, days: 14)
        return (dir, path, dir.read("events.csv"))
    }

    @Test func aZstdFileReadsLikeThePlainOne() throws {
        let (dir, path, bytes) = try Self.plain()
        let packed = Zstd.compress(bytes)
        #expect(packed.count < bytes.count / 3 && Array(packed.prefix(4)) == [0x28, 0xB5, 0x2F, 0xFD])
        // Named .csv on purpose: the magic bytes decide, not the extension.
        let zst = dir.write("packed.csv", packed)
        let a = try Ingestor.ingest(paths: [path]), b = try Ingestor.ingest(paths: [zst])
        #expect(a.cube == b.cube && b.report.accepted == 30_000 && b.report.files.first?.bytes == bytes.count)
        var options = IngestOptions()
        options.describeInputs = true
        #expect(try Ingestor.ingest(paths: [zst], options: options).inputs?.first?.bytes == packed.count)
    }

    /// From a pipe the magic bytes are read, then handed back to the decompressor.
    @Test func aPipeReadsLikeTheFile() throws {
        let (dir, path, bytes) = try Self.plain()
        let fifo = dir.file("pipe.zst")
        #expect(mkfifo(fifo, 0o600) == 0)
        let packed = Zstd.compress(bytes)
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: fifo)
            handle?.write(Data(packed))
            try? handle?.close()
        }
        writer.start()
        #expect(try Ingestor.ingest(paths: [fifo]).cube == (try Ingestor.ingest(paths: [path])).cube)
    }

    /// `cat a.zst b.zst`: two frames read as one stream (the second header is a rejected row).
    @Test func concatenatedFramesReadOn() throws {
        let (dir, _, bytes) = try Self.plain()
        let twice = dir.write("twice.zst", Zstd.compress(bytes) + Zstd.compress(bytes, level: 19, checksum: false))
        let result = try Ingestor.ingest(paths: [twice])
        #expect(result.report.accepted == 60_000 && result.report.rejected == 1)
    }

    @Test func aTruncatedOrCorruptStreamIsAnErrorAtItsOffset() throws {
        let (dir, _, bytes) = try Self.plain()
        let packed = Zstd.compress(bytes)
        let cut = dir.write("cut.zst", Array(packed.prefix(packed.count / 2)))
        #expect {
            _ = try Ingestor.ingest(paths: [cut])
        } throws: { error in
            "\(error)".contains("the zstd stream ends early at byte \(packed.count / 2)") && "\(error)".contains("cut.zst")
        }
        // Damaged bytes in a frame with a content checksum (the zstd command's default).
        var corrupt = packed
        for index in 100..<200 { corrupt[index] ^= 0x5A }
        #expect {
            _ = try Ingestor.ingest(paths: [dir.write("corrupt.zst", corrupt)])
        } throws: { error in
            "\(error)".contains("invalid zstd data near byte") && "\(error)".contains("nothing was published")
        }
    }

    /// 40 MB of rows from a few kB, read block by block.
    @Test func aHighlyCompressedStreamIsReadInBlocks() throws {
        let dir = TemporaryDirectory()
        let row = Array("\(CSVFixtures.noon),1,view,5,,Mobile,iOS,Safari\n".utf8)
        var bytes = Array((CSVFixtures.enrichedHeader + "\n").utf8)
        bytes.reserveCapacity(40_000_000)
        while bytes.count < 40_000_000 { bytes += row }
        let packed = Zstd.compress(bytes, level: 19)
        #expect(packed.count < 100_000)
        let result = try Ingestor.ingest(paths: [dir.write("bomb.zst", packed)])
        #expect(result.report.accepted == (bytes.count - CSVFixtures.enrichedHeader.utf8.count - 1) / row.count)
    }

    /// A folder may mix plain, gzip and zstd files: the same cube as the plain ones.
    @Test func aFolderMixesPlainAndCompressedFiles() throws {
        let (dir, _, bytes) = try Self.plain()
        let header = bytes.prefix { $0 != 0x0A }.count + 1
        let body = Array(bytes[header...])
        let lines = body.split(separator: 0x0A, omittingEmptySubsequences: false)
        let third = lines.count / 3
        func part(_ range: Range<Int>) -> [UInt8] {
            Array(bytes.prefix(header)) + Array(lines[range].joined(separator: [0x0A])) + [0x0A]
        }
        let a = part(0..<third), b = part(third..<(2 * third)), c = part((2 * third)..<(lines.count - 1))
        try FileManager.default.createDirectory(atPath: dir.file("mixed"), withIntermediateDirectories: true)
        _ = dir.write("mixed/a.csv", a)
        _ = dir.write("mixed/b.csv.gz", Gzip.compress(b))
        _ = dir.write("mixed/c.csv.zst", Zstd.compress(c))
        _ = dir.write("mixed/notes.txt", Array("not events".utf8))
        let mixed = try Ingestor.ingest(paths: [dir.file("mixed")])
        let plain = try Ingestor.ingest(paths: [dir.path + "/events.csv"])
        #expect(mixed.cube == plain.cube && mixed.report.files.count == 3 && mixed.report.accepted == 30_000)
    }
}
