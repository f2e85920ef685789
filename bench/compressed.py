"""Compressed input: our ingest of a .gz and a .zst file against the decompressors alone
(the floor: zcat, igzip, zstd -dc) and against DuckDB and Polars building the same cube
from the same .gz. Release build; alternating rounds; median wall time and peak RSS.

    python3 bench/compressed.py [--runs 5] [--csv data/events.csv]

Needs gzip, zstd, igzip (Debian: isal) and, in the Python it runs under, duckdb and
polars (bench/run.sh's venv has them). Writes bench/out/compressed.json.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, ".build", "release", "clickstream")
DAY_MS = 86_400_000


def timed(command):
    """Wall seconds and peak RSS (MB) of a shell command, by /usr/bin/time."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", "bash", "-c", command],
                         capture_output=True, text=True, check=True)
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def peers(gz):
    script = f"""
import sys
tool = sys.argv[1]
if tool == 'duckdb':
    import duckdb
    n = duckdb.sql("SELECT timestamp // {DAY_MS} AS day, device, os, browser, event, count(*) FROM read_csv('{gz}', header = true) GROUP BY ALL").fetchall()
else:
    import polars as pl
    n = pl.read_csv('{gz}', schema_overrides={{'transactionid': pl.Int64}}).group_by((pl.col('timestamp') // {DAY_MS}).alias('day'), 'device', 'os', 'browser', 'event').len()
print(len(n))
"""
    path = os.path.join(ROOT, "bench", "out", "peer_compressed.py")
    with open(path, "w") as f:
        f.write(script)
    return {tool: f"{sys.executable} {path} {tool}" for tool in ("duckdb", "polars")}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--csv", default=os.path.join(ROOT, "data", "events.csv"))
    args = parser.parse_args()
    os.makedirs(os.path.join(ROOT, "bench", "out"), exist_ok=True)
    gz = os.path.join(ROOT, "bench", "out", "events.csv.gz")
    zst = os.path.join(ROOT, "bench", "out", "events.csv.zst")
    subprocess.run(f"gzip -6 -c {args.csv} > {gz} && zstd -q -f -3 {args.csv} -o {zst}", shell=True, check=True)
    commands = {
        "zcat": f"zcat {gz} > /dev/null",
        "igzip -dc": f"igzip -dc {gz} > /dev/null",
        "clickstream .gz": f"{TOOL} ingest {gz} --quiet > /dev/null",
        "zstd -dc": f"zstd -q -dc {zst} > /dev/null",
        "clickstream .zst": f"{TOOL} ingest {zst} --quiet > /dev/null",
        "clickstream plain": f"{TOOL} ingest {args.csv} --quiet > /dev/null",
    }
    commands.update({f"{tool} .gz": command for tool, command in peers(gz).items()})
    samples = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            samples[name].append(timed(command))
    rows = {name: {"wall": statistics.median(w for w, _ in runs), "rss": max(r for _, r in runs)}
            for name, runs in samples.items()}
    for name, row in rows.items():
        print(f"{name:20} {row['wall']:6.2f} s  {row['rss']:7.0f} MB")
    ratios = {
        ".gz / igzip": rows["clickstream .gz"]["wall"] / rows["igzip -dc"]["wall"],
        ".gz / zcat": rows["clickstream .gz"]["wall"] / rows["zcat"]["wall"],
        ".zst / zstd -dc": rows["clickstream .zst"]["wall"] / rows["zstd -dc"]["wall"],
        "polars .gz / ours": rows["polars .gz"]["wall"] / rows["clickstream .gz"]["wall"],
        "duckdb .gz / ours": rows["duckdb .gz"]["wall"] / rows["clickstream .gz"]["wall"],
    }
    for name, ratio in ratios.items():
        print(f"{name:20} {ratio:6.2f}")
    with open(os.path.join(ROOT, "bench", "out", "compressed.json"), "w") as f:
        json.dump({"sizes": {"csv": os.path.getsize(args.csv), "gz": os.path.getsize(gz), "zst": os.path.getsize(zst)},
                   "rows": rows, "ratios": ratios, "runs": args.runs}, f, indent=2)


if __name__ == "__main__":
    main()
