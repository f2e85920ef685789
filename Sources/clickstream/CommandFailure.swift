import ArgumentParser
import ClickstreamCore
#if canImport(Glibc)
import Glibc
#endif

/// Turns a library error into the one-line message and exit code 1 the CLI promises.
enum CommandFailure {
    static func report<T>(stage: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ClickstreamError {
            printError("error: \(error.inStage(stage))")
            throw error.isUsage ? ExitStatus.usage : ExitCode.failure
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("error: \(stage): \(ClickstreamError.plainWords(error))")
            throw ExitCode.failure
        }
    }

    /// Writes a line to standard error with every control character made visible, so a
    /// file name holding terminal escape sequences cannot drive the terminal.
    static func printError(_ text: String) {
        var line = TerminalText.safe(text) + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
}

/// A line on standard output with control characters made visible (`TerminalText`).
func sayLine(_ text: String) {
    print(TerminalText.safe(text))
}
