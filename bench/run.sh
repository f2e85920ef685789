#!/usr/bin/env bash
# Side-by-side ingest benchmark: our release build against DuckDB, Polars and pandas
# computing the same daily cube from the same file, at the default size and at 10x.
#
#   bash bench/run.sh                # both sizes (needs ~2 GB of disk under data/)
#   SIZES=1 RUNS=5 bash bench/run.sh # default size only, 5 runs each
#
# Builds in release mode, installs the peers into bench/.venv (git-ignored), then
# bench/bench.py generates the files, times every tool, our full report and the refresh
# of a folder of batch files after one changed, and prints one table, also
# written to bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product clickstream >/dev/null
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q duckdb polars pandas
fi
exec bench/.venv/bin/python bench/bench.py --runs "${RUNS:-3}" --sizes ${SIZES:-1 10}
