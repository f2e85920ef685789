/// The parts of a Parquet file's footer (`FileMetaData` in the format's Thrift file) that
/// reading columns needs; everything else is skipped.
struct ParquetMetadata {
    var schema: [ParquetSchemaElement] = []
    var rowCount: Int64 = 0
    var rowGroups: [ParquetRowGroup] = []
    var createdBy: String?

    init(_ reader: inout ThriftCompactReader) throws(ParquetFault) {
        try reader.readStruct { (r, id, kind) throws(ParquetFault) in
            switch (id, kind) {
            case (2, .list): schema = try r.list { (r, _) throws(ParquetFault) in try ParquetSchemaElement(&r) }
            case (3, .i64): rowCount = try r.integer()
            case (4, .list): rowGroups = try r.list { (r, _) throws(ParquetFault) in try ParquetRowGroup(&r) }
            case (6, .binary): createdBy = try r.string()
            default: try r.skip(kind)
            }
        }
    }
}

/// Physical types (`Type` in the Thrift file).
enum ParquetPhysicalType: Int32 {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7

    var name: String {
        ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"][Int(rawValue)]
    }
}

/// One node of the schema tree, listed depth-first.
struct ParquetSchemaElement {
    var type: ParquetPhysicalType?
    var typeLength: Int32 = 0
    /// 0 required, 1 optional, 2 repeated.
    var repetition: Int32 = 0
    var name = ""
    var childCount: Int32 = 0
    /// `ConvertedType`, the older annotation.
    var convertedType: Int32?
    var logical: ParquetLogicalType?
    /// A DECIMAL's places, as the older annotation gives them.
    var scale: Int32?
    /// The element set a physical type number this reader does not know.
    var unknownType: Int32?

    init(_ r: inout ThriftCompactReader) throws(ParquetFault) {
        try r.readStruct { (r, id, kind) throws(ParquetFault) in
            switch (id, kind) {
            case (1, .i32):
                let raw = try r.int32()
                type = ParquetPhysicalType(rawValue: raw)
                if type == nil { unknownType = raw }
            case (2, .i32): typeLength = try r.int32()
            case (3, .i32): repetition = try r.int32()
            case (4, .binary): name = try r.string()
            case (5, .i32): childCount = try r.int32()
            case (6, .i32): convertedType = try r.int32()
            case (7, .i32): scale = try r.int32()
            case (10, .structure): logical = try ParquetLogicalType(&r)
            default: try r.skip(kind)
            }
        }
    }

    init(name: String) { self.name = name }
}

/// The `LogicalType` union, as far as this reader tells its members apart.
enum ParquetLogicalType: Equatable {
    case string
    case date
    /// unit: 1 milliseconds, 2 microseconds, 3 nanoseconds.
    case timestamp(unit: Int, adjustedToUTC: Bool)
    case integer(bits: Int, signed: Bool)
    /// A fixed-point number: its unscaled integer over 10^scale.
    case decimal(scale: Int)
    /// Any other member, by its field id (TIME is 7, UUID 14, …).
    case other(Int16)

    init(_ r: inout ThriftCompactReader) throws(ParquetFault) {
        var found = ParquetLogicalType.other(0)
        try r.readStruct { (r, id, kind) throws(ParquetFault) in
            switch (id, kind) {
            case (1, .structure), (4, .structure):  // STRING, ENUM
                try r.skip(kind)
                found = .string
            case (6, .structure):
                try r.skip(kind)
                found = .date
            case (8, .structure):
                var utc = false, unit = 0
                try r.readStruct { (r, id, kind) throws(ParquetFault) in
                    switch (id, kind) {
                    case (1, .boolTrue), (1, .boolFalse): utc = r.bool(kind)
                    case (2, .structure):
                        try r.readStruct { (r, id, kind) throws(ParquetFault) in
                            unit = Int(id)
                            try r.skip(kind)
                        }
                    default: try r.skip(kind)
                    }
                }
                found = .timestamp(unit: unit, adjustedToUTC: utc)
            case (5, .structure):
                var scale = 0
                try r.readStruct { (r, id, kind) throws(ParquetFault) in
                    if id == 1 && kind == .i32 { scale = Int(try r.int32()) } else { try r.skip(kind) }
                }
                found = .decimal(scale: scale)
            case (10, .structure):
                var bits = 0, signed = true
                try r.readStruct { (r, id, kind) throws(ParquetFault) in
                    switch (id, kind) {
                    case (1, .byte): bits = Int(Int8(bitPattern: try r.byte()))
                    case (2, .boolTrue), (2, .boolFalse): signed = r.bool(kind)
                    default: try r.skip(kind)
                    }
                }
                found = .integer(bits: bits, signed: signed)
            default:
                try r.skip(kind)
                found = .other(id)
            }
        }
        self = found
    }
}

struct ParquetRowGroup {
    var columns: [ParquetColumnChunk] = []
    var rowCount: Int64 = 0

    init(_ r: inout ThriftCompactReader) throws(ParquetFault) {
        try r.readStruct { (r, id, kind) throws(ParquetFault) in
            switch (id, kind) {
            case (1, .list): columns = try r.list { (r, _) throws(ParquetFault) in try ParquetColumnChunk(&r) }
            case (3, .i64): rowCount = try r.integer()
            default: try r.skip(kind)
            }
        }
    }
}

/// A column's data in one row group (`ColumnChunk` with its `ColumnMetaData`).
struct ParquetColumnChunk {
    /// Set when the data lives in another file (not supported).
    var externalPath: String?
    /// Set when the column is encrypted (not supported).
    var encrypted = false
    var type: Int32 = -1
    var codec: Int32 = 0
    var valueCount: Int64 = 0
    var compressedSize: Int64 = 0
    var dataPageOffset: Int64 = 0
    var dictionaryPageOffset: Int64?
    var hasMetadata = false

    init(_ r: inout ThriftCompactReader) throws(ParquetFault) {
        try r.readStruct { (r, id, kind) throws(ParquetFault) in
            switch (id, kind) {
            case (1, .binary): externalPath = try r.string()
            case (3, .structure):
                hasMetadata = true
                try r.readStruct { (r, id, kind) throws(ParquetFault) in
                    switch (id, kind) {
                    case (1, .i32): type = try r.int32()
                    case (4, .i32): codec = try r.int32()
                    case (5, .i64): valueCount = try r.integer()
                    case (7, .i64): compressedSize = try r.integer()
                    case (9, .i64): dataPageOffset = try r.integer()
                    case (11, .i64): dictionaryPageOffset = try r.integer()
                    default: try r.skip(kind)
                    }
                }
            case (8, _), (9, _):
                encrypted = true
                try r.skip(kind)
            default: try r.skip(kind)
            }
        }
    }

    /// Where the chunk's first page starts: the dictionary page when there is one.
    var firstPageOffset: Int64 {
        if let dictionary = dictionaryPageOffset, dictionary > 0, dictionary < dataPageOffset { return dictionary }
        return dataPageOffset
    }
}

/// A page's header (`PageHeader` and the header of its kind).
struct ParquetPageHeader {
    /// 0 data page, 1 index page, 2 dictionary page, 3 data page v2.
    var type: Int32 = -1
    var uncompressedSize: Int32 = -1
    var compressedSize: Int32 = -1
    var crc: Int32?
    var valueCount: Int32 = 0
    var encoding: Int32 = 0
    /// v1: the levels' encoding (3 RLE, 4 BIT_PACKED).
    var definitionEncoding: Int32 = 3
    var repetitionEncoding: Int32 = 3
    /// v2 only.
    var nullCount: Int32 = 0
    var definitionLength: Int32 = 0
    var repetitionLength: Int32 = 0
    var valuesCompressed = true

    init(_ r: inout ThriftCompactReader) throws(ParquetFault) {
        try r.readStruct { (r, id, kind) throws(ParquetFault) in
            switch (id, kind) {
            case (1, .i32): type = try r.int32()
            case (2, .i32): uncompressedSize = try r.int32()
            case (3, .i32): compressedSize = try r.int32()
            case (4, .i32): crc = try r.int32()
            case (5, .structure):
                try r.readStruct { (r, id, kind) throws(ParquetFault) in
                    switch (id, kind) {
                    case (1, .i32): valueCount = try r.int32()
                    case (2, .i32): encoding = try r.int32()
                    case (3, .i32): definitionEncoding = try r.int32()
                    case (4, .i32): repetitionEncoding = try r.int32()
                    default: try r.skip(kind)
                    }
                }
            case (7, .structure):
                try r.readStruct { (r, id, kind) throws(ParquetFault) in
                    switch (id, kind) {
                    case (1, .i32): valueCount = try r.int32()
                    case (2, .i32): encoding = try r.int32()
                    default: try r.skip(kind)
                    }
                }
            case (8, .structure):
                try r.readStruct { (r, id, kind) throws(ParquetFault) in
                    switch (id, kind) {
                    case (1, .i32): valueCount = try r.int32()
                    case (2, .i32): nullCount = try r.int32()
                    case (4, .i32): encoding = try r.int32()
                    case (5, .i32): definitionLength = try r.int32()
                    case (6, .i32): repetitionLength = try r.int32()
                    case (7, .boolTrue), (7, .boolFalse): valuesCompressed = r.bool(kind)
                    default: try r.skip(kind)
                    }
                }
            default: try r.skip(kind)
            }
        }
        guard compressedSize >= 0, uncompressedSize >= 0, valueCount >= 0 else {
            throw r.fault("page header with a negative size or value count")
        }
    }
}
