import ClickstreamCore
import ClickstreamIngest
import ClickstreamTestSupport
import Foundation
import Testing

/// A drain killed at any moment loses nothing and counts nothing twice: runs of the real
/// binary with `--cache` are killed (SIGKILL) after random delays while messages keep
/// arriving; a last run to the end must count exactly the messages produced.
struct KafkaKillLoopTests {
    @Test func killedRunsNeitherLoseNorDoubleCount() throws {
        guard let broker = try KafkaTestBroker.connect() else { return }
        let binary = DeterminismTests.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "no binary at \(binary)")
        let directory = TemporaryDirectory()
        try broker.recreate("events-killed", partitions: 3)
        var generator = SplitMix64(seed: 20_261_202)
        var produced = 0, killed = 0, finished = 0
        for _ in 0..<24 {
            // A few thousand more messages, in batches of varied size.
            for partition in 0..<3 {
                let count = 200 + Int(generator.next() % 1_500)
                let values: [[UInt8]?] = (0..<count).map { index in
                    let visitor = produced + index
                    return Array(#"{"timestamp": \#(1_431_000_000_000 + Int64(visitor) * 1_000), "visitorid": \#(visitor), "event": "view", "itemid": 5, "device": "Mobile", "os": "iOS", "browser": "Safari"}"#.utf8)
                }
                try broker.produce("events-killed", partition: Int32(partition), values: values, batch: 1 + Int(generator.next() % 400))
                produced += count
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["ingest", broker.url("events-killed"), "--cache", directory.file("cache"), "--quiet"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // From at once to past a run's usual length (0.1 to 0.7 s here, debug build): some
            // runs die before they read, some while reading or writing, some finish.
            usleep(UInt32(generator.next() % 1_200_000))
            kill(process.processIdentifier, SIGKILL)  // harmless when it has ended
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killed += 1 } else { finished += 1 }
        }
        var options = IngestOptions()
        options.streamStateDirectory = directory.file("cache")
        let final = try Ingestor.ingest(paths: [broker.url("events-killed")], options: options)
        #expect(final.report.accepted == produced && final.report.rejected == 0 && final.cube.totals.all == produced)
        #expect(killed > 0 && finished > 0, "\(killed) runs killed, \(finished) finished: the loop proves little")
        FileHandle.standardError.write(Data("kill loop: \(killed) of 24 runs killed, \(finished) finished, \(produced) messages produced and counted once\n".utf8))
        // Nothing is left half-written beside the checkpoint (a killed run's partial file
        // goes with the next checkpoint written).
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("cache")) == ["kafka-events-killed.json"])
    }
}
