#!/usr/bin/env python3
"""Produces a canonical events CSV to a Kafka topic as JSON messages, one event each, as
the source study's producer did: keys named as the CSV's header, numbers as numbers,
empty fields as null, partitions by visitor.

    python3 bench/kafka_produce.py HOST:PORT EVENTS.csv TOPIC [--partitions 6] [--compression mixed] [--copies 1]

--compression: none, gzip, snappy, lz4, zstd, or mixed (one producer per codec, each
partition written by the codec of its number). The topic is deleted and created again
first, unless --append. --copies N writes every event N times (visitor ids shifted by a billion per copy).
kafka-python (with python-snappy, lz4 and zstandard); used by .ci/run and the benchmark.
"""
import argparse
import csv
import json
import time

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import UnknownTopicOrPartitionError

CODECS = [None, "gzip", "snappy", "lz4", "zstd"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("broker")
    parser.add_argument("csv")
    parser.add_argument("topic")
    parser.add_argument("--partitions", type=int, default=6)
    parser.add_argument("--compression", default="mixed")
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--append", action="store_true", help="add to the topic as it is (no deletion)")
    args = parser.parse_args()
    if not args.append:
        admin = KafkaAdminClient(bootstrap_servers=args.broker)
        try:
            admin.delete_topics([args.topic])
            time.sleep(0.5)
        except UnknownTopicOrPartitionError:
            pass
        admin.create_topics([NewTopic(args.topic, num_partitions=args.partitions, replication_factor=1)])
    codecs = CODECS if args.compression == "mixed" else [None if args.compression == "none" else args.compression]
    producers = [KafkaProducer(bootstrap_servers=args.broker, compression_type=c, linger_ms=20, batch_size=256 * 1024,
                               max_request_size=16 << 20) for c in codecs]
    sent = 0
    for copy in range(args.copies):
        with open(args.csv, newline="") as source:
            for row in csv.DictReader(source):
                event = {k: (int(v) if v.isdigit() else v) if v != "" else None for k, v in row.items()}
                event["visitorid"] += copy * 1_000_000_000
                partition = event["visitorid"] % args.partitions
                producers[partition % len(producers)].send(args.topic, json.dumps(event).encode(), partition=partition)
                sent += 1
    for producer in producers:
        producer.flush()
        producer.close()
    print(f"{args.topic}: {sent:,} messages in {args.partitions} partitions ({args.compression})")


if __name__ == "__main__":
    main()
