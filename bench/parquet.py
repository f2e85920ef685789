"""Parquet input: our ingest of the demo as 276 Parquet batch files into the daily cube,
against pyarrow reading the same folder with Polars building the cube, and, on a folder
without schema drift (which DuckDB's read_parquet and Polars' scan_parquet need), against
DuckDB and Polars alone. Release build; alternating rounds; median wall time and peak RSS.

    python3 bench/parquet.py [--runs 5] [--csv data/events.csv]

Writes the folders with bench/parquet_demo.py (pyarrow), needs pyarrow, polars and duckdb
in the Python it runs under, and writes bench/out/parquet.json.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, ".build", "release", "clickstream")
DAY_MS = 86_400_000

PEER = f"""
import glob, sys
tool, folder = sys.argv[1], sys.argv[2]
if tool == 'pyarrow+polars':
    # Each file read with its own schema (the folder drifts), the time column made epoch
    # milliseconds and the ids int64, then one table and Polars' GROUP BY.
    import pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq, polars as pl
    tables = []
    for path in sorted(glob.glob(folder + '/*.parquet')):
        t = pq.read_table(path, columns=['timestamp', 'visitorid', 'event', 'itemid', 'transactionid', 'device', 'os', 'browser'])
        time = t['timestamp']
        if pa.types.is_timestamp(time.type):
            time = pc.cast(pc.cast(time, pa.timestamp('ms', tz='UTC')), pa.int64())
        t = t.set_column(0, 'timestamp', time)
        for name in ('visitorid', 'itemid', 'transactionid'):
            t = t.set_column(t.column_names.index(name), name, pc.cast(t[name], pa.int64()))
        tables.append(t)
    frame = pl.from_arrow(pa.concat_tables(tables))
    n = frame.group_by((pl.col('timestamp') // {DAY_MS}).alias('day'), 'device', 'os', 'browser', 'event').len()
elif tool == 'polars':
    import polars as pl
    n = pl.scan_parquet(folder + '/*.parquet').group_by((pl.col('timestamp') // {DAY_MS}).alias('day'), 'device', 'os', 'browser', 'event').len().collect()
else:
    import duckdb
    n = duckdb.sql(f"SELECT timestamp // {DAY_MS} AS day, device, os, browser, event, count(*) FROM read_parquet('{{folder}}/*.parquet') GROUP BY ALL").fetchall()
print(len(n))
"""


def timed(command):
    """Wall seconds and peak RSS (MB) of a shell command, by /usr/bin/time."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", "bash", "-c", command],
                         capture_output=True, text=True, check=True)
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--csv", default=os.path.join(ROOT, "data", "events.csv"))
    args = parser.parse_args()
    out = os.path.join(ROOT, "bench", "out")
    mixed, uniform = os.path.join(out, "parquet-demo"), os.path.join(out, "parquet-uniform")
    for folder, flag in ((mixed, []), (uniform, ["--uniform"])):
        if not os.path.isdir(folder):
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "parquet_demo.py"), args.csv, folder] + flag, check=True)
    peer = os.path.join(out, "peer_parquet.py")
    with open(peer, "w") as f:
        f.write(PEER)
    commands = {
        "ours, mixed folder": f"{TOOL} ingest {mixed} --quiet > /dev/null",
        "pyarrow+polars, mixed folder": f"{sys.executable} {peer} pyarrow+polars {mixed}",
        "ours, uniform folder": f"{TOOL} ingest {uniform} --quiet > /dev/null",
        "duckdb, uniform folder": f"{sys.executable} {peer} duckdb {uniform}",
        "polars, uniform folder": f"{sys.executable} {peer} polars {uniform}",
    }
    times = {name: [] for name in commands}
    rss = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            wall, peak = timed(command)
            times[name].append(wall)
            rss[name].append(peak)
    results = {name: {"seconds": statistics.median(times[name]), "peakMB": round(max(rss[name]), 1)} for name in commands}
    ours = {"mixed": results["ours, mixed folder"]["seconds"], "uniform": results["ours, uniform folder"]["seconds"]}
    print(f"{'':32} {'median s':>9} {'peak MB':>8} {'ours faster':>11}")
    for name, r in results.items():
        base = ours["mixed" if "mixed" in name else "uniform"]
        print(f"{name:32} {r['seconds']:9.2f} {r['peakMB']:8.1f} {r['seconds'] / base:10.1f}x")
    with open(os.path.join(out, "parquet.json"), "w") as f:
        json.dump({"runs": args.runs, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
