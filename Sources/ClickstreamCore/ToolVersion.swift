/// The version this build reports in metadata, `--version` and the report's provenance.
public enum ToolVersion {
    public static let current = "0.1.0"
}
