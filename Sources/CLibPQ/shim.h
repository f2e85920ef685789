// libpq (Debian: libpq-dev), PostgreSQL's own client library, for database inputs
// (Sources/ClickstreamIngest/Database/PostgresConnection.swift). Chosen over postgres-nio
// for build time: a system library adds nothing to a first build, postgres-nio and its
// SwiftNIO stack 2.5 to 4.5 minutes.
#include <libpq-fe.h>
