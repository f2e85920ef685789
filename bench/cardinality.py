"""Writes the hostile-cardinality inputs the no-data-loss issue measures, into bench/out/:

- wide-100y.csv: SEGMENTS segments (default 10,000), each with one view on 2000-01-01 and
  one on 2099-12-31 (two rows a hundred years apart);
- segments-N.csv: N segments of steady traffic over 140 days (the scaling runs);
- random-dims.csv: the demo's rows (data/events.csv) with device, os and browser replaced
  by random values from 5, 50 and 5,000 (a user-agent-like browser column).

Deterministic for a seed. Python is allowed here only: the product never needs it.
"""
import argparse
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")
HEADER = "timestamp,visitorid,event,itemid,transactionid,device,os,browser\n"
DAY_MS = 86_400_000
START_2000 = 946_684_800_000   # 2000-01-01 00:00 UTC
END_2099 = 4_102_358_400_000   # 2099-12-31 00:00 UTC
START_2015 = 1_430_611_200_000  # 2015-05-03 00:00 UTC


def segment(i):
    return f"d{i % 5},o{(i // 5) % 50},b{i}"


def wide(path, segments):
    with open(path, "w") as f:
        f.write(HEADER)
        for i in range(segments):
            f.write(f"{START_2000 + 43_200_000},{i},view,1,,{segment(i)}\n")
        for i in range(segments):
            f.write(f"{END_2099 + 43_200_000},{i},view,1,,{segment(i)}\n")


def steady(path, segments, days=140, seed=1):
    rng = random.Random(seed)
    with open(path, "w") as f:
        f.write(HEADER)
        transaction = 0
        for day in range(days):
            noon = START_2015 + day * DAY_MS + 43_200_000
            for i in range(segments):
                views = 2 + rng.randrange(3)
                f.write(f"{noon},{i},view,1,,{segment(i)}\n" * views)
                if rng.random() < 0.5:
                    transaction += 1
                    f.write(f"{noon},{i},transaction,1,{transaction},{segment(i)}\n")


def random_dims(path, source, seed=7):
    rng = random.Random(seed)
    with open(source) as src, open(path, "w") as f:
        header = src.readline()
        f.write(header)
        for line in src:
            fields = line.rstrip("\n").split(",")
            fields[5] = f"device{rng.randrange(5)}"
            fields[6] = f"os{rng.randrange(50)}"
            fields[7] = f"Mozilla/5.0 (agent {rng.randrange(5000)})"
            f.write(",".join(fields) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--scaling", default="1250,5000,10000")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    wide(os.path.join(OUT, "wide-100y.csv"), args.segments)
    for n in [int(x) for x in args.scaling.split(",") if x]:
        steady(os.path.join(OUT, f"segments-{n}.csv"), n)
    demo = os.path.join(ROOT, "data", "events.csv")
    if os.path.exists(demo):
        random_dims(os.path.join(OUT, "random-dims.csv"), demo)


if __name__ == "__main__":
    main()
