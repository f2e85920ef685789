import ClickstreamKit
import Foundation
import Synchronization

/// Shows how far a read has come on stderr, rewriting one line in place: files, MB, events,
/// events per second and time left. Only on a terminal, never with `--quiet`, and only
/// once the work has run longer than `delay`, so quick runs and CI logs stay clean. The
/// line is erased when the work ends; errors and verdicts print after it as usual.
final class ProgressDisplay: Sendable {
    private let finished = Atomic<Bool>(false)
    private let drawn = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)
    private static let delay = Duration.milliseconds(400)
    private static let interval = Duration.milliseconds(200)

    /// Runs `work`, showing the ingest meter when stderr is a terminal and `quiet` is off.
    static func around<T, Failure: Error>(quiet: Bool, _ work: () throws(Failure) -> T) throws(Failure) -> T {
        guard shows(quiet: quiet, terminal: isatty(STDERR_FILENO) == 1) else { return try work() }
        let display = ProgressDisplay()
        let start = ContinuousClock.now
        Thread.detachNewThread { display.loop(since: start) }
        defer { display.finish() }
        return try work()
    }

    /// Whether progress is shown at all.
    static func shows(quiet: Bool, terminal: Bool) -> Bool { !quiet && terminal }

    private func loop(since start: ContinuousClock.Instant) {
        defer { stopped.signal() }
        while !finished.load(ordering: .acquiring) {
            Thread.sleep(forTimeInterval: 0.05)
            let elapsed = ContinuousClock.now - start
            guard elapsed >= Self.delay, !finished.load(ordering: .acquiring) else { continue }
            let line = Self.line(IngestMeter.shared.reading, seconds: Self.seconds(elapsed))
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
            drawn.store(true, ordering: .releasing)
            Thread.sleep(forTimeInterval: Self.seconds(Self.interval))
        }
    }

    private func finish() {
        finished.store(true, ordering: .releasing)
        stopped.wait()
        if drawn.load(ordering: .acquiring) { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// The progress line, e.g. `reading 12 / 276 files · 45.2 / 152.0 MB · 1.2 M events ·
    /// 9.8 M events/s · 0:03 left`.
    static func line(_ r: IngestMeter.Reading, seconds: Double) -> String {
        var parts: [String] = []
        if r.totalFiles > 1 { parts.append("\(Format.thousands(r.files)) / \(Format.thousands(r.totalFiles)) files") }
        parts.append("\(Format.fixed(Double(r.bytes) / 1e6, decimals: 1)) / \(Format.fixed(Double(r.totalBytes) / 1e6, decimals: 1)) MB")
        parts.append("\(millions(r.records)) events")
        if seconds > 0 { parts.append("\(millions(Int(Double(r.records) / seconds))) events/s") }
        if r.bytes > 0, r.totalBytes > r.bytes, seconds > 0 {
            let left = Int((Double(r.totalBytes - r.bytes) / (Double(r.bytes) / seconds)).rounded(.up))
            parts.append("\(left / 60):\(String(format: "%02d", left % 60)) left")
        }
        return "reading " + parts.joined(separator: " · ")
    }

    private static func millions(_ value: Int) -> String {
        value >= 1_000_000 ? "\(Format.fixed(Double(value) / 1e6, decimals: 1)) M" : Format.thousands(value)
    }
}
