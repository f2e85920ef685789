#!/usr/bin/env python3
"""Writes the Parquet test fixtures (Tests/ClickstreamIngestTests/Fixtures/Parquet/).

Each fixture is a small Parquet file written by a real writer (pyarrow; Polars and DuckDB
where their writers differ) with one combination of encoding, compression, page version
and column type, next to the same events as CSV (`NAME.csv`), which the tests read through
the CSV path and compare with the Parquet read. Run from the repository root:

    pip install pyarrow polars duckdb
    python3 bench/parquet_fixtures.py            # every fixture
    python3 bench/parquet_fixtures.py revenue    # the revenue fixtures alone (pyarrow only)

The files are committed; `swift test` never needs Python.
"""
import datetime as dt
import os
import random

import pyarrow as pa
import pyarrow.parquet as pq

OUT = "Tests/ClickstreamIngestTests/Fixtures/Parquet"
BASE = 1_441_065_600_000  # 2015-09-01T00:00:00Z in milliseconds

DEVICES = [("Mobile", "iOS", "Safari"), ("Desktop", "Windows", "Chrome"), ("Mobile", "Android", "Chrome"),
           ("Desktop", "macOS", "Safari"), ("Tablet", "iOS", "Safari")]


def events(n, seed, with_bad=False):
    """n events over 5 days in time order; with_bad adds rows the rules reject."""
    rng = random.Random(seed)
    rows = []
    t = BASE
    for i in range(n):
        t += rng.randint(1, 5 * 86_400_000 // n)
        event = rng.choices(["view", "addtocart", "transaction"], [20, 4, 1])[0]
        device, os_, browser = rng.choice(DEVICES)
        rows.append({
            "timestamp": t, "visitorid": rng.randint(0, 5000), "event": event, "itemid": rng.randint(1, 400000),
            "transactionid": rng.randint(1, 20000) if event == "transaction" else None,
            "device": device, "os": os_, "browser": browser,
        })
    if with_bad:
        rows[3]["visitorid"] = None          # a null visitor: rejected
        rows[5]["event"] = "click"           # an unknown event: rejected
        rows[7]["device"] = None             # a null dimension: rejected
        rows[9]["timestamp"] = 12345         # outside 2000..2100: rejected
    return rows


def write_csv(name, rows, time=lambda r: str(r["timestamp"])):
    with open(os.path.join(OUT, name + ".csv"), "w", newline="") as f:
        f.write("timestamp,visitorid,event,itemid,transactionid,device,os,browser\n")
        for r in rows:
            def s(v):
                return "" if v is None else str(v)
            f.write(",".join([time(r), s(r["visitorid"]), s(r["event"]), s(r["itemid"]), s(r["transactionid"]),
                              s(r["device"]), s(r["os"]), s(r["browser"])]) + "\n")


def table(rows, time_type=pa.int64(), id_type=pa.int64(), text=pa.string(), time=lambda r: r["timestamp"]):
    def ids(key):
        values = [r[key] for r in rows]
        if pa.types.is_string(id_type):
            values = [None if v is None else str(v) for v in values]
        return pa.array(values, id_type)
    columns = {
        "timestamp": pa.array([time(r) for r in rows], time_type),
        "visitorid": ids("visitorid"),
        "event": pa.array([r["event"] for r in rows], text),
        "itemid": ids("itemid"),
        "transactionid": ids("transactionid"),
        "device": pa.array([r["device"] for r in rows], text),
        "os": pa.array([r["os"] for r in rows], text),
        "browser": pa.array([r["browser"] for r in rows], text),
    }
    return pa.table(columns)


def pyarrow_fixture(name, rows, **options):
    table_options = {k: options.pop(k) for k in list(options) if k in ("time_type", "id_type", "text", "time")}
    pq.write_table(table(rows, **table_options), os.path.join(OUT, name + ".parquet"), **options)
    write_csv(name, rows)


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = events(60, 1)
    # Encodings x compression x page version (pyarrow).
    pyarrow_fixture("plain-uncompressed-v1", rows, use_dictionary=False, compression="none", data_page_version="1.0")
    pyarrow_fixture("dictionary-snappy-v1", rows, compression="snappy", data_page_version="1.0")
    pyarrow_fixture("dictionary-gzip-v2", rows, compression="gzip", data_page_version="2.0")
    pyarrow_fixture("plain-zstd-v2", rows, use_dictionary=False, compression="zstd", data_page_version="2.0")
    pyarrow_fixture("dictionary-lz4raw-v1", rows, compression="lz4", data_page_version="1.0")
    pyarrow_fixture("delta-zstd-v2", rows, use_dictionary=False, compression="zstd", data_page_version="2.0",
                    column_encoding={"timestamp": "DELTA_BINARY_PACKED", "visitorid": "DELTA_BINARY_PACKED",
                                     "itemid": "DELTA_BINARY_PACKED", "transactionid": "DELTA_BINARY_PACKED",
                                     "event": "DELTA_BYTE_ARRAY", "device": "DELTA_LENGTH_BYTE_ARRAY",
                                     "os": "DELTA_BYTE_ARRAY", "browser": "DELTA_LENGTH_BYTE_ARRAY"})
    pyarrow_fixture("delta-int32-v1", rows, use_dictionary=False, compression="none", data_page_version="1.0",
                    id_type=pa.int32(),
                    column_encoding={"visitorid": "DELTA_BINARY_PACKED", "itemid": "DELTA_BINARY_PACKED",
                                     "transactionid": "DELTA_BINARY_PACKED", "timestamp": "DELTA_BINARY_PACKED",
                                     "event": "PLAIN", "device": "PLAIN", "os": "PLAIN", "browser": "PLAIN"})
    # Several row groups and many small pages, with page checksums.
    pyarrow_fixture("row-groups-pages-crc", events(200, 2), row_group_size=37, data_page_size=64,
                    write_page_checksum=True, compression="snappy")
    # Rows the rules reject, nulls in optional columns.
    pyarrow_fixture("nulls-and-rejects", events(60, 3, with_bad=True), compression="snappy")
    # Column types: timestamps of every unit, UTC-adjusted or not; INT96; unsigned ids;
    # large_string; text ids and ISO-8601 text times.
    for unit, scale in (("ms", 1), ("us", 1000), ("ns", 1_000_000)):
        pyarrow_fixture(f"timestamp-{unit}-utc", rows, time_type=pa.timestamp(unit, tz="UTC"),
                        time=lambda r, s=scale: r["timestamp"] * s, coerce_timestamps=None, version="2.6")
    pyarrow_fixture("timestamp-us-local", rows, time_type=pa.timestamp("us"), time=lambda r: r["timestamp"] * 1000)
    pyarrow_fixture("int96", rows, time_type=pa.timestamp("ns"), time=lambda r: r["timestamp"] * 1_000_000,
                    use_deprecated_int96_timestamps=True)
    pyarrow_fixture("uint32-ids", rows, id_type=pa.uint32())
    pyarrow_fixture("uint64-ids", rows, id_type=pa.uint64())
    pyarrow_fixture("large-string", rows, text=pa.large_string())
    pyarrow_fixture("text-time-and-ids", rows, time_type=pa.string(), id_type=pa.string(),
                    time=lambda r: dt.datetime.fromtimestamp(r["timestamp"] / 1000, dt.timezone.utc).isoformat(timespec="milliseconds"))
    # The same file through the CSV path: ISO text times there too.
    write_csv("text-time-and-ids", rows,
              time=lambda r: dt.datetime.fromtimestamp(r["timestamp"] / 1000, dt.timezone.utc).isoformat(timespec="milliseconds"))
    pyarrow_fixture("double-ids", rows, id_type=pa.float64(), compression="none")
    # Float ids stored BYTE_STREAM_SPLIT (pyarrow's option for floating-point columns).
    pyarrow_fixture("byte-stream-split", rows, id_type=pa.float64(), use_dictionary=False,
                    use_byte_stream_split=["visitorid", "itemid", "transactionid"])
    # The time as a DATE: every event of a day at its midnight (the CSV twin says so in
    # epoch milliseconds).
    days = [dict(r, timestamp=r["timestamp"] // 86_400_000 * 86_400_000) for r in rows]
    pyarrow_fixture("date", days, time_type=pa.date32(), time=lambda r: dt.date(1970, 1, 1) + dt.timedelta(days=r["timestamp"] // 86_400_000))
    # No rows at all.
    pyarrow_fixture("empty", [], compression="snappy")
    # A GA4-style export: its own column and event names, text ids, a fourth dimension,
    # the time a TIMESTAMP(us, UTC); read through a config mapping (the CSV twin has ISO times).
    ga4_events = {"view": "page_view", "addtocart": "add_to_cart", "transaction": "purchase"}
    countries = ["United States", "Germany", "Brazil"]
    ga4 = pa.table({
        "event_time": pa.array([r["timestamp"] * 1000 for r in rows], pa.timestamp("us", tz="UTC")),
        "event_name": pa.array([ga4_events[r["event"]] for r in rows]),
        "user_pseudo_id": pa.array([f"{r['visitorid']}.{r['visitorid'] * 7}" for r in rows]),
        "item_id": pa.array([f"SKU-{r['itemid']}" for r in rows]),
        "transaction_id": pa.array([None if r["transactionid"] is None else f"T{r['transactionid']}" for r in rows]),
        "device_category": pa.array([r["device"].lower() for r in rows]),
        "operating_system": pa.array([r["os"] for r in rows]),
        "browser": pa.array([r["browser"] for r in rows]),
        "country": pa.array([countries[r["itemid"] % 3] for r in rows]),
    })
    pq.write_table(ga4, os.path.join(OUT, "ga4-names.parquet"), compression="zstd")
    with open(os.path.join(OUT, "ga4-names.csv"), "w") as f:
        f.write(",".join(ga4.column_names) + "\n")
        for i, r in enumerate(rows):
            iso = dt.datetime.fromtimestamp(r["timestamp"] / 1000, dt.timezone.utc).isoformat(timespec="milliseconds")
            values = [iso] + [ga4.column(c)[i].as_py() for c in ga4.column_names[1:]]
            f.write(",".join("" if v is None else str(v) for v in values) + "\n")
    # What this reader refuses, with a clear error: a needed column nested in a struct,
    # and a codec it does not read (BROTLI).
    nested = table(rows).drop_columns(["device"]).append_column(
        "device", pa.array([{"name": r["device"]} for r in rows], pa.struct([("name", pa.string())])))
    pq.write_table(nested, os.path.join(OUT, "unsupported-nested.parquet"))
    pq.write_table(table(rows), os.path.join(OUT, "unsupported-brotli.parquet"), compression="brotli")
    # Other writers.
    import polars as pl
    frame = pl.from_arrow(table(rows))
    frame.write_parquet(os.path.join(OUT, "polars-zstd.parquet"))
    write_csv("polars-zstd", rows)
    import duckdb
    con = duckdb.connect()
    con.register("t", table(rows))
    con.execute(f"COPY t TO '{OUT}/duckdb-snappy.parquet' (FORMAT PARQUET)")
    write_csv("duckdb-snappy", rows)
    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(os.path.join(OUT, name)):7d}  {name}")


REVENUE = ["19.99", "20", "7.5", "120.00", "0.99", "1049.95", "3.10", "-1"]


def revenue_fixtures():
    """A revenue column of every type an export keeps amounts in, on the transactions (null
    elsewhere), beside its CSV twin with the amounts as text; -1 (and NaN for the floating
    types, text "NaN" for the string column) is no amount and rejected on both paths."""
    import decimal
    rows = events(160, 4)
    for i, r in enumerate(rows):
        if i % 5 == 0:  # enough transactions for every amount several times
            r["event"], r["transactionid"] = "transaction", i + 1
    amounts = []
    turn = 0
    for r in rows:
        if r["event"] == "transaction":
            amounts.append(REVENUE[turn % len(REVENUE)])
            turn += 1
        else:
            amounts.append(None)
    floating = [a if a is not None else None for a in amounts]
    # The floating types carry one NaN too (the CSV twin says "NaN", rejected alike).
    nan_at = max(i for i, a in enumerate(amounts) if a is not None)
    floating[nan_at] = "NaN"
    kinds = {
        "revenue-double": (pa.float64(), lambda a: None if a is None else float(a), floating),
        "revenue-float": (pa.float32(), lambda a: None if a is None else float(a), floating),
        "revenue-decimal": (pa.decimal128(12, 2), lambda a: None if a is None else decimal.Decimal(a), amounts),
        "revenue-decimal-int": (pa.decimal128(12, 3), lambda a: None if a is None else decimal.Decimal(a), amounts),
        "revenue-string": (pa.string(), lambda a: a, floating),
    }
    for name, (kind, convert, texts) in kinds.items():
        columns = table(rows)
        columns = columns.add_column(5, "revenue", pa.array([convert(a) for a in texts], kind))
        options = {"store_decimal_as_integer": True} if name == "revenue-decimal-int" else {}
        pq.write_table(columns, os.path.join(OUT, name + ".parquet"), compression="snappy", **options)
        with open(os.path.join(OUT, name + ".csv"), "w", newline="") as f:
            f.write("timestamp,visitorid,event,itemid,transactionid,revenue,device,os,browser\n")
            for r, a in zip(rows, texts):
                def s(v):
                    return "" if v is None else str(v)
                f.write(",".join([s(r["timestamp"]), s(r["visitorid"]), r["event"], s(r["itemid"]), s(r["transactionid"]), s(a),
                                  r["device"], r["os"], r["browser"]]) + "\n")


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["revenue"]:
        revenue_fixtures()
    else:
        main()
        revenue_fixtures()
