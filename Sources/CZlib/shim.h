// zlib (Debian: zlib1g-dev). Only the tests use this module, to write gzip files
// (Tests/Support/Gzip.swift); the product reads gzip with ISA-L (Sources/CIsal).
#include <zlib.h>
