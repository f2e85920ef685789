"""Compute the daily cube (events per UTC day, segment and event type) with a peer tool.

Used only by bench/run.sh to compare against `clickstream ingest` on the same file.
Usage: peers.py duckdb|polars|pandas FILE
Prints: cells=<number of (day, device, os, browser, event) groups> events=<sum of counts>
"""
import sys

DAY_MS = 86_400_000


def with_duckdb(path):
    import duckdb
    rows = duckdb.sql(
        f"""
        SELECT timestamp // {DAY_MS} AS day, device, os, browser, event, count(*) AS n
        FROM read_csv('{path}', header = true,
             columns = {{'timestamp': 'BIGINT', 'visitorid': 'BIGINT', 'event': 'VARCHAR',
                         'itemid': 'BIGINT', 'transactionid': 'BIGINT', 'device': 'VARCHAR',
                         'os': 'VARCHAR', 'browser': 'VARCHAR'}})
        GROUP BY ALL
        """
    ).fetchall()
    return len(rows), sum(r[-1] for r in rows)


def with_polars(path):
    import polars as pl
    cube = (
        pl.scan_csv(path, schema_overrides={"transactionid": pl.Int64})
        .group_by((pl.col("timestamp") // DAY_MS).alias("day"), "device", "os", "browser", "event")
        .len()
        .collect()
    )
    return cube.height, int(cube["len"].sum())


def with_pandas(path):
    import pandas as pd
    frame = pd.read_csv(path, dtype={"event": "category", "device": "category", "os": "category",
                                     "browser": "category"})
    frame["day"] = frame["timestamp"] // DAY_MS
    cube = frame.groupby(["day", "device", "os", "browser", "event"], observed=True).size()
    return len(cube), int(cube.sum())


if __name__ == "__main__":
    tool, path = sys.argv[1], sys.argv[2]
    cells, events = {"duckdb": with_duckdb, "polars": with_polars, "pandas": with_pandas}[tool](path)
    print(f"cells={cells} events={events}")
