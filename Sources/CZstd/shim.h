// libzstd (Debian: libzstd-dev), for reading zstd-compressed input. Only
// Sources/ClickstreamIngest/Files/ZstdByteSource.swift uses this module (and the tests'
// Tests/Support/Zstd.swift, which compresses).
#include <zstd.h>
