@testable import ClickstreamCore
@testable import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// gzip (ISA-L) and zstd (libzstd) input, recognised by their first bytes: the same cube
/// and counts as the plain file, from a file or a pipe, in a folder beside plain files; a
/// truncated or damaged stream is an error at its compressed byte offset, never a partial
/// result.
struct CompressedInputTests {
    enum Codec: String, CaseIterable, Sendable {
        case gzip, zstd

        func compress(_ bytes: [UInt8]) -> [UInt8] {
            switch self {
            case .gzip: Gzip.compress(bytes)
            case .zstd: Zstd.compress(bytes)
            }
        }
    }

    static func plain() throws -> (TemporaryDirectory, String, [UInt8]) {
        let dir = TemporaryDirectory()
        let path = try GeneratedDataset.write(dir, "events.csv", events: 30_000, days: 14)
        return (dir, path, dir.read("events.csv"))
    }

    @Test(arguments: Codec.allCases) func aCompressedFileReadsLikeThePlainOne(codec: Codec) throws {
        let (dir, path, bytes) = try Self.plain()
        let packed = codec.compress(bytes)
        #expect(packed.count < bytes.count / 3)
        // Named .csv on purpose: the magic bytes decide, not the extension.
        let file = dir.write("packed.csv", packed)
        let a = try Ingestor.ingest(paths: [path]), b = try Ingestor.ingest(paths: [file])
        #expect(a.cube == b.cube && b.report.accepted == 30_000 && b.report.files.first?.bytes == bytes.count)
        // Described by the compressed bytes it holds.
        var options = IngestOptions()
        options.describeInputs = true
        #expect(try Ingestor.ingest(paths: [file], options: options).inputs?.first?.bytes == packed.count)
    }

    /// From a pipe the magic bytes are read, then handed back to the decompressor.
    @Test(arguments: Codec.allCases) func aPipeReadsLikeTheFile(codec: Codec) throws {
        let (dir, path, bytes) = try Self.plain()
        let fifo = dir.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let packed = codec.compress(bytes)
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: fifo)
            handle?.write(Data(packed))
            try? handle?.close()
        }
        writer.start()
        #expect(try Ingestor.ingest(paths: [fifo]).cube == (try Ingestor.ingest(paths: [path])).cube)
    }

    /// `cat a.gz b.gz`: two members (frames) read as one stream (the second header is a rejected row).
    @Test(arguments: Codec.allCases) func concatenatedStreamsReadOn(codec: Codec) throws {
        let (dir, _, bytes) = try Self.plain()
        let twice = dir.write("twice", codec.compress(bytes) + codec.compress(bytes))
        let result = try Ingestor.ingest(paths: [twice])
        #expect(result.report.accepted == 60_000 && result.report.rejected == 1)
    }

    @Test(arguments: Codec.allCases) func aTruncatedStreamIsAnErrorAtItsOffset(codec: Codec) throws {
        let (dir, _, bytes) = try Self.plain()
        let packed = codec.compress(bytes)
        let cut = dir.write("cut", Array(packed.prefix(packed.count / 2)))
        #expect {
            _ = try Ingestor.ingest(paths: [cut])
        } throws: { error in
            "\(error)".contains("the \(codec.rawValue) stream ends early at byte \(packed.count / 2)") && "\(error)".contains("nothing was published")
        }
    }

    /// Damage inside the stream: an invalid header, or bytes that still decode but fail the
    /// checksum (gzip's CRC-32 in each member's trailer; zstd's content checksum, which the
    /// `zstd` command writes by default).
    @Test func damageIsAnError() throws {
        let (dir, _, bytes) = try Self.plain()
        let notDeflate = dir.write("corrupt.gz", [0x1F, 0x8B, 0x08, 0x00] + Array("not deflate at all".utf8))
        #expect(throws: ClickstreamError.self) { _ = try Ingestor.ingest(paths: [notDeflate]) }
        var badCRC = Gzip.compress(bytes)
        badCRC[badCRC.count - 8] ^= 0xFF
        #expect {
            _ = try Ingestor.ingest(paths: [dir.write("crc.gz", badCRC)])
        } throws: { error in
            "\(error)".contains("the CRC-32 or size in the member's trailer does not match") && "\(error)".contains("nothing was published")
        }
        var damaged = Zstd.compress(bytes)
        for index in 100..<200 { damaged[index] ^= 0x5A }
        #expect {
            _ = try Ingestor.ingest(paths: [dir.write("damaged.zst", damaged)])
        } throws: { error in
            "\(error)".contains("invalid zstd data near byte") && "\(error)".contains("nothing was published")
        }
    }

    /// 40 MB of rows from a few hundred kB, read block by block.
    @Test(arguments: Codec.allCases) func aHighlyCompressedStreamIsReadInBlocks(codec: Codec) throws {
        let dir = TemporaryDirectory()
        let row = Array("\(CSVFixtures.noon),1,view,5,,Mobile,iOS,Safari\n".utf8)
        var bytes = Array((CSVFixtures.enrichedHeader + "\n").utf8)
        bytes.reserveCapacity(40_000_000)
        while bytes.count < 40_000_000 { bytes += row }
        let packed = codec.compress(bytes)
        #expect(packed.count < 400_000)
        let result = try Ingestor.ingest(paths: [dir.write("bomb", packed)])
        #expect(result.report.accepted == (bytes.count - CSVFixtures.enrichedHeader.utf8.count - 1) / row.count)
    }

    /// A reader that stops early (the first bad row under --strict) while the read-ahead
    /// thread still has megabytes to decompress: the error comes back, and nothing hangs.
    @Test(arguments: Codec.allCases) func stoppingEarlyReleasesTheReadAhead(codec: Codec) throws {
        let (dir, _, bytes) = try Self.plain()
        let header = bytes.prefix { $0 != 0x0A }.count + 1
        var large = Array(bytes.prefix(header)) + Array("oops,1,view,5,,Mobile,iOS,Safari\n".utf8)
        for _ in 0..<9 { large += bytes[header...] }
        let file = dir.write("bad", codec.compress(large))
        var options = IngestOptions()
        options.strict = true
        #expect {
            _ = try Ingestor.ingest(paths: [file], options: options)
        } throws: { error in
            "\(error)".contains("bad:2:1")
        }
    }

    /// A folder may mix plain, gzip and zstd files: the same cube as the plain ones.
    @Test func aFolderMixesPlainAndCompressedFiles() throws {
        let (dir, _, bytes) = try Self.plain()
        let header = bytes.prefix { $0 != 0x0A }.count + 1
        let lines = bytes[header...].split(separator: 0x0A, omittingEmptySubsequences: false)
        let third = lines.count / 3
        func part(_ range: Range<Int>) -> [UInt8] {
            Array(bytes.prefix(header)) + Array(lines[range].joined(separator: [0x0A])) + [0x0A]
        }
        try FileManager.default.createDirectory(atPath: dir.file("mixed"), withIntermediateDirectories: true)
        _ = dir.write("mixed/a.csv", part(0..<third))
        _ = dir.write("mixed/b.csv.gz", Gzip.compress(part(third..<(2 * third))))
        _ = dir.write("mixed/c.csv.zst", Zstd.compress(part((2 * third)..<(lines.count - 1))))
        _ = dir.write("mixed/notes.txt", Array("not events".utf8))
        let mixed = try Ingestor.ingest(paths: [dir.file("mixed")])
        let plain = try Ingestor.ingest(paths: [dir.path + "/events.csv"])
        #expect(mixed.cube == plain.cube && mixed.report.files.count == 3 && mixed.report.accepted == 30_000)
    }
}
