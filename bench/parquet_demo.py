#!/usr/bin/env python3
"""Writes a CSV of events as a folder of Parquet batch files, as the source study stored
its clickstream (batches of 10,000 events written by pyarrow).

    python3 bench/parquet_demo.py data/events.csv bench/out/parquet-demo
    python3 bench/parquet_demo.py data/events.csv bench/out/parquet-uniform --uniform

By default the batches rotate through the settings real writers use, so one folder holds
schema drift: compression (SNAPPY, GZIP, ZSTD, LZ4_RAW, none), dictionary or plain or delta
encodings, data pages v1 and v2, the time column as int64 epoch milliseconds or as a
TIMESTAMP (milliseconds or microseconds, UTC), ids as int64 or uint32. `--uniform` writes
every batch alike (SNAPPY, dictionary, int64), for readers that refuse drift.
"""
import os
import sys

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv
import pyarrow.parquet as pq

BATCH = 10_000


def variant(batch, k):
    """The k-th writer setting: (table, write_table options)."""
    columns = dict(zip(batch.column_names, batch.columns))
    options = {}
    kind = k % 6
    if kind == 0:
        options = dict(compression="snappy", data_page_version="1.0")
    elif kind == 1:
        options = dict(compression="gzip", use_dictionary=False, data_page_version="2.0")
    elif kind == 2:
        columns["timestamp"] = pc.cast(columns["timestamp"], pa.timestamp("ms", tz="UTC"))
        options = dict(compression="zstd", data_page_version="2.0")
    elif kind == 3:
        for name in ("visitorid", "itemid", "transactionid"):
            columns[name] = pc.cast(columns[name], pa.uint32())
        options = dict(compression="none", use_dictionary=False, data_page_version="1.0")
    elif kind == 4:
        options = dict(compression="lz4", data_page_version="1.0")
    else:
        columns["timestamp"] = pc.cast(pc.multiply(columns["timestamp"], 1000), pa.timestamp("us", tz="UTC"))
        options = dict(compression="snappy", use_dictionary=False, data_page_version="2.0",
                       column_encoding={"timestamp": "DELTA_BINARY_PACKED", "visitorid": "DELTA_BINARY_PACKED",
                                        "itemid": "DELTA_BINARY_PACKED", "event": "DELTA_BYTE_ARRAY",
                                        "device": "DELTA_LENGTH_BYTE_ARRAY", "os": "DELTA_BYTE_ARRAY",
                                        "browser": "DELTA_BYTE_ARRAY", "transactionid": "PLAIN"})
    return pa.table(columns), options


def main():
    source, folder = sys.argv[1], sys.argv[2]
    uniform = "--uniform" in sys.argv
    os.makedirs(folder, exist_ok=True)
    convert = pv.ConvertOptions(column_types={"timestamp": pa.int64(), "visitorid": pa.int64(), "itemid": pa.int64(),
                                              "transactionid": pa.int64(), "event": pa.string(), "device": pa.string(),
                                              "os": pa.string(), "browser": pa.string()})
    table = pv.read_csv(source, convert_options=convert)
    count = 0
    for k, start in enumerate(range(0, table.num_rows, BATCH)):
        batch = table.slice(start, BATCH)
        if uniform:
            pq.write_table(batch, f"{folder}/batch-{k:04d}.parquet", compression="snappy")
        else:
            written, options = variant(batch, k)
            pq.write_table(written, f"{folder}/batch-{k:04d}.parquet", **options)
        count += 1
    size = sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder))
    print(f"{folder}: {count} files, {table.num_rows} rows, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
