import ClickstreamCore
import Foundation

extension CubeQuery {
    /// A ClickHouse identifier: in backquotes, a backquote or backslash escaped by a backslash.
    static func backquoted(_ identifier: String) -> String {
        "`" + identifier.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "`", with: "\\`") + "`"
    }

    /// A text value in ClickHouse's SQL whatever its bytes: `unhex('…')` of its hexadecimal
    /// digits, so nothing of the value reaches the statement's syntax (HTTP-era servers such
    /// as 18.16 take no query parameters).
    static func literal(_ value: String) -> String {
        "unhex('" + value.utf8.map { String(format: "%02X", $0) }.joined() + "')"
    }

    /// The ClickHouse statement for `table` in `database` (a MergeTree table, or a
    /// Distributed one over a cluster: each shard groups its own rows and the server the
    /// query went to merges their groups). Same result columns and the same rules as the
    /// PostgreSQL statement (`postgres(table:columns:options:)`), in ClickHouse 18.16's
    /// dialect: every condition made non-null with `ifNull`, `multiIf` for CASE, `countIf`
    /// for FILTER. Valid rows carry an empty reason.
    package static func clickhouse(database: String, table: String, columns: Columns, options: IngestOptions) throws(ClickstreamError) -> CubeQuery {
        let from = backquoted(database) + "." + backquoted(table)
        let source = "\(database).\(table)"
        func column(_ c: Column) -> String { backquoted(c.name) }
        let earliest = RowRules.earliestTimestamp, latest = RowRules.latestTimestamp
        // The time in epoch milliseconds; a null or an overflow becomes -1 (rejected).
        let t = "ifNull(toInt64(\(column(columns.time))), -1)"
        let milliseconds: String
        switch columns.time.kind {
        case .integer:
            let seconds = "if(\(t) > -9000000000000000 AND \(t) < 9000000000000000, \(t) * 1000, -1)"
            switch options.timeUnit {
            case .milliseconds: milliseconds = t
            case .seconds: milliseconds = seconds
            case .microseconds: milliseconds = "intDiv(\(t), 1000)"
            case .auto: milliseconds = "multiIf(\(t) >= \(earliest), if(\(t) >= \(latest), intDiv(\(t), 1000), \(t)), \(seconds))"
            }
        case .instant: milliseconds = "ifNull(toInt64(\(column(columns.time))) * 1000, -1)"
        case .preciseInstant: milliseconds = "ifNull(toUnixTimestamp64Milli(\(column(columns.time))), -1)"
        case .wallClock, .text, .decimal, .floating:
            throw ClickstreamError(stage: "ingest", path: source, message: "the time column \(TerminalText.safe(columns.time.name)) is \(columns.time.kind.words): a ClickHouse source reads epoch integers, DateTime or DateTime64")
        }
        // Ids: integers as Int64 (an unsigned value past Int64 wraps negative: rejected, as
        // in a CSV file), text with '' as none.
        func id(_ c: Column, role: String) throws(ClickstreamError) -> String {
            try isTextID(c, role: role, options: options, source: source) ? "nullIf(toString(\(column(c))), '')" : "toInt64(\(column(c)))"
        }
        let visitor = try id(columns.visitor, role: "visitor")
        let item = try columns.item.map { (c) throws(ClickstreamError) in try id(c, role: "item") } ?? "CAST(NULL AS Nullable(Int64))"
        let transaction = try columns.transaction.map { (c) throws(ClickstreamError) in try id(c, role: "transaction") } ?? "CAST(NULL AS Nullable(Int64))"
        let dimensions = columns.dimensions.enumerated().map { "ifNull(toString(\(column($1))), '') AS d\($0)" }
        let dimensionNames = columns.dimensions.indices.map { "d\($0)" }
        // A text id is only ever null or not; a number id must not be negative.
        func bad(_ name: String, _ c: Column?, noneAllowed: Bool) -> String {
            guard let c else { return "0" }
            let negative = c.kind == .text ? "0" : "\(name) < 0"
            return "ifNull(\(negative), \(noneAllowed ? 0 : 1))"
        }
        func among(_ names: [String]) -> String { names.isEmpty ? "0" : "ev IN (\(names.map(literal).joined(separator: ", ")))" }
        let itemNoneAllowed = options.idsAreText || columns.item == nil
        let emptyDimension = dimensionNames.map { "\($0) = ''" }
        let revenue = try columns.revenue.map { (c) throws(ClickstreamError) in
            try clickhouseRevenue(column(c), kind: c.kind, decimals: options.revenueDecimals, source: source)
        } ?? "toInt64(0)"
        let reasons = [
            "ms < \(earliest) OR ms >= \(latest), 'timestamp'",
            "\(bad("v", columns.visitor, noneAllowed: false)), 'visitorid'",
            "NOT (\(among(options.events.view)) OR \(among(options.events.addtocart)) OR \(among(options.events.transaction))), 'event'",
            "\(bad("it", columns.item, noneAllowed: itemNoneAllowed)), 'itemid'",
            "\(bad("tx", columns.transaction, noneAllowed: true)), 'transactionid'",
        ] + (columns.revenue == nil ? [] : [
            // A transaction (neither a view nor an add-to-cart, once the event is known).
            "NOT (\(among(options.events.view)) OR \(among(options.events.addtocart))) AND rev < 0, 'revenue'",
        ]) + (emptyDimension.isEmpty ? [] : [emptyDimension.joined(separator: " OR ") + ", 'empty segment field'"])
        // The shop's calendar day and the wall-clock milliseconds after its midnight: in UTC
        // by integer division; in another zone by the server's zone rules (the zone's name
        // passed as a constant).
        let zone = literal(options.timeZone.name)
        let day = options.timeZone.isUTC ? "intDiv(ms, 86400000)" : "toInt64(toDate(at, \(zone)))"
        let ofDay = options.timeZone.isUTC ? "ms % 86400000"
            : "(toInt64(toHour(at, \(zone))) * 3600 + toInt64(toMinute(at, \(zone))) * 60 + toInt64(toSecond(at, \(zone)))) * 1000 + ms % 1000"
        let valid = "reason = ''"
        let groups = dimensionNames.map { "if(\(valid), \($0), '') AS g\($0)" }
        let columnsOut = ([kind(valid: valid, bounds: options.days) + " AS kind", "day", "reason", "name"] + dimensionNames.map { "g\($0)" } + [
            "countIf(NOT \(valid) OR step = 0)", "countIf(\(valid) AND step = 1)", "countIf(\(valid) AND step = 2)",
            "min(of_day)", "max(of_day)", "countIf(\(valid) AND step = 2 AND isNull(tx))",
            "countIf(\(valid) AND step != 2 AND isNotNull(tx))", "sumIf(rev, \(valid) AND step = 2)",
        ]).joined(separator: ", ")
        let groupBy = (["kind", "day", "reason", "name"] + dimensionNames.map { "g\($0)" }).joined(separator: ", ")
        let sql = """
            SELECT \(columnsOut) FROM (
              SELECT reason, step, tx, rev, if(\(valid), \(day), 0) AS day, if(\(valid), \(ofDay), 0) AS of_day,
                if(reason = 'event', ev, '') AS name\(groups.map { ", " + $0 }.joined())
              FROM (
                SELECT *, toDateTime(intDiv(ms, 1000)) AS at, multiIf(\(reasons.joined(separator: ", ")), '') AS reason,
                  multiIf(\(among(options.events.view)), 0, \(among(options.events.addtocart)), 1, 2) AS step
                FROM (
                  SELECT \(milliseconds) AS ms, \(visitor) AS v, ifNull(toString(\(column(columns.event))), '') AS ev, \(item) AS it, \(transaction) AS tx, \(revenue) AS rev\(dimensions.map { ", " + $0 }.joined())
                  FROM \(from)
                )
              )
            )
            GROUP BY \(groupBy)
            """
        return CubeQuery(sql: sql, parameters: [])
    }

    /// How ClickHouse reads `column` as `RevenueAmount` reads it: minor units as an Int64,
    /// -1 when the value is no amount (`postgresRevenue`'s rules, in 18.16's functions: every
    /// branch is evaluated, so each conversion is one that cannot fail).
    static func clickhouseRevenue(_ column: String, kind: ColumnKind, decimals: Int, source: String) throws(ClickstreamError) -> String {
        let limit = RevenueAmount.limit
        switch kind {
        case .floating:
            let scaled = "round(ifNull(toFloat64(\(column)), nan) * \(Int(RevenueAmount.scale(decimals))))"
            let ok = "isFinite(\(scaled)) AND \(scaled) >= 0 AND \(scaled) < \(limit)"
            return "if(\(ok), toInt64(if(\(ok), \(scaled), 0)), -1)"
        case .text, .integer, .decimal:
            let t = "ifNull(toString(\(column)), '')"
            let whole = "replaceRegexpOne(splitByChar('.', \(t))[1], '^0+', '')", fraction = "splitByChar('.', \(t))[2]"
            let digits = "toUInt64OrZero(concat('0', \(whole), substring(concat(\(fraction), '000000'), 1, \(decimals))))"
            let ok = "match(\(t), '^[0-9]+([.][0-9]+)?$') AND length(\(whole)) <= \(RevenueAmount.integerDigits) "
                + "AND match(substring(\(fraction), \(decimals + 1), length(\(fraction)) + 1), '^0*$') AND \(digits) < \(limit)"
            return "if(\(ok), toInt64(\(digits)), -1)"
        case .instant, .preciseInstant, .wallClock:
            throw ClickstreamError(stage: "ingest", path: source, message: "the revenue column is a time, not an amount")
        }
    }
}
