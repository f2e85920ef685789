"""Times `clickstream generate` and `clickstream ingest` against DuckDB, Polars and pandas
building the same daily cube from the same file, our full `report` of that file, and (at
the default size) the refresh of a folder of 276 batch files after one changed
(see bench/run.sh).

Every figure is a whole process, timed with a monotonic clock; the reported wall time is
the median of --runs runs and peak RSS the largest `ru_maxrss` of the runs (os.wait4).
Files are read once before timing so every tool starts from the page cache. Our ingest
and the peers run in rounds (ours, DuckDB, Polars, pandas, then again), so a machine
whose speed drifts during the run slows every tool alike; each peer's ratio to us is
also given per round, and the table shows the lowest.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "clickstream")
PEERS = ["duckdb", "polars", "pandas"]
DEFAULT_EVENTS = 2_756_101


def run(args, env=None):
    """Wall seconds and peak RSS (MB) of one process; fails loudly on a non-zero exit."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    output = process.stdout.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(args)} failed: {process.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024, output


def measure(args, runs):
    samples = [run(args) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples), samples[0][2]


def refresh(runs):
    """The default dataset as 276 batch files of 10,000 events: a cold read of the folder,
    then a read and a full report after one file changed (its modification time moves,
    so the cache must read it again), the other 275 coming from the cache."""
    folder = os.path.join(ROOT, "data", "bench-batches")
    cache = os.path.join(ROOT, "data", "bench-batches-cache")
    site = os.path.join(ROOT, "data", "bench-batches-site")
    subprocess.run([BIN, "generate", "--out", folder, "--split-every", "10000"], check=True, stdout=subprocess.DEVNULL)
    files = sorted(f for f in os.listdir(folder) if f.endswith(".csv"))
    size_bytes = sum(os.path.getsize(os.path.join(folder, f)) for f in files)
    last = os.path.join(folder, files[-1])
    rows = []

    def add(tool, wall, rss):
        rows.append({"size": "1x", "tool": tool, "events": DEFAULT_EVENTS, "bytes": size_bytes,
                     "wallSeconds": round(wall, 4), "eventsPerSecond": round(DEFAULT_EVENTS / wall),
                     "peakRSSMB": round(rss, 1), "files": len(files)})

    add(f"ingest {len(files)} files", *measure([BIN, "ingest", folder], runs)[:2])
    for tool, args in [("ingest +1 file", [BIN, "ingest", folder, "--cache", cache]),
                       ("report +1 file", [BIN, "report", folder, "--cache", cache, "--out", site, "--quiet"])]:
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)  # the cache holds every file
        samples = []
        for _ in range(runs):
            os.utime(last, None)  # one file changed since the last run
            samples.append(run(args))
        add(tool, statistics.median(x[0] for x in samples), max(x[1] for x in samples))
    return rows


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores, {memory / 1048576:.0f} GiB, {cpu}, {platform.system()} {platform.release()}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10])
    options = parser.parse_args()
    os.makedirs(os.path.join(ROOT, "data"), exist_ok=True)
    results = []
    for size in options.sizes:
        events = DEFAULT_EVENTS * size
        path = os.path.join(ROOT, "data", f"bench-{size}x.csv")
        scratch = os.path.join(ROOT, "data", f"bench-scratch-{size}x.csv")
        wall, rss, _ = measure([BIN, "generate", "--out", scratch, "--events", str(events)], options.runs)
        os.replace(scratch, path)
        os.replace(scratch + ".meta.json", path + ".meta.json")
        size_bytes = os.path.getsize(path)
        results.append({"size": f"{size}x", "tool": "generate", "events": events, "bytes": size_bytes,
                        "wallSeconds": round(wall, 4), "eventsPerSecond": round(events / wall),
                        "megabytesPerSecond": round(size_bytes / wall / 1e6), "peakRSSMB": round(rss, 1)})
        with open(path, "rb") as warm:
            while warm.read(1 << 24):
                pass
        commands = {"clickstream": [BIN, "ingest", path]}
        commands.update({peer: [sys.executable, os.path.join(ROOT, "bench", "peers.py"), peer, path] for peer in PEERS})
        samples = {tool: [] for tool in commands}
        for _ in range(options.runs):
            for tool, args in commands.items():
                sample = run(args)
                expected = f"events: {events:,}" if tool == "clickstream" else f"events={events}"
                if expected not in sample[2]:
                    sys.exit(f"{tool} did not count {events} events: {sample[2][:300]}")
                samples[tool].append(sample)
        ours = statistics.median(s[0] for s in samples["clickstream"])
        for tool, runs in samples.items():
            wall = statistics.median(s[0] for s in runs)
            per_round = [round(peer[0] / mine[0], 2) for peer, mine in zip(runs, samples["clickstream"])]
            results.append({"size": f"{size}x", "tool": tool, "events": events, "bytes": size_bytes,
                            "wallSeconds": round(wall, 4), "eventsPerSecond": round(events / wall),
                            "megabytesPerSecond": round(size_bytes / wall / 1e6),
                            "peakRSSMB": round(max(s[1] for s in runs), 1),
                            "ratioToClickstream": round(wall / ours, 2),
                            "ratioPerRound": per_round})
        site = os.path.join(ROOT, "data", f"bench-site-{size}x")
        wall, rss, _ = measure([BIN, "report", path, "--out", site, "--quiet"], options.runs)
        results.append({"size": f"{size}x", "tool": "report", "events": events, "bytes": size_bytes,
                        "wallSeconds": round(wall, 4), "eventsPerSecond": round(events / wall), "peakRSSMB": round(rss, 1)})
        if size == 1:
            results += refresh(options.runs)
    report = {"machine": machine(), "runs": options.runs, "results": results}
    print(f"machine: {report['machine']}; median of {options.runs} runs")
    print(f"{'size':>4}  {'tool':<18} {'wall s':>7} {'events/s':>12} {'MB/s':>6} {'peak RSS MB':>11} {'÷ ours':>7} {'lowest round':>12}")
    for r in results:
        lowest = min(r["ratioPerRound"]) if "ratioPerRound" in r else "-"
        print(f"{r['size']:>4}  {r['tool']:<18} {r['wallSeconds']:>7.3f} {r.get('eventsPerSecond', 0):>12,} "
              f"{r.get('megabytesPerSecond', '-'):>6} {r['peakRSSMB']:>11} {r.get('ratioToClickstream', '-'):>7} {lowest:>12}")
    with open(os.path.join(ROOT, "bench", "results.json"), "w") as out:
        json.dump(report, out, indent=2)
        out.write("\n")


if __name__ == "__main__":
    main()
