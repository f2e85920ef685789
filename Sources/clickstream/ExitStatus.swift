import ArgumentParser

/// The exit codes the command line documents (README, `--help`).
enum ExitStatus {
    /// An alert at the `--fail-on` level.
    static let alert = ExitCode(2)
    /// No verdict possible: no accepted rows, no day the detector could judge, data older
    /// than `--max-age`, or a date after the data.
    static let noVerdict = ExitCode(3)
    /// Bad usage (the same code swift-argument-parser gives a validation error).
    static let usage = ExitCode(64)

    /// The text every command's help ends with.
    static let help = """
        Exit codes: 0 analysed, nothing at the --fail-on level; 2 an alert at the --fail-on \
        level (the site is written); 3 no verdict possible: no accepted rows, no day of the \
        recent period the detector could judge, data older than --max-age, or a date after the \
        data (the site is written and says why); 1 the run failed (nothing is published); \
        64 bad usage (an unknown option, setting or segment name).
        """
}
