import ClickstreamIngest
import ClickstreamSynthetic

/// Generated CSV files for tests that read real-sized input.
package enum GeneratedDataset {
    /// Writes a generated dataset (SPEC section 2's generator, seed 42) to `dir/name`.
    /// - Returns: the file's path.
    package static func write(_ dir: TemporaryDirectory, _ name: String, events: Int = 50_000, days: Int = 28,
                              layout: CSVLayout = .enriched, incident: IncidentSettings? = IncidentSettings()) throws -> String {
        var settings = GeneratorSettings()
        settings.events = events
        settings.days = days
        settings.layout = layout
        settings.incident = incident
        _ = try DatasetGenerator(settings: settings).write(to: dir.file(name))
        return dir.file(name)
    }
}

/// A generated dataset with a `revenue` column: an amount on each transaction, empty on
/// other events, as a shop's export carries it.
package enum RevenueDataset {
    /// The amounts the transactions carry, in turn: whole, one place, two places, a
    /// trailing zero, and leading zeros.
    package static let amounts = ["19.99", "20", "7.5", "120.00", "0.99", "1049.95", "003.10"]
    /// The same amounts in cents.
    package static let cents: [Int] = [1999, 2000, 750, 12000, 99, 104_995, 310]
    /// Whole amounts, for an integer column.
    package static let wholeAmounts = ["20", "7", "120", "1", "1050"]

    /// Writes the generated dataset with a `revenue` column after `transactionid`.
    /// - Returns: the file's path and the revenue of all its transactions in minor units.
    package static func write(_ dir: TemporaryDirectory, _ name: String, events: Int = 20_000, days: Int = 28,
                              whole: Bool = false) throws -> (path: String, revenue: Int) {
        let plain = try GeneratedDataset.write(dir, "plain-" + name, events: events, days: days)
        let lines = try String(contentsOfFile: plain, encoding: .utf8).split(separator: "\n")
        var out = ["timestamp,visitorid,event,itemid,transactionid,revenue,device,os,browser"]
        var turn = 0, total = 0
        for line in lines.dropFirst() {
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var amount = ""
            if fields[2] == "transaction" {
                if whole {
                    amount = wholeAmounts[turn % wholeAmounts.count]
                    total += Int(amount)! * 100
                } else {
                    amount = amounts[turn % amounts.count]
                    total += cents[turn % cents.count]
                }
                turn += 1
            }
            fields.insert(amount, at: 5)
            out.append(fields.joined(separator: ","))
        }
        try (out.joined(separator: "\n") + "\n").write(toFile: dir.file(name), atomically: true, encoding: .utf8)
        return (dir.file(name), total)
    }

    /// Options that read the `revenue` column at two places.
    package static var options: IngestOptions {
        var options = IngestOptions()
        options.columns.revenue = "revenue"
        return options
    }
}
