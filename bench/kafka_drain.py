"""Kafka drain rate: `clickstream ingest kafka://BROKER/TOPIC` of topics already produced
(bench/kafka_produce.py), timed end to end with our peak memory, and for comparison
kafka-python consuming the same topic to its end (messages only, no analysis). Release
build; alternating rounds; medians.

    export CLICKSTREAM_TEST_KAFKA=$(bash .ci/start-kafka)
    python3 bench/kafka_produce.py $CLICKSTREAM_TEST_KAFKA data/events.csv demo
    python3 bench/kafka_drain.py $CLICKSTREAM_TEST_KAFKA demo [demo3x ...] [--runs 3]

Writes bench/out/kafka.json.
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from database import timed  # noqa: E402  (wall seconds and peak RSS of a command)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, ".build", "release", "clickstream")


def kafka_python(broker, topic):
    """Seconds kafka-python takes to consume every message of the topic, and how many."""
    from kafka import KafkaConsumer, TopicPartition
    consumer = KafkaConsumer(bootstrap_servers=broker, enable_auto_commit=False, max_partition_fetch_bytes=4 << 20)
    partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic))]
    consumer.assign(partitions)
    ends = consumer.end_offsets(partitions)
    consumer.seek_to_beginning()
    start = time.perf_counter()
    count = 0
    while any(consumer.position(p) < ends[p] for p in partitions):
        for batch in consumer.poll(timeout_ms=500, max_records=100_000).values():
            count += len(batch)
    consumer.close()
    return time.perf_counter() - start, count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("broker")
    parser.add_argument("topics", nargs="+")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    for topic in args.topics:
        ours, peers, peak = [], [], []
        messages = 0
        for _ in range(args.runs):
            wall, rss = timed(f"{TOOL} ingest kafka://{args.broker}/{topic} --json {ROOT}/bench/out/kafka-ingest.json --quiet > /dev/null")
            ours.append(wall)
            peak.append(rss)
            messages = json.load(open(f"{ROOT}/bench/out/kafka-ingest.json"))["rowsRead"]
            wall, _ = kafka_python(args.broker, topic)
            peers.append(wall)
        result = {"topic": topic, "messages": messages, "ours": statistics.median(ours), "kafkaPython": statistics.median(peers),
                  "peakMB": round(max(peak), 1)}
        results.append(result)
        print(f"{topic}: {messages:,} messages  ours {result['ours']:.2f} s ({messages / result['ours']:,.0f}/s, peak {result['peakMB']} MB)  "
              f"kafka-python alone {result['kafkaPython']:.2f} s ({messages / result['kafkaPython']:,.0f}/s)", flush=True)
    os.makedirs(f"{ROOT}/bench/out", exist_ok=True)
    with open(f"{ROOT}/bench/out/kafka.json", "w") as f:
        json.dump({"runs": args.runs, "results": results}, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
