#!/usr/bin/env python3
"""Loads a canonical events CSV into the two-shard ClickHouse cluster of .ci/start-clickhouse.

    python3 bench/clickhouse_load.py URL EVENTS.csv TABLE [--copies N] [--dimensions a,b,c]

URL is the first server's clickhouse://USER:PASSWORD@HOST:PORT/DATABASE (the second answers
HTTP on PORT + 1). Creates TABLE_local (MergeTree) on both servers and TABLE, a Distributed
table over the cluster `clickstream` sharded by visitor, then streams the CSV into TABLE
(its header names the columns; empty item and transaction ids become NULL, as ClickHouse
would otherwise read 0). --copies N adds N - 1 copies of every event inside the servers
(INSERT … SELECT, visitor ids shifted by a billion per copy), so 100× the demo is loaded
without 100× the CSV. Standard library only: used by .ci/run and bench/database_clickhouse.py.
"""
import argparse
import base64
import http.client
import urllib.parse

NULLABLE = {"itemid", "transactionid"}
INTEGER = {"timestamp", "visitorid", "itemid", "transactionid"}


class Server:
    def __init__(self, host, port, user, password, database):
        self.host, self.port, self.database = host, port, database
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}"} if user else {}

    def run(self, sql, body=None, **settings):
        """Runs sql (with body after it, an iterable of bytes) and returns the answer's text."""
        params = urllib.parse.urlencode({"database": self.database, **settings, **({"query": sql} if body else {})})
        connection = http.client.HTTPConnection(self.host, self.port, timeout=3600)
        connection.request("POST", f"/?{params}", body=body if body is not None else sql.encode(),
                           headers=self.headers, encode_chunked=body is not None)
        answer = connection.getresponse()
        text = answer.read().decode()
        if answer.status != 200:
            raise SystemExit(f"{self.host}:{self.port}: HTTP {answer.status}: {text.strip()}")
        return text


def quote(name):
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


def rows(path, columns):
    nullable = [i for i, name in enumerate(columns) if name in NULLABLE]
    with open(path, "rb") as source:
        source.readline()
        batch = []
        for line in source:
            fields = line.rstrip(b"\n").split(b",")
            for i in nullable:
                if i < len(fields) and fields[i] == b"":
                    fields[i] = b"\\N"
            batch.append(b",".join(fields) + b"\n")
            if len(batch) == 65536:
                yield b"".join(batch)
                batch = []
        if batch:
            yield b"".join(batch)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("csv")
    parser.add_argument("table")
    parser.add_argument("--copies", type=int, default=1)
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.url)
    database = urllib.parse.unquote(url.path.strip("/")) or "default"
    user, password = urllib.parse.unquote(url.username or ""), urllib.parse.unquote(url.password or "")
    servers = [Server(url.hostname, url.port + offset, user, password, database) for offset in (0, 1)]
    with open(args.csv) as source:
        columns = source.readline().strip().split(",")
    types = ", ".join(f"{quote(c)} {('Nullable(Int64)' if c in NULLABLE else 'Int64') if c in INTEGER else 'String'}" for c in columns)
    local = quote(args.table + "_local")
    for server in servers:
        server.run(f"DROP TABLE IF EXISTS {local}")
        server.run(f"CREATE TABLE {local} ({types}) ENGINE = MergeTree ORDER BY (timestamp)")
    servers[0].run(f"DROP TABLE IF EXISTS {quote(args.table)}")
    servers[0].run(f"CREATE TABLE {quote(args.table)} AS {local} ENGINE = Distributed(clickstream, {quote(database)}, {local}, cityHash64(visitorid))")
    servers[0].run(f"INSERT INTO {quote(args.table)} FORMAT CSV", body=rows(args.csv, columns), insert_distributed_sync=1)
    selected = ", ".join("visitorid + {shift} AS shifted_visitorid" if c == "visitorid" else quote(c) for c in columns)
    for copy in range(1, args.copies):
        for server in servers:
            server.run(f"INSERT INTO {local} SELECT {selected.format(shift=copy * 1_000_000_000)} FROM {local} WHERE visitorid < 1000000000")
    counts = [int(server.run(f"SELECT count() FROM {local}")) for server in servers]
    print(f"{args.table}: {sum(counts):,} rows ({counts[0]:,} + {counts[1]:,} on the two shards)")


if __name__ == "__main__":
    main()
