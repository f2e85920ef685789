import CZstd

/// zstd-compressed bytes for tests, made by libzstd.
package enum Zstd {
    /// `bytes` as one zstd frame at `level`, with a content checksum as the `zstd` command
    /// writes by default (`checksum: false`, as `ZSTD_compress` and some libraries do).
    package static func compress(_ bytes: [UInt8], level: Int32 = 3, checksum: Bool = true) -> [UInt8] {
        guard let context = ZSTD_createCCtx() else { return [] }
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, checksum ? 1 : 0)
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let written = bytes.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { target in
                ZSTD_compress2(context, target.baseAddress, target.count, source.baseAddress, source.count)
            }
        }
        return ZSTD_isError(written) != 0 ? [] : Array(output[..<written])
    }
}
