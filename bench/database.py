"""PostgreSQL input at scale: the demo's events loaded N times into a table (N = 1 and
10 by default: 2.76 M and 27.6 M rows), then `clickstream analyze` of the table end to
end against psql running the same statement alone (taken from the report's provenance),
with our peak memory. Release build; alternating rounds; medians.

    PORT=55433 bash .ci/start-postgres     # prints the server's URL
    python3 bench/database.py --url 'postgresql://postgres:ci%20secret@127.0.0.1:55433/postgres' [--times 1 10] [--runs 3]

Writes bench/out/database.json.
"""
import argparse
import html
import json
import os
import re
import statistics
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, ".build", "release", "clickstream")
COLUMNS = "timestamp bigint, visitorid bigint, event text, itemid bigint, transactionid bigint, device text, os text, browser text"


def timed(command):
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", "bash", "-c", command], capture_output=True, text=True, check=True)
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def psql(url, sql):
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--times", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--csv", default=os.path.join(ROOT, "data", "events.csv"))
    args = parser.parse_args()
    results = []
    for times in args.times:
        table = f"bench_{times}x"
        # A table loaded by an earlier run with the same rows is used as it is.
        lines = sum(1 for _ in open(args.csv)) - 1
        have = subprocess.run(["psql", args.url, "-At", "-c", f"SELECT count(*) FROM {table}"], capture_output=True, text=True)
        if have.returncode != 0 or have.stdout.strip() != str(lines * times):
            psql(args.url, f"DROP TABLE IF EXISTS {table}; CREATE TABLE {table} ({COLUMNS})")
            for _ in range(times):
                psql(args.url, f"\\copy {table} from '{args.csv}' csv header")
            psql(args.url, f"VACUUM ANALYZE {table}")
        source = f"{args.url}?table={table}"
        site = os.path.join(ROOT, "bench", "out", f"database-site-{times}x")
        subprocess.run([TOOL, "report", source, "--out", site, "--quiet"], check=True, capture_output=True)
        page = open(os.path.join(site, "index.html")).read()
        statement = html.unescape(re.search(r"<pre><code>(.*?)</code></pre>", page, re.S).group(1))
        events = ", ".join("'{view}'" if i == 1 else "'{addtocart}'" if i == 2 else "'{transaction}'" for i in (1, 2, 3))
        query = f"PREPARE cube(text, text[], text[], text[]) AS {statement};\nEXECUTE cube('UTC', {events});"
        query_file = os.path.join(ROOT, "bench", "out", "database-query.sql")
        with open(query_file, "w") as f:
            f.write(query)
        ours, alone, peak = [], [], []
        for _ in range(args.runs):
            wall, rss = timed(f"{TOOL} analyze '{source}' --quiet > /dev/null")
            ours.append(wall)
            peak.append(rss)
            wall, _ = timed(f"psql '{args.url}' -q -f {query_file} > /dev/null")
            alone.append(wall)
        rows = int(subprocess.run(["psql", args.url, "-At", "-c", f"SELECT count(*) FROM {table}"], check=True,
                                  capture_output=True, text=True).stdout)
        result = {"rows": rows, "query": statistics.median(alone), "ours": statistics.median(ours), "peakMB": round(max(peak), 1)}
        results.append(result)
        print(f"{times:3d}x  {rows:>12,} rows  query alone {result['query']:6.2f} s  ours end to end {result['ours']:6.2f} s "
              f"({result['ours'] / result['query'] - 1:+.0%})  peak {result['peakMB']} MB")
    with open(os.path.join(ROOT, "bench", "out", "database.json"), "w") as f:
        json.dump({"runs": args.runs, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
