"""Prints the benchmark table for one case from hyperfine's JSON and the
peak RSS figures: table.py LABEL ROWS FILE_BYTES."""
import json
import sys

label, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
# A tiny case can time `cat` at 0 s: floor it to keep the ratios finite.
results = {r["command"]: max(r["mean"], 1e-6) for r in json.load(open(f"bench/data/hf-{label}.json"))["results"]}
rss = dict(line.split() for line in open(f"bench/data/rss-{label}.txt"))
for name, wall in results.items():
    print(f"| {label} | {name} | {wall:.3f} | {n / wall / 1e6:.2f} M | {size / wall / 1e6:.0f} "
          f"| {int(rss[name]) / 1024:.1f} |")
r = results
print(f"\n{label} ({n:,} rows): score runs at {r['csv-count'] / r['score']:.0%} of the csv-crate "
      f"count's throughput and at {r['duckdb'] / r['score']:.2f}x DuckDB's speed "
      f"(one thread: {r['csv-count'] / r['score-1-thread']:.0%}, {r['duckdb'] / r['score-1-thread']:.2f}x); "
      f"standard input takes {r['score-stdin'] / r['score']:.2f}x the time of a file"
      + (f"; {r['duckdb-hand'] / r['score']:.2f}x DuckDB's speed with the hand-written query" if "duckdb-hand" in r else "")
      + ".\n")
