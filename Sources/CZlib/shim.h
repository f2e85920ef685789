// zlib (Debian: zlib1g-dev), for reading gzip-compressed input. Only
// Sources/ClickstreamIngest/Files/GzipByteSource.swift uses this module.
#include <zlib.h>
