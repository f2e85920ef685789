import ClickstreamCore

/// How a Parquet column's typed values become the times and ids the CSV reader reads from
/// text, with the same rules: a number or text time in the configured unit, a timestamp
/// by its own unit, ids that are non-negative integers (or, where the config allows text
/// ids, any text). Text values follow the CSV rules exactly (`NumberParsing`, `ISOTime`,
/// `IDField`).
enum ParquetValueRules {
    /// How a time column's values are read.
    enum TimeReading {
        /// Integers in the configured unit (`input.time_unit`), as in a CSV file.
        case epoch(TimeUnit)
        /// A TIMESTAMP: milliseconds are `value / divisor` (rounded down); `utc: false`
        /// is a wall-clock time in the shop's zone.
        case timestamp(divisor: Int64, utc: Bool)
        /// A DATE: a calendar day, read as local midnight.
        case date
        /// Spark's INT96, already epoch milliseconds.
        case int96
        /// FLOAT or DOUBLE holding whole numbers in the configured unit.
        case floating(TimeUnit)
        /// Text: an integer in the configured unit or an ISO-8601 time.
        case text(TimeUnit)
    }

    static func timeReading(_ leaf: ParquetLeaf, unit: TimeUnit, path: String) throws(ClickstreamError) -> TimeReading {
        switch leaf.type {
        case .int96: return .int96
        case .byteArray, .fixedLenByteArray: return .text(unit)
        case .float, .double: return .floating(unit)
        default: break
        }
        switch leaf.logical {
        case .timestamp(let code, let utc)?:
            guard let divisor = [1: Int64(1), 2: 1000, 3: 1_000_000][code] else {
                throw ClickstreamError(stage: "ingest", path: path, message: "parquet: column \(leaf.name) is a TIMESTAMP of an unknown unit")
            }
            return .timestamp(divisor: divisor, utc: utc)
        case .date?: return .date
        case .other(7)?:
            throw ClickstreamError(stage: "ingest", path: path, message: "parquet: column \(leaf.name) is a TIME of day, not a point in time")
        default: break
        }
        switch leaf.convertedType {
        case 9?: return .timestamp(divisor: 1, utc: true)     // TIMESTAMP_MILLIS
        case 10?: return .timestamp(divisor: 1000, utc: true)  // TIMESTAMP_MICROS
        case 6?: return .date
        default: return .epoch(unit)
        }
    }

    /// What reading a value gave.
    enum TimeOutcome {
        case instant(Int64)
        /// An integer outside the accepted range (shown in the message).
        case outOfRange(Int64)
        /// Text that is neither an integer nor an ISO-8601 time.
        case notATime
        /// An ISO-8601 time without Z or an offset.
        case noOffset
    }

    /// A non-null time value (`index` into the column's values).
    @inline(__always)
    static func time(_ values: ParquetColumnValues, _ index: Int, _ reading: TimeReading, zone: TimeZoneRules) -> TimeOutcome {
        func checked(_ milliseconds: Int64, shown: Int64) -> TimeOutcome {
            RowRules.timestampInRange(milliseconds) ? .instant(milliseconds) : .outOfRange(shown)
        }
        switch reading {
        case .epoch(let unit):
            let value = values.numbers[index]
            return checked(unit.milliseconds(value), shown: value)
        case .timestamp(let divisor, let utc):
            let value = values.numbers[index]
            let (q, r) = value.quotientAndRemainder(dividingBy: divisor)
            let local = r < 0 ? q - 1 : q
            return checked(utc ? local : instant(ofLocal: local, zone), shown: value)
        case .date:
            let days = values.numbers[index]
            return checked(instant(ofLocal: days &* Day.millisecondsPerDay, zone), shown: days)
        case .int96:
            let value = values.numbers[index]
            return checked(value, shown: value)
        case .floating(let unit):
            let value = Double(bitPattern: UInt64(bitPattern: values.numbers[index]))
            guard value.rounded(.towardZero) == value, abs(value) < 9.0e18 else { return .notATime }
            return checked(unit.milliseconds(Int64(value)), shown: Int64(value))
        case .text(let unit):
            let field = values.text[index]
            let parsed = NumberParsing.integer(field, allowSign: true)
            if parsed.isValid { return checked(unit.milliseconds(parsed.value), shown: parsed.value) }
            switch ISOTime.parse(field) {
            case .instant(let milliseconds): return checked(milliseconds, shown: milliseconds)
            case .noOffset: return .noOffset
            case .invalid: return .notATime
            }
        }
    }

    /// The instant at which the shop's clock shows `local` (milliseconds since 1970 on
    /// that clock): the zone's offset is taken at the guess and taken again at the result,
    /// which settles on the offset in force (in a transition's repeated hour, the later one).
    static func instant(ofLocal local: Int64, _ zone: TimeZoneRules) -> Int64 {
        if zone.isUTC { return local }
        let guess = local &- zone.offset(atMilliseconds: local)
        return local &- zone.offset(atMilliseconds: guess)
    }

    /// How an id column's numbers are read: signed, or unsigned of 32 or 64 bits.
    enum IDReading {
        case signed
        case unsigned32
        case unsigned64
        case floating
        case text
    }

    static func idReading(_ leaf: ParquetLeaf) -> IDReading {
        switch leaf.type {
        case .byteArray, .fixedLenByteArray: return .text
        case .float, .double: return .floating
        default: break
        }
        if case .integer(let bits, false)? = leaf.logical { return bits == 64 ? .unsigned64 : .unsigned32 }
        switch leaf.convertedType {
        case 11?, 12?, 13?: return .unsigned32
        case 14?: return .unsigned64
        default: return .signed
        }
    }

    /// A number column's value as an id: non-negative, or `IDField.rejected`.
    @inline(__always)
    static func numericID(_ raw: Int64, _ reading: IDReading) -> Int64 {
        switch reading {
        case .signed, .unsigned64: return raw >= 0 ? raw : IDField.rejected
        case .unsigned32: return raw & 0xFFFF_FFFF
        case .floating:
            let value = Double(bitPattern: UInt64(bitPattern: raw))
            guard value >= 0, value < 9.2e18, value.rounded(.towardZero) == value else { return IDField.rejected }
            return Int64(value)
        case .text: return IDField.rejected
        }
    }

    /// How a number is shown in a message.
    static func shown(_ raw: Int64, _ reading: IDReading) -> String {
        switch reading {
        case .unsigned64: return String(UInt64(bitPattern: raw))
        case .floating: return String(Double(bitPattern: UInt64(bitPattern: raw)))
        default: return String(raw)
        }
    }

    /// A revenue value (`index` into the column's values) in minor units at `decimals`
    /// places, by `RevenueAmount`'s rules for its kind, or nil when it is no amount: a
    /// DECIMAL's unscaled integer (a number, or big-endian two's-complement bytes), a plain
    /// integer, a FLOAT or DOUBLE rounded to the minor unit, or text.
    static func revenue(_ values: ParquetColumnValues, _ index: Int, leaf: ParquetLeaf, decimals: Int) -> Int64? {
        switch leaf.type {
        case .float, .double:
            return RevenueAmount.minorUnits(Double(bitPattern: UInt64(bitPattern: values.numbers[index])), decimals: decimals)
        case .byteArray, .fixedLenByteArray:
            let bytes = values.text[index]
            guard let scale = leaf.decimalScale else { return RevenueAmount.minorUnits(bytes, decimals: decimals) }
            guard let unscaled = bigEndianInteger(bytes) else { return nil }
            return RevenueAmount.minorUnits(unscaled: unscaled, scale: scale, decimals: decimals)
        default:
            let raw = values.numbers[index]
            // An unsigned 64-bit value above Int64.max reads as negative: no amount either way.
            let unscaled = idReading(leaf) == .unsigned32 ? raw & 0xFFFF_FFFF : raw
            return RevenueAmount.minorUnits(unscaled: unscaled, scale: leaf.decimalScale ?? 0, decimals: decimals)
        }
    }

    /// A big-endian two's-complement integer that fits 64 bits, or nil.
    static func bigEndianInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard let first = bytes.first else { return nil }
        let fill: UInt8 = first & 0x80 == 0 ? 0x00 : 0xFF
        // Bytes beyond the last eight must be sign extension only.
        let extra = max(bytes.count - 8, 0)
        guard bytes.prefix(extra).allSatisfy({ $0 == fill }) else { return nil }
        var value: UInt64 = fill == 0 ? 0 : UInt64.max
        for byte in bytes.dropFirst(extra) { value = value << 8 | UInt64(byte) }
        let result = Int64(bitPattern: value)
        // The sign must survive the cut: 0x00 0x80… is positive, not Int64.min.
        guard (result < 0) == (fill == 0xFF) else { return nil }
        return result
    }
}
