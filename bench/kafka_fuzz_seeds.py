#!/usr/bin/env python3
"""Writes seed inputs for the Kafka fuzz target (Fuzz/KafkaSeeds): record batches of the
v2 format as a Fetch answer holds them, uncompressed and gzip, with good and bad JSON
messages, a tombstone, a transaction marker and two batches in a row. Standard library only.

    python3 bench/kafka_fuzz_seeds.py Fuzz/KafkaSeeds
"""
import gzip
import os
import struct
import sys

TABLE = []
for n in range(256):
    c = n
    for _ in range(8):
        c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
    TABLE.append(c)


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = (c >> 8) ^ TABLE[(c ^ b) & 0xFF]
    return c ^ 0xFFFFFFFF


def varint(n):
    z = (n << 1) ^ (n >> 63)
    out = b""
    while z >= 0x80:
        out += bytes([(z & 0x7F) | 0x80])
        z >>= 7
    return out + bytes([z])


def batch(base, values, codec=0, control=False):
    records = b""
    for i, v in enumerate(values):
        body = b"\x00" + varint(0) + varint(i) + varint(-1)
        body += varint(-1) if v is None else varint(len(v)) + v
        body += varint(0)
        records += varint(len(body)) + body
    if codec == 1:
        records = gzip.compress(records)
    attributes = codec | (0x20 if control else 0)
    tail = struct.pack(">hiqqqhii", attributes, len(values) - 1, 0, 0, -1, -1, -1, len(values)) + records
    head = struct.pack(">iB", -1, 2) + struct.pack(">I", crc32c(tail))
    return struct.pack(">qi", base, len(head) + len(tail)) + head + tail


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    good = b'{"timestamp": 1431000000000, "visitorid": 1, "event": "view", "itemid": 5, "transactionid": null, "device": "Mobile", "os": "iOS", "browser": "Safari"}'
    odd = b'{"Timestamp": "2015-05-07T12:00:00Z", "visitorid": 2, "event": "transaction", "transactionid": 9, "device": "M\\u00f6bile", "os": "iOS", "browser": "S,\\"x"}'
    seeds = {
        "plain": batch(0, [good, odd]),
        "gzip": batch(0, [good] * 3 + [odd], codec=1),
        "bad": batch(5, [b"not json", None, b"{}", good.replace(b'"visitorid": 1', b'"visitorid": -1')]),
        "marker": batch(0, [b"\x00\x00\x00\x00\x00\x00"], control=True) + batch(1, [good]),
        "two": batch(0, [good]) + batch(1, [odd, good], codec=1),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
