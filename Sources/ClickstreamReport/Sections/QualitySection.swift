import ClickstreamAnalysis
import ClickstreamCore

/// Data quality: the inputs, every file's counts, the rejects and their reasons, and the
/// synthetic incident's own check when the data states one.
struct QualitySection: SectionModel {
    struct FileCounts: Encodable {
        var path: String
        var layout: String
        var records: String
        var accepted: String
        var rejected: String
        var blank: String
    }

    struct Reject: Encodable {
        var location: String
        var reason: String
        var message: String
        var excerpt: String
    }

    struct ReasonCount: Encodable {
        var reason: String
        var count: String
    }

    struct Incident: Encodable {
        var segment: String
        var first: String
        var last: String
        var fraction: String
        var inWindow: String
        var converted: String
        var realised: String
        var beforeViews: String
        var beforeCarts: String
        var beforeTransactions: String
        var afterViews: String
        var afterCarts: String
        var afterTransactions: String
        var addsUp: Bool
    }

    var files: [InputRow]
    var perFile: [FileCounts]
    var accepted: String
    var rejected: String
    var blankLines: String
    var hasRejects: Bool
    var rejects: [Reject]
    var reasons: [ReasonCount]
    var transactionsWithoutID: String
    var transactionIDsOnOtherEvents: String
    var outOfOrderRows: String
    var hasWallClockTimes: Bool
    var wallClockTimes: String
    var timeZone: String
    var hasDecimalIDs: Bool
    var decimalIDs: String
    var firstDecimalID: String
    var duplicatePolicy: String
    var duplicatesChecked: Bool
    var duplicateRows: String
    var daysWithoutEvents: String
    var hasEmptyDays: Bool
    var hasIncident: Bool?
    var incident: Incident?

    init(_ input: ReportInput) {
        typealias F = ReportFormat
        let q = input.quality
        files = input.inputs.map(InputRow.init)
        perFile = q.files.map {
            FileCounts(path: $0.path, layout: $0.layout, records: F.count($0.records), accepted: F.count($0.accepted),
                       rejected: F.count($0.rejected), blank: F.count($0.blankLines))
        }
        accepted = F.count(q.accepted)
        rejected = F.count(q.rejected)
        blankLines = F.count(q.blankLines)
        hasRejects = !q.rejects.isEmpty
        rejects = q.rejects.map {
            Reject(location: "\($0.file):\($0.line):\($0.column)", reason: $0.reason.rawValue, message: $0.message, excerpt: $0.excerpt)
        }
        reasons = q.rejectsByReason.sorted { $0.key < $1.key }.map { ReasonCount(reason: $0.key.rawValue, count: F.count($0.value)) }
        transactionsWithoutID = F.count(q.transactionsWithoutID)
        transactionIDsOnOtherEvents = F.count(q.transactionIDsOnOtherEvents)
        outOfOrderRows = F.count(q.outOfOrderRows)
        hasWallClockTimes = q.wallClockTimes != nil
        wallClockTimes = F.count(q.wallClockTimes ?? 0)
        timeZone = q.timeZone
        hasDecimalIDs = q.decimalIDs > 0
        decimalIDs = F.count(q.decimalIDs)
        firstDecimalID = q.firstDecimalID?.description ?? ""
        duplicatePolicy = q.duplicatePolicy.rawValue
        duplicatesChecked = q.duplicateRows != nil
        duplicateRows = F.count(q.duplicateRows ?? 0)
        daysWithoutEvents = input.results.dataset.daysWithoutEvents.map(\.description).joined(separator: ", ")
        hasEmptyDays = !input.results.dataset.daysWithoutEvents.isEmpty
        if let i = input.results.incident {
            hasIncident = true
            incident = Incident(segment: i.segment.displayName, first: i.firstDay.description, last: i.lastDay.description,
                                fraction: F.share(i.fraction), inWindow: F.count(i.transactionsInWindow), converted: F.count(i.converted),
                                realised: F.share(i.realisedFraction), beforeViews: F.count(i.totalsBefore.view),
                                beforeCarts: F.count(i.totalsBefore.addtocart), beforeTransactions: F.count(i.totalsBefore.transaction),
                                afterViews: F.count(i.totalsAfter.view), afterCarts: F.count(i.totalsAfter.addtocart),
                                afterTransactions: F.count(i.totalsAfter.transaction), addsUp: i.addsUp)
        }
    }
}
