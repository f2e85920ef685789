// libsnappy (Debian: libsnappy-dev), for Parquet pages compressed with SNAPPY. Only
// Sources/ClickstreamIngest/Parquet/ParquetCodec.swift uses this module.
#include <snappy-c.h>
