"""Prints the benchmark table for one size from hyperfine's JSON and the
peak RSS figures: table.py ROWS FILE_BYTES."""
import json
import sys

n, size = int(sys.argv[1]), int(sys.argv[2])
results = {r["command"]: r["mean"] for r in json.load(open(f"bench/data/hf-{n}.json"))["results"]}
rss = dict(line.split() for line in open(f"bench/data/rss-{n}.txt"))
for name, wall in results.items():
    print(f"| {n:,} | {name} | {wall:.3f} | {n / wall / 1e6:.1f} M | {size / wall / 1e6:.0f} "
          f"| {int(rss[name]) / 1024:.1f} |")
r = results
print(f"\n{n:,} rows: score runs at {r['csv-count'] / r['score']:.0%} of the csv-crate count's "
      f"throughput and at {r['duckdb'] / r['score']:.2f}x DuckDB's speed; "
      f"standard input takes {r['score-stdin'] / r['score']:.2f}x the time of a file.\n")
