import ClickstreamAnalysis
import ClickstreamCore
import ClickstreamEvaluation
import ClickstreamSynthetic
import Foundation

/// The measured quality the demo report shows: the detector scorecard and the root-cause
/// ranking trials, both on the same clean generated datasets (seeds 1–3). Measured once
/// into `data/` and reused while the build of the tool and the settings that shape them
/// stay the same: a rebuilt tool (whose detector or ranking may have changed) measures again.
public enum DemoMeasurements {
    public static let scorecardPath = "data/scorecard.json"
    public static let rankTrialsPath = "data/rank-trials.json"
    /// Which build made the two files (`buildStamp`).
    static let stampPath = "data/measurements.stamp"

    /// The tool's version and the running executable's size and modification time.
    static var buildStamp: String {
        let attributes = Bundle.main.executablePath.flatMap { try? FileManager.default.attributesOfItem(atPath: $0) }
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
        return "\(ToolVersion.current) \(size) \(modified)\n"
    }

    /// Whether the stamp file at `path` holds exactly `stamp` (false when it is missing).
    static func isStamped(_ path: String, by stamp: String) -> Bool {
        FileManager.default.contents(atPath: path) == Data(stamp.utf8)
    }

    /// Measures whatever of the two is missing or stale, generating the clean datasets once.
    public static func ensure(settings: AnalysisSettings, say: (String) -> Void) throws {
        let card = ScorecardSettings()
        let seeds = card.datasetSeeds
        let stamp = buildStamp
        let sameBuild = isStamped(stampPath, by: stamp)
        let scorecardFresh = sameBuild && (try? MeasurementFiles.scorecard(scorecardPath))?.matches(settings: card, analysis: settings) ?? false
        let rankingFresh = sameBuild && (try? MeasurementFiles.rankTrials(rankTrialsPath))?.matches(settings: settings, datasets: seeds) ?? false
        guard !scorecardFresh || !rankingFresh else { return }
        let data = try ScorecardData.generate(seeds: seeds, generator: GeneratorSettings(), settings: settings)
        if !scorecardFresh {
            let result = Scorecard(settings: card, analysis: settings).run(on: data)
            try write(result.summary, to: scorecardPath)
            say("measured the detector scorecard: \(scorecardPath) (\(Format.thousands(result.trialCount + result.goalTrialCount)) injected incidents)")
        }
        if !rankingFresh {
            let output = rankTrials(on: data, settings: settings)
            try write(output, to: rankTrialsPath)
            say("measured the root-cause ranking: \(rankTrialsPath) (\(Format.thousands(output.trials.count)) injected incidents)")
        }
        do {
            try Data(stamp.utf8).write(to: URL(fileURLWithPath: stampPath))
        } catch {
            throw ClickstreamError.io(path: stampPath, message: "cannot write: \(ClickstreamError.plainWords(error))")
        }
    }

    /// The ranking trials on clean datasets with these settings.
    public static func rankTrials(on data: [ScorecardData], settings: AnalysisSettings) -> RootCauseTrials.Output {
        var trials = RootCauseTrials()
        trials.settings = settings
        return RootCauseTrials.Output(settings: settings, datasets: data.map(\.seed), trials: trials.run(on: data))
    }

    /// Sorted-key JSON, written whole.
    public static func write<T: Encodable>(_ value: T, to path: String) throws(ClickstreamError) {
        let data = try StableJSON.data(value)
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw .io(path: path, message: "cannot write the JSON file (\(ClickstreamError.plainWords(error)))")
        }
    }
}
