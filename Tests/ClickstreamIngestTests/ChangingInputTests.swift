@testable import ClickstreamCore
@testable import ClickstreamIngest
@testable import ClickstreamReport
@testable import ClickstreamSynthetic
import ClickstreamTestSupport
import Foundation
import Testing

/// Inputs that are pipes, or that change under the reader: read once, recorded as they
/// were, and a change during the read is an error rather than a partial result.
struct ChangingInputTests {
    typealias F = CSVFixtures

    func rows(_ count: Int) -> String { F.enriched((0..<count).map { F.row(F.noon + Int64($0), visitor: $0) }) }

    /// A FIFO (what `report <(cat f.csv)` hands over) is opened once and hashed as it is
    /// read: the same size and hash as the same bytes in a regular file.
    @Test func aFIFOIsReadOnceAndRecordedHonestly() throws {
        let dir = TemporaryDirectory()
        let text = rows(500)
        let regular = dir.write("events.csv", text)
        let fifo = dir.file("pipe.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: fifo)
            handle?.write(Data(text.utf8))
            try? handle?.close()
        }
        writer.start()
        var options = IngestOptions()
        options.describeInputs = true
        let piped = try Ingestor.ingest(paths: [fifo], options: options)
        #expect(piped.report.accepted == 500)
        #expect(piped.inputs == [InputFile(path: fifo, bytes: text.utf8.count, hash: try InputFile.describe(regular).hash)])
        #expect(piped.cube == (try Ingestor.ingest(paths: [regular])).cube)
    }

    /// The hash taken while reading equals an independent second read, on every route.
    @Test func hashesTakenWhileReadingMatchASecondRead() throws {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.file("b"), withIntermediateDirectories: true)
        let files = (0..<3).map { dir.write("b/\($0).csv", rows(100 + $0)) }
        var options = IngestOptions()
        options.describeInputs = true
        let expected = try files.map { (path) throws(ClickstreamError) in try InputFile.describe(path) }
        #expect(try Ingestor.ingest(paths: files, options: options).inputs == expected)        // spread over cores
        options.strict = true
        #expect(try Ingestor.ingest(paths: files, options: options).inputs == expected)        // in order
    }

    @Test func aFileThatGrowsOrShrinksDuringTheReadIsAnError() throws {
        let dir = TemporaryDirectory()
        let path = dir.write("events.csv", rows(50))
        let grown = try FileByteSource(path: path)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data((F.row() + "\n").utf8))
        try handle.close()
        #expect(throws: ClickstreamError.self) { try grown.verifyUnchanged() }

        let path2 = dir.write("other.csv", rows(50))
        let source = try FileByteSource(path: path2)
        #expect(truncate(path2, 100) == 0)
        var error: ClickstreamError?
        do { try source.verifyUnchanged(bytesRead: 100) } catch let e { error = e }
        #expect(error?.message.contains("changed while being read") == true)
        #expect(error?.path == path2)
    }

    /// A batch edited in the middle with its size and modification time put back (as `touch
    /// -d` does) is read again: its status-change time and fingerprint say it changed.
    @Test func anEditHiddenBehindTheSameSizeAndTimeIsReadAgain() throws {
        let dir = TemporaryDirectory()
        let text = F.enriched((0..<4000).map { F.row(F.noon + Int64($0), visitor: $0, event: "view") })
        let path = dir.write("events.csv", text)
        let options = IngestOptions(cacheDirectory: dir.file("cache"))
        let before = try Ingestor.ingest(paths: [path], options: options)
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        // Same length, in the middle (beyond the first and last 64 KiB would be ideal; the
        // ctime alone must do it): one view becomes "bad" (a reject).
        var bytes = Array(text.utf8)
        let middle = text.utf8.count / 2
        let at = bytes[middle...].firstIndex(of: UInt8(ascii: "v"))!
        bytes.replaceSubrange(at..<(at + 4), with: Array("bad!".utf8))
        Thread.sleep(forTimeInterval: 0.01)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.write(contentsOf: Data(bytes))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        let after = try Ingestor.ingest(paths: [path], options: options)
        #expect(before.report.rejected == 0)
        #expect(after.report.rejected == 1)
        #expect(after.inputs != before.inputs)
    }
}
