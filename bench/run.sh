#!/usr/bin/env bash
# Side-by-side ingest benchmark: our release build against DuckDB, Polars and pandas
# computing the same daily cube from the same file, at the default size and at 10x.
#
#   bash bench/run.sh            # both sizes (needs ~2 GB of disk under data/)
#   SIZES=1 bash bench/run.sh    # default size only
#
# Prints one table (wall time, events/s, MB/s, peak RSS, ratio of each peer to us) and
# writes it to bench/results.json. Each figure is the median of RUNS runs (default 3),
# whole process, file in the page cache (one untimed warm-up read first).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SIZES=${SIZES:-"1 10"}

command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
swift build -c release --product clickstream >/dev/null
BIN=.build/release/clickstream
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q duckdb polars pandas
fi
PY=bench/.venv/bin/python
mkdir -p data

# measure NAME CMD...: median wall seconds and max RSS (KB) over RUNS runs -> "secs kb"
measure() {
  local walls=() rss=0 out
  for _ in $(seq "$RUNS"); do
    out=$( { /usr/bin/time -f "%e %M" "$@" >/dev/null; } 2>&1 | tail -n 1)
    walls+=("${out% *}")
    [ "${out#* }" -gt "$rss" ] && rss=${out#* }
  done
  printf '%s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")" "$rss"
}

rows=()
declare -A sizes_bytes
for size in $SIZES; do
  events=$((2756101 * size))
  file=data/bench-${size}x.csv
  start=$(date +%s.%N)
  [ -f "$file" ] && [ "$(sed -n 's/.*"events" : \([0-9]*\).*/\1/p' "$file.meta.json" | head -1)" = "$events" ] \
    || $BIN generate --out "$file" --events "$events" >/dev/null
  gen_wall=$(measure $BIN generate --out "data/bench-gen-${size}x.csv" --events "$events")
  rm -f "data/bench-gen-${size}x.csv" "data/bench-gen-${size}x.csv.meta.json"
  bytes=$(stat -c %s "$file")
  cat "$file" >/dev/null
  ours=$(measure $BIN ingest "$file")
  rows+=("$size generate ${gen_wall}")
  rows+=("$size clickstream ${ours}")
  for peer in duckdb polars pandas; do
    check=$($PY bench/peers.py "$peer" "$file")
    [ "$check" != "${check#*events=$events}" ] || { echo "$peer disagrees: $check (expected $events events)"; exit 1; }
    rows+=("$size $peer $(measure $PY bench/peers.py "$peer" "$file")")
  done
  printf '%s\n' "${rows[@]}" | grep "^$size " >/dev/null
  echo "size ${size}x: $events events, $bytes bytes" >&2
  sizes_bytes[$size]=$bytes
done

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
SIZE_BYTES="$(for s in $SIZES; do printf '%s=%s ' "$s" "${sizes_bytes[$s]}"; done)" MACHINE="$machine" \
  ROWS="$(printf '%s\n' "${rows[@]}")" $PY - <<'PYEOF'
import json, os
sizes = dict(item.split("=") for item in os.environ["SIZE_BYTES"].split())
rows = [line.split() for line in os.environ["ROWS"].splitlines()]
results, ours = [], {}
for size, tool, wall, rss in rows:
    if tool == "clickstream":
        ours[size] = float(wall)
for size, tool, wall, rss in rows:
    events, nbytes, wall = 2756101 * int(size), int(sizes[size]), float(wall)
    entry = {"size": f"{size}x", "tool": tool, "events": events, "bytes": nbytes, "wallSeconds": wall,
             "peakRSSMB": round(int(rss) / 1024, 1)}
    if tool != "generate":
        entry["eventsPerSecond"] = round(events / wall) if wall > 0 else None
        entry["megabytesPerSecond"] = round(nbytes / wall / 1e6) if wall > 0 else None
        entry["ratioToClickstream"] = round(wall / ours[size], 1) if ours[size] > 0 else None
    results.append(entry)
print(f"machine: {os.environ['MACHINE']}")
print(f"{'size':>4}  {'tool':<12} {'wall s':>7} {'events/s':>12} {'MB/s':>6} {'peak RSS MB':>11} {'x ours':>6}")
for r in results:
    eps = f"{r['eventsPerSecond']:,}" if "eventsPerSecond" in r else "-"
    mbs = str(r.get("megabytesPerSecond", "-"))
    ratio = str(r.get("ratioToClickstream", "-"))
    print(f"{r['size']:>4}  {r['tool']:<12} {r['wallSeconds']:>7.2f} {eps:>12} {mbs:>6} {r['peakRSSMB']:>11} {ratio:>6}")
with open("bench/results.json", "w") as out:
    json.dump({"machine": os.environ["MACHINE"], "results": results}, out, indent=2)
    out.write("\n")
PYEOF
