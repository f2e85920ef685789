// liblz4 (Debian: liblz4-dev), for Parquet pages compressed with LZ4_RAW (and the older
// Hadoop-framed LZ4). Only Sources/ClickstreamIngest/Parquet/ParquetCodec.swift uses this module.
#include <lz4.h>
