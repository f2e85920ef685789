// liblz4 (Debian: liblz4-dev), for Parquet pages compressed with LZ4_RAW (and the older
// Hadoop-framed LZ4), and Kafka record batches compressed with LZ4 (the frame format).
// Only ParquetCodec.swift and KafkaCompression.swift use this module.
#include <lz4.h>
#include <lz4frame.h>
