@testable import ClickstreamCore
import Foundation

/// A small enriched CSV written day by day with known counts, so every exit code can be
/// provoked on purpose: two segments with steady traffic, either of which can vanish or
/// lose its sales from a given day on.
struct DailyFixture {
    struct Series {
        var device: String, os: String, browser: String
        var views: Int
        /// Transactions on even and odd days (a little variation, so z is defined).
        var transactions: (even: Int, odd: Int)
        /// From this day index on: no events at all (nil: never).
        var vanishFrom: Int? = nil
        /// From this day index on: this many transactions a day (nil: never).
        var dropFrom: (day: Int, transactions: Int)? = nil
    }

    var start = Day(iso: "2015-06-01")!
    var days = 70
    var series = [
        Series(device: "Desktop", os: "Windows", browser: "Chrome", views: 300, transactions: (9, 10)),
        Series(device: "Mobile", os: "iOS", browser: "Safari", views: 200, transactions: (6, 7)),
    ]

    /// The CSV text: one row per event, at noon UTC of its day.
    var csv: String {
        var lines = ["timestamp,visitorid,event,itemid,transactionid,device,os,browser"]
        var transactionID = 0
        for index in 0..<days {
            let noon = Int64(start.advanced(by: index).ordinal) * 86_400_000 + 43_200_000
            for s in series {
                if let vanish = s.vanishFrom, index >= vanish { continue }
                var sales = index % 2 == 0 ? s.transactions.even : s.transactions.odd
                if let drop = s.dropFrom, index >= drop.day { sales = drop.transactions }
                for visitor in 0..<s.views {
                    lines.append("\(noon),\(visitor),view,1,,\(s.device),\(s.os),\(s.browser)")
                }
                for visitor in 0..<sales {
                    transactionID += 1
                    lines.append("\(noon),\(visitor),transaction,1,\(transactionID),\(s.device),\(s.os),\(s.browser)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var lastDay: Day { start.advanced(by: days - 1) }

    /// Writes the CSV into `folder` and returns its path.
    func write(to folder: String, name: String = "events.csv") -> String {
        let path = folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(csv.utf8))
        return path
    }
}
