"""ClickHouse input at scale: the demo's events loaded N times into the two-shard cluster of
.ci/start-clickhouse (N = 1, 10 and 100 by default: 2.76 M, 27.6 M and 275.6 M rows, a
Distributed table over two MergeTree tables), then `clickstream report` (and `analyze`)
of the table end to end against clickhouse-client running the same statement alone
(taken from the report's provenance), with our peak memory. Release build; alternating
rounds; medians.

    PORT=58200 bash .ci/start-clickhouse     # prints the first server's URL
    python3 bench/database_clickhouse.py --url 'clickhouse://analyst:ci%20secret@127.0.0.1:58200/default' [--times 1 10 100] [--runs 3]

Writes bench/out/database-clickhouse.json.
"""
import argparse
import html
import json
import os
import re
import statistics
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clickhouse_load  # noqa: E402
from database import timed  # noqa: E402  (wall seconds and peak RSS of a command)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, ".build", "release", "clickstream")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--times", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--csv", default=os.path.join(ROOT, "data", "events.csv"))
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.url)
    user, password = urllib.parse.unquote(url.username or "default"), urllib.parse.unquote(url.password or "")
    native = url.port + 877  # .ci/start-clickhouse's native port beside the HTTP one
    first = clickhouse_load.Server(url.hostname, url.port, user, password, url.path.strip("/") or "default")
    os.makedirs(os.path.join(ROOT, "bench", "out"), exist_ok=True)
    lines = sum(1 for _ in open(args.csv)) - 1
    results = []
    for times in args.times:
        table = f"bench_{times}x"
        # A table loaded by an earlier run with the same rows is used as it is.
        try:
            have = int(first.run(f"SELECT count() FROM {table}"))
        except SystemExit:
            have = -1
        if have != lines * times:
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "clickhouse_load.py"), args.url, args.csv, table,
                            "--copies", str(times)], check=True)
        source = f"{args.url}?table={table}"
        site = os.path.join(ROOT, "bench", "out", f"clickhouse-site-{times}x")
        subprocess.run([TOOL, "report", source, "--out", site, "--quiet"], check=True, capture_output=True)
        page = open(os.path.join(site, "index.html")).read()
        statement = html.unescape(re.search(r"<pre><code>(.*?)</code></pre>", page, re.S).group(1))
        query_file = os.path.join(ROOT, "bench", "out", "clickhouse-query.sql")
        with open(query_file, "w") as f:
            f.write(statement + "\nFORMAT TabSeparated")
        client = (f"clickhouse-client --host {url.hostname} --port {native} --user {user} --password '{password}' "
                  f"--database {first.database} --multiquery < {query_file} > /dev/null")
        report, analyze, alone, peak = [], [], [], []
        for _ in range(args.runs):
            wall, rss = timed(f"{TOOL} report '{source}' --out {site} --quiet > /dev/null")
            report.append(wall)
            peak.append(rss)
            wall, _ = timed(client)
            alone.append(wall)
            wall, rss = timed(f"{TOOL} analyze '{source}' --quiet > /dev/null")
            analyze.append(wall)
            peak.append(rss)
        rows = int(first.run(f"SELECT count() FROM {table}"))
        result = {"times": times, "rows": rows, "query": statistics.median(alone), "report": statistics.median(report),
                  "analyze": statistics.median(analyze), "peakMB": round(max(peak), 1)}
        results.append(result)
        print(f"{times:3d}x  {rows:>12,} rows  clickhouse-client {result['query']:6.2f} s  "
              f"our report {result['report']:6.2f} s ({result['report'] / result['query'] - 1:+.0%})  "
              f"our analyze {result['analyze']:6.2f} s ({result['analyze'] / result['query'] - 1:+.0%})  peak {result['peakMB']} MB",
              flush=True)
    with open(os.path.join(ROOT, "bench", "out", "database-clickhouse.json"), "w") as f:
        json.dump({"runs": args.runs, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
