// ISA-L (Debian: libisal-dev), Intel's inflate, for reading gzip-compressed input: about
// five times zlib's speed here (bench/compressed.py). Only
// Sources/ClickstreamIngest/Files/GzipByteSource.swift uses this module.
#include <isa-l/igzip_lib.h>
