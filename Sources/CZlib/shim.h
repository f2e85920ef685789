// zlib (Debian: zlib1g-dev): Parquet pages compressed with GZIP and the pages' CRC-32
// (Sources/ClickstreamIngest/Parquet/ParquetCodec.swift), and the tests' gzip files
// (Tests/Support/Gzip.swift). Gzip input files are read with ISA-L (Sources/CIsal).
#include <zlib.h>
