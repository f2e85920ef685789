import ArgumentParser
import ClickstreamAnalysis
import ClickstreamCore
import Foundation

/// Where a command's output goes: `--json PATH` writes the machine-readable form to a file,
/// or to standard output for `-`, and then every human line goes to standard error so
/// that standard output holds the JSON alone.
struct Output {
    /// The `--json` argument, if any.
    let json: String?
    /// Where standard output and standard error go (the terminal, or a test's buffers).
    var standardOutput: @Sendable (Data) -> Void = { FileHandle.standardOutput.write($0) }
    var standardError: @Sendable (String) -> Void = { CommandFailure.printError($0) }

    init(json: String?) { self.json = json }

    var jsonIsStandardOutput: Bool { json == "-" }

    /// A human line: standard output, or standard error while standard output carries JSON.
    func say(_ text: String) {
        if jsonIsStandardOutput { standardError(text) } else { standardOutput(Data((TerminalText.safe(text) + "\n").utf8)) }
    }

    /// Writes the JSON text to the `--json` destination: a file, or standard output for `-`.
    func writeJSON(_ data: Data) throws(ClickstreamError) {
        try writeJSON { write throws(ClickstreamError) in try write([UInt8](data)) }
    }

    /// Writes JSON that `produce` hands over in pieces (calling its argument with each) to
    /// the `--json` destination as they come, so a long one is never held whole. The file
    /// is opened at the first piece: a `produce` that fails before it leaves what was there.
    func writeJSON(_ produce: (_ write: ([UInt8]) throws(ClickstreamError) -> Void) throws(ClickstreamError) -> Void)
        throws(ClickstreamError) {
        guard let json else { return }
        if jsonIsStandardOutput {
            try produce { standardOutput(Data($0)) }
            return
        }
        func failure(_ words: String) -> ClickstreamError { .io(path: json, message: "cannot write the JSON file (\(words))") }
        var file: FileHandle?
        func opened() throws(ClickstreamError) -> FileHandle {
            if let file { return file }
            let fd = open(json, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw failure(errnoText()) }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            file = handle
            return handle
        }
        try produce { bytes throws(ClickstreamError) in
            let handle = try opened()
            do { try handle.write(contentsOf: bytes) } catch { throw failure(ClickstreamError.plainWords(error)) }
        }
        do { try opened().close() } catch let error as ClickstreamError { throw error } catch {
            throw failure(ClickstreamError.plainWords(error))
        }
    }

    /// Ends a run by its verdict: states on standard error why there is none (exit 3) or
    /// which days reached the `--fail-on` level (exit 2).
    static func finish(_ verdict: Verdict?, failOn: FailLevel?) throws {
        guard let verdict else { return }
        if !verdict.hasVerdict {
            for reason in verdict.noVerdictReasons { CommandFailure.printError("no verdict: \(reason.message)") }
            throw ExitStatus.noVerdict
        }
        if let failOn, failOn.isReached(by: verdict.alertLevel) {
            CommandFailure.printError("fail-on \(failOn.rawValue): \(verdict.status.rawValue) for \(verdict.segment.map(\.description) ?? "–"), "
                + "\(verdict.flaggedDays) flagged day(s) in the recent period, first \(verdict.firstFlaggedDay.map(\.description) ?? "–")")
            throw ExitStatus.alert
        }
    }
}
