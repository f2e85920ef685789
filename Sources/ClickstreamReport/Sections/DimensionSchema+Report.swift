import ClickstreamCore

/// How the report names dimensions in prose and in chart file names.
extension DimensionSchema {
    /// How the report names each dimension (`OS` for the standard `os`).
    var labels: [String] { names.map { $0 == "os" && self == .standard ? "OS" : $0 } }

    /// The drill order as prose: `device → OS → browser`.
    var drillOrder: String { labels.joined(separator: " → ") }

    /// A file-name part for each dimension: its name in lowercase letters, digits and `-`
    /// (`App Version` → `app-version`), numbered when two would be the same.
    var fileNames: [String] {
        let slugs = names.map { name in
            String(name.lowercased().unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-" })
        }
        return slugs.enumerated().map { index, slug in slugs.filter { $0 == slug }.count > 1 ? "\(slug)-\(index + 1)" : slug }
    }
}
