import ClickstreamTestSupport
import Foundation
import Testing

/// The same input gives the same site from two separate processes (Swift seeds its hashing
/// anew in every process, so a build repeated inside one process cannot show this) and
/// whether the file is read on one thread or on several.
struct DeterminismTests {
    /// The `clickstream` executable `swift test` built beside the test bundle.
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("clickstream").path

    @Test func twoProcessesOnOneThreadAndOnFourWriteTheSameSite() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no binary at \(Self.binary)")
        let dir = TemporaryDirectory()
        let events = try GeneratedDataset.write(dir, "events.csv", events: 150_000, days: 42)
        try Self.run(["report", events, "--out", dir.file("one"), "--quiet"], threads: 1)
        try Self.run(["report", events, "--out", dir.file("four"), "--quiet"], threads: 4)
        let one = try SiteFiles.read(dir.file("one")), four = try SiteFiles.read(dir.file("four"))
        #expect(one.count > 10 && one["index.html"] != nil)
        #expect(Set(one.keys) == Set(four.keys))
        for (name, bytes) in one.sorted(by: { $0.key < $1.key }) {
            #expect(bytes == four[name], "\(name) differs between the two runs")
        }
    }

    /// `-` reads standard input: a pipe gives the same summary as the file.
    @Test func aDashReadsStandardInput() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no binary at \(Self.binary)")
        let dir = TemporaryDirectory()
        let events = try GeneratedDataset.write(dir, "events.csv", events: 20_000, days: 14)
        func summary(_ arguments: [String], input: FileHandle?) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            if let input { process.standardInput = input }
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return String(decoding: data, as: UTF8.self)
        }
        let fromFile = try summary(["ingest", events, "--quiet"], input: nil)
        let fromPipe = try summary(["ingest", "-", "--quiet"], input: try FileHandle(forReadingFrom: URL(fileURLWithPath: events)))
        // The files line names the input; everything after it is the same.
        #expect(fromFile.split(separator: "\n").dropFirst() == fromPipe.split(separator: "\n").dropFirst())
        #expect(fromPipe.contains("rows read: 20,000"))
    }

    /// Runs the binary with `CLICKSTREAM_THREADS` set; a nonzero exit fails the test.
    static func run(_ arguments: [String], threads: Int) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CLICKSTREAM_THREADS"] = String(threads)
        environment.removeValue(forKey: "SOURCE_DATE_EPOCH")
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "clickstream \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
    }
}
