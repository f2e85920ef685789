// The cmark-gfm C library and its GFM extensions (Debian: libcmark-gfm-dev,
// libcmark-gfm-extensions-dev). Only Site/MarkdownRenderer.swift uses this module.
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
