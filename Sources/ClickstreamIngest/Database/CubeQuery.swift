import ClickstreamCore
import Foundation

/// The one statement that computes the daily cube where the data lives, and the
/// data-quality counts beside it: each row is valid or rejected by the rules a CSV row
/// meets (`RowRules`, in the same order: time, visitor, event, item, transaction, a
/// transaction's revenue, dimensions), the valid ones grouped by the shop's calendar day and segment, the rejected
/// ones counted by reason (and, for unknown event names, by name).
///
/// Identifiers from the config are quoted for the dialect; every value (the time zone, the
/// event names) is passed as a parameter, never spliced into the text.
///
/// Result columns, for every kind of row: kind (0 a cell, 1 rejected rows, 2 a cell on a
/// day outside `--since`/`--until`, left out but counted and checked), day (days
/// since 1970-01-01 on the shop's clock), reason, event name, one text column per
/// dimension, then views (or the rejected rows' count), add-to-carts, transactions, the
/// earliest and latest milliseconds after local midnight, transactions without an id,
/// other events with one, and the transactions' revenue in minor units (0 without a
/// revenue column).
package struct CubeQuery: Equatable {
    package var sql: String
    package var parameters: [String?]

    /// What the source's columns hold, by their database types.
    package enum ColumnKind: Equatable {
        case integer
        case text
        /// An instant in whole seconds or finer (`timestamptz`, ClickHouse's `DateTime`).
        case instant
        /// An instant with a fraction of a second (ClickHouse's `DateTime64`).
        case preciseInstant
        /// A wall-clock time without a zone (`timestamp`): read in the shop's zone.
        case wallClock
        /// An exact fixed-point number (`numeric`, ClickHouse's `Decimal`).
        case decimal
        /// A binary floating-point number (`real`, `double precision`, `Float32`, `Float64`).
        case floating

        /// What the kind holds, for messages.
        var words: String {
            switch self {
            case .integer: "an integer"
            case .text: "text"
            case .instant, .preciseInstant, .wallClock: "a time"
            case .decimal: "a decimal number"
            case .floating: "a floating-point number"
            }
        }
    }

    /// A column of the table: its name as the database spells it and what it holds.
    package struct Column: Equatable {
        package var name: String
        package var kind: ColumnKind

        package init(name: String, kind: ColumnKind) {
            self.name = name
            self.kind = kind
        }
    }

    /// The columns the analysis reads, found in the table.
    package struct Columns: Equatable {
        package var time: Column
        package var visitor: Column
        package var event: Column
        package var item: Column?
        package var transaction: Column?
        /// The transactions' revenue, when the config maps one.
        package var revenue: Column?
        /// One per dimension, in drill order (empty: all traffic as one segment).
        package var dimensions: [Column]
    }

    /// The kind of a row (see the type's comment), as the statement computes it from
    /// `valid` and the shop's `day`, for both dialects; the day bounds are whole numbers.
    static func kind(valid: String, bounds: DayBounds?) -> String {
        let limits = [bounds?.since.map { "day >= \($0.ordinal)" }, bounds?.until.map { "day <= \($0.ordinal)" }].compactMap { $0 }
        guard !limits.isEmpty else { return "CASE WHEN \(valid) THEN 0 ELSE 1 END" }
        return "CASE WHEN NOT (\(valid)) THEN 1 WHEN \(limits.joined(separator: " AND ")) THEN 0 ELSE 2 END"
    }

    /// Whether an id column is read as text (else as an integer), for both dialects: text
    /// only where the config maps the columns, never a time.
    static func isTextID(_ c: Column, role: String, options: IngestOptions, source: String) throws(ClickstreamError) -> Bool {
        switch c.kind {
        case .integer: return false
        case .text:
            guard options.idsAreText else {
                throw ClickstreamError(stage: "ingest", path: source, message: "the \(role) column \(TerminalText.safe(c.name)) is text: map the columns in the config (input.columns) to read text ids")
            }
            return true
        default:
            throw ClickstreamError(stage: "ingest", path: source, message: "the \(role) column \(TerminalText.safe(c.name)) is \(c.kind.words), not an id")
        }
    }

    /// How PostgreSQL reads `column` (an expression of a `Column` of `kind`) as
    /// `RevenueAmount` reads it: minor units as a bigint, NULL when the value is no amount.
    /// Text, integers and decimals go by their text (exact); floating point is scaled and
    /// rounded half to even (`round` of a double is `rint`).
    static func postgresRevenue(_ column: String, kind: ColumnKind, decimals: Int, source: String) throws(ClickstreamError) -> String {
        let limit = RevenueAmount.limit
        switch kind {
        case .floating:
            let scaled = "round(\(column)::double precision * \(Int(RevenueAmount.scale(decimals)))::double precision)"
            // NaN sorts above every number in PostgreSQL: `< limit` rules it out.
            return "CASE WHEN \(scaled) >= 0 AND \(scaled) < \(limit) THEN \(scaled)::bigint END"
        case .text, .integer, .decimal:
            let t = "\(column)::text"
            let whole = "ltrim(split_part(\(t), '.', 1), '0')", fraction = "split_part(\(t), '.', 2)"
            let digits = "('0' || \(whole) || substr(\(fraction) || '000000', 1, \(decimals)))::bigint"
            return "CASE WHEN \(t) ~ '^[0-9]+([.][0-9]+)?$' AND length(\(whole)) <= \(RevenueAmount.integerDigits) "
                + "AND substr(\(fraction), \(decimals + 1)) ~ '^0*$' THEN CASE WHEN \(digits) < \(limit) THEN \(digits) END END"
        case .instant, .preciseInstant, .wallClock:
            throw ClickstreamError(stage: "ingest", path: source, message: "the revenue column is a time, not an amount")
        }
    }

    /// A PostgreSQL identifier: in double quotes, a quote doubled.
    static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// The PostgreSQL statement for `table` (`schema.name` when it holds a dot).
    package static func postgres(table: String, columns: Columns, options: IngestOptions) throws(ClickstreamError) -> CubeQuery {
        let parts = table.split(separator: ".", maxSplits: 1).map(String.init)
        let from = parts.map(quoted).joined(separator: ".")
        func column(_ c: Column) -> String { "s." + quoted(c.name) }
        // The time in epoch milliseconds.
        let t = column(columns.time)
        let milliseconds: String
        switch columns.time.kind {
        case .integer:
            switch options.timeUnit {
            case .milliseconds: milliseconds = "\(t)::bigint"
            // A value whose milliseconds would overflow is no time (NULL: rejected), not an error.
            case .seconds: milliseconds = "CASE WHEN abs(\(t)::numeric) < 9000000000000000 THEN \(t)::bigint * 1000 END"
            case .microseconds: milliseconds = "div(\(t)::numeric, 1000)::bigint"
            case .auto:
                milliseconds = "CASE WHEN \(t) >= \(RowRules.earliestTimestamp) THEN (CASE WHEN \(t) >= \(RowRules.latestTimestamp) THEN div(\(t)::numeric, 1000)::bigint ELSE \(t)::bigint END) WHEN abs(\(t)::numeric) < 9000000000000000 THEN \(t)::bigint * 1000 END"
            }
        // 'infinity' is no time (NULL: rejected), not an error.
        case .instant: milliseconds = "CASE WHEN isfinite(\(t)) THEN floor(extract(epoch from \(t)) * 1000)::bigint END"
        case .wallClock: milliseconds = "CASE WHEN isfinite(\(t)) THEN floor(extract(epoch from (\(t) AT TIME ZONE $1)) * 1000)::bigint END"
        case .text, .preciseInstant, .decimal, .floating:
            throw ClickstreamError(stage: "ingest", path: table, message: "the time column \(TerminalText.safe(columns.time.name)) is \(columns.time.kind.words): a PostgreSQL source reads epoch integers, timestamp or timestamptz")
        }
        func id(_ c: Column, role: String) throws(ClickstreamError) -> String {
            try isTextID(c, role: role, options: options, source: table) ? "nullif(\(column(c))::text, '')" : "\(column(c))::bigint"
        }
        let visitor = try id(columns.visitor, role: "visitor")
        let item = try columns.item.map { (c) throws(ClickstreamError) in try id(c, role: "item") } ?? "NULL::bigint"
        let transaction = try columns.transaction.map { (c) throws(ClickstreamError) in try id(c, role: "transaction") } ?? "NULL::bigint"
        let dimensions = columns.dimensions.enumerated().map { "\(column($1))::text AS d\($0)" }
        let dimensionNames = columns.dimensions.indices.map { "d\($0)" }
        // A text id is only ever null or not; a number id must not be negative.
        func bad(_ name: String, _ c: Column?, noneAllowed: Bool) -> String {
            guard let c else { return "false" }
            let negative = c.kind == .text ? "false" : "\(name) < 0"
            return noneAllowed ? negative : "\(name) IS NULL OR \(negative)"
        }
        let itemNoneAllowed = options.idsAreText || columns.item == nil
        let emptyDimension = dimensionNames.map { "\($0) IS NULL OR \($0) = ''" }
        let revenue = try columns.revenue.map { (c) throws(ClickstreamError) in
            try postgresRevenue(column(c), kind: c.kind, decimals: options.revenueDecimals, source: table)
        } ?? "0::bigint"
        let reasons = [
            "WHEN ms IS NULL OR ms < \(RowRules.earliestTimestamp) OR ms >= \(RowRules.latestTimestamp) THEN 'timestamp'",
            "WHEN \(bad("v", columns.visitor, noneAllowed: false)) THEN 'visitorid'",
            "WHEN ev IS NULL OR NOT (ev = ANY($2::text[]) OR ev = ANY($3::text[]) OR ev = ANY($4::text[])) THEN 'event'",
            "WHEN \(bad("it", columns.item, noneAllowed: itemNoneAllowed)) THEN 'itemid'",
            "WHEN \(bad("tx", columns.transaction, noneAllowed: true)) THEN 'transactionid'",
        ] + (columns.revenue == nil ? [] : [
            // A transaction (neither a view nor an add-to-cart, once the event is known).
            "WHEN NOT (ev = ANY($2::text[]) OR ev = ANY($3::text[])) AND rev IS NULL THEN 'revenue'",
        ]) + (emptyDimension.isEmpty ? [] : ["WHEN " + emptyDimension.joined(separator: " OR ") + " THEN 'empty segment field'"])
        // The shop's calendar day and the milliseconds after its midnight: in UTC by integer
        // division; in another zone from the local wall-clock time, with exact interval
        // arithmetic (microseconds, no floating point).
        let local = "((timestamp 'epoch' + ms * interval '1 millisecond') AT TIME ZONE 'UTC') AT TIME ZONE $1"
        let day = options.timeZone.isUTC ? "div(ms, 86400000)::integer" : "(\(local))::date - date '1970-01-01'"
        let ofDay = options.timeZone.isUTC ? "mod(ms, 86400000)"
            : "(extract(epoch from (\(local)) - date_trunc('day', \(local))) * 1000)::bigint"
        // One scan, one GROUP BY: a valid row is grouped by its day and dimensions, a
        // rejected one by its reason (and an unknown event by its name).
        let valid = "reason IS NULL"
        let groups = dimensionNames.map { "CASE WHEN \(valid) THEN \($0) END AS g\($0)" }
        let columnsOut = ([kind(valid: valid, bounds: options.days) + " AS kind", "day", "reason", "name"] + dimensionNames.map { "g\($0)" } + [
            "count(*) FILTER (WHERE NOT \(valid) OR step = 0)", "count(*) FILTER (WHERE \(valid) AND step = 1)",
            "count(*) FILTER (WHERE \(valid) AND step = 2)", "min(of_day)", "max(of_day)",
            "count(*) FILTER (WHERE \(valid) AND step = 2 AND tx IS NULL)",
            "count(*) FILTER (WHERE \(valid) AND step <> 2 AND tx IS NOT NULL)",
            "coalesce(sum(rev) FILTER (WHERE \(valid) AND step = 2), 0)",
        ]).joined(separator: ", ")
        let groupBy = (["1", "2", "3", "4"] + dimensionNames.indices.map { String($0 + 5) }).joined(separator: ", ")
        let sql = """
            SELECT \(columnsOut) FROM (
              SELECT *, CASE WHEN \(valid) THEN \(day) END AS day, CASE WHEN \(valid) THEN \(ofDay) END AS of_day,
                CASE WHEN reason = 'event' THEN coalesce(ev, '') END AS name\(groups.map { ", " + $0 }.joined())
              FROM (
                SELECT *, CASE \(reasons.joined(separator: " ")) END AS reason,
                  CASE WHEN ev = ANY($2::text[]) THEN 0 WHEN ev = ANY($3::text[]) THEN 1 ELSE 2 END AS step
                FROM (
                  SELECT \(milliseconds) AS ms, \(visitor) AS v, \(column(columns.event))::text AS ev, \(item) AS it, \(transaction) AS tx, \(revenue) AS rev\(dimensions.map { ", " + $0 }.joined())
                  FROM \(from) AS s
                  WHERE $1::text IS NOT NULL
                ) AS source
              ) AS checked
            ) AS rows
            GROUP BY \(groupBy)
            """
        func array(_ names: [String]) -> String {
            "{" + names.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ",") + "}"
        }
        return CubeQuery(sql: sql, parameters: [options.timeZone.name, array(options.events.view), array(options.events.addtocart),
                                                array(options.events.transaction)])
    }
}
