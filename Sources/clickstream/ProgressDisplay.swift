import ClickstreamCore
import Foundation
import Synchronization

/// Shows how far a read or a generation has come on stderr, rewriting one line in place:
/// files, MB, events, events per second and time left. Only on a terminal, never with `--quiet`, and only
/// once the work has run longer than `delay`, so quick runs and CI logs stay clean. The
/// line is erased when the work ends; errors and verdicts print after it as usual.
final class ProgressDisplay: Sendable {
    private let finished = Atomic<Bool>(false)
    private let drawn = Atomic<Bool>(false)
    private let stopped = DispatchSemaphore(value: 0)
    private static let delay = Duration.milliseconds(400)
    private static let interval = Duration.milliseconds(200)

    private let meter: ProgressMeter

    private init(meter: ProgressMeter) { self.meter = meter }

    /// Runs `work` with a meter to count into (nil when nothing is shown), showing it (as
    /// "`verb` …") when stderr is a terminal and `quiet` is off.
    static func around<T, Failure: Error>(quiet: Bool, verb: String = "reading",
                                          _ work: (ProgressMeter?) throws(Failure) -> T) throws(Failure) -> T {
        guard shows(quiet: quiet, terminal: isatty(STDERR_FILENO) == 1) else { return try work(nil) }
        let display = ProgressDisplay(meter: ProgressMeter())
        let start = ContinuousClock.now
        Thread.detachNewThread { display.loop(since: start, verb: verb) }
        defer { display.finish() }
        return try work(display.meter)
    }

    /// Whether progress is shown at all.
    static func shows(quiet: Bool, terminal: Bool) -> Bool { !quiet && terminal }

    private func loop(since start: ContinuousClock.Instant, verb: String) {
        defer { stopped.signal() }
        while !finished.load(ordering: .acquiring) {
            Thread.sleep(forTimeInterval: 0.05)
            let elapsed = ContinuousClock.now - start
            guard elapsed >= Self.delay, !finished.load(ordering: .acquiring) else { continue }
            let line = Self.line(meter.reading, seconds: Self.seconds(elapsed), verb: verb)
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
    /// 9.8 M events/s · 0:03 left`. Time left follows the bytes when their total is known,
    /// else the events.
    static func line(_ r: ProgressMeter.Reading, seconds: Double, verb: String = "reading") -> String {
        var parts: [String] = []
        if r.totalFiles > 1 { parts.append("\(Format.thousands(r.files)) / \(Format.thousands(r.totalFiles)) files") }
        if r.totalBytes > 0 {
            parts.append("\(Format.fixed(Double(r.bytes) / 1e6, decimals: 1)) / \(Format.fixed(Double(r.totalBytes) / 1e6, decimals: 1)) MB")
        }
        parts.append(r.totalRecords > 0 ? "\(millions(r.records)) / \(millions(r.totalRecords)) events" : "\(millions(r.records)) events")
        if seconds > 0 { parts.append("\(millions(Int(clamping: Double(r.records) / seconds))) events/s") }
        let (done, total) = r.totalBytes > 0 ? (r.bytes, r.totalBytes) : (r.records, r.totalRecords)
        if done > 0, total > done, seconds > 0 {
            let left = Int(clamping: (Double(total - done) / (Double(done) / seconds)).rounded(.up))
            parts.append("\(left / 60):\(String(format: "%02d", left % 60)) left")
        }
        return verb + " " + parts.joined(separator: " · ")
    }

    private static func millions(_ value: Int) -> String {
        value >= 1_000_000 ? "\(Format.fixed(Double(value) / 1e6, decimals: 1)) M" : Format.thousands(value)
    }
}

extension Int {
    /// The nearest `Int` to a finite value, the ends of the range beyond it, 0 for NaN: a
    /// progress figure never traps.
    init(clamping value: Double) {
        if value.isNaN { self = 0 } else if value >= 9.2e18 { self = Int.max } else if value <= -9.2e18 { self = Int.min } else { self = Int(value) }
    }
}
