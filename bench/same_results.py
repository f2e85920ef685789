#!/usr/bin/env python3
"""Exits 0 when two results.json files agree on everything but their inputs (the `files`
and `inputs` lists, which name the files read), else prints the first differences and
exits 1. CI uses it to prove a new source gives the CSV path's analysis.

    python3 bench/same_results.py a.json b.json
"""
import json
import sys


def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k not in ("files", "inputs")}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


def differences(a, b, path=""):
    if type(a) is not type(b):
        yield f"{path}: {str(a)[:60]} | {str(b)[:60]}"
    elif isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                yield f"{path}/{key}: only in one"
            else:
                yield from differences(a[key], b[key], f"{path}/{key}")
    elif isinstance(a, list):
        if len(a) != len(b):
            yield f"{path}: {len(a)} items | {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            yield from differences(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path}: {str(a)[:60]} | {str(b)[:60]}"


def main():
    a, b = (strip(json.load(open(p))) for p in sys.argv[1:3])
    found = list(differences(a, b))
    for line in found[:20]:
        print(line)
    print("same results apart from the inputs" if not found else f"{len(found)} differences")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
