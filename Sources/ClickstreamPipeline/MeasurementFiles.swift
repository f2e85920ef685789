import ClickstreamAnalysis
import ClickstreamCore
import Foundation

/// Reads the measurement files `scorecard` and `rank-trials` write, which a report shows.
public enum MeasurementFiles {
    /// The detector scorecard at `path`.
    public static func scorecard(_ path: String) throws(ClickstreamError) -> ScorecardResult {
        guard let data = FileManager.default.contents(atPath: path),
              let result = try? JSONDecoder().decode(ScorecardResult.self, from: data) else {
            throw ClickstreamError(stage: "report", path: path, message: "not a scorecard JSON file")
        }
        return result
    }

    /// The root-cause ranking trials at `path`.
    public static func rankTrials(_ path: String) throws(ClickstreamError) -> RankTrials.Output {
        guard let data = FileManager.default.contents(atPath: path),
              let output = try? JSONDecoder().decode(RankTrials.Output.self, from: data) else {
            throw ClickstreamError(stage: "report", path: path, message: "not a rank-trials JSON file (made by this version of rank-trials)")
        }
        return output
    }
}
