"""Runs the query `score sql` writes on a findings CSV, in DuckDB or Spark.

    bench/sql.py duckdb|spark RUBRIC FINDINGS.csv [SCORE_BINARY]

The CSV is read as the findings table of the contract (docs/sql.md):
columns it lacks are NULL. The result goes to standard output as CSV, so
it can be compared with `score --format csv`. This is the benchmark's
"the data stays where it is" case: the engine reads the file itself.
"""
import csv
import subprocess
import sys

TYPES = {
    "unit": "VARCHAR", "period": "VARCHAR", "item": "VARCHAR", "rule": "VARCHAR",
    "count": "BIGINT", "points": "DECIMAL(38,10)", "score": "DECIMAL(38,10)",
    "value": "DECIMAL(38,10)", "note": "VARCHAR",
}


def query(engine, rubric, score):
    out = subprocess.run([score, "sql", "--rubric", rubric, "--dialect", engine],
                         check=True, capture_output=True, text=True)
    return out.stdout


def header(path):
    with open(path, encoding="utf-8-sig") as f:
        return next(csv.reader(f))


def duckdb_run(rubric, path, score):
    import duckdb
    con = duckdb.connect()
    have = header(path)
    cols = ", ".join(f"'{c}': '{TYPES[c]}'" for c in have)
    select = ", ".join(
        f'"{c}"' if c in have else f'CAST(NULL AS {t}) AS "{c}"' for c, t in TYPES.items())
    con.execute(f"CREATE VIEW findings AS SELECT {select} FROM read_csv('{path}', header = true, columns = {{{cols}}})")
    con.execute(f"COPY ({query('duckdb', rubric, score)}) TO '/dev/stdout' (HEADER, DELIMITER ',')")


def spark_run(rubric, path, score):
    from pyspark.sql import SparkSession
    spark = (SparkSession.builder.master("local[2]").appName("score-sql")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "4")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    have = header(path)
    spark_types = {"VARCHAR": "STRING", "BIGINT": "BIGINT", "DECIMAL(38,10)": "DECIMAL(38,10)"}
    schema = ", ".join(f"`{c}` {spark_types[TYPES[c]]}" for c in have)
    df = spark.read.csv(path, header=True, schema=schema)
    for c, t in TYPES.items():
        if c not in have:
            df = df.selectExpr("*", f"CAST(NULL AS {spark_types[t]}) AS `{c}`")
    df.createOrReplaceTempView("findings")
    rows = spark.sql(query("spark", rubric, score)).collect()
    w = csv.writer(sys.stdout, lineterminator="\n")
    if rows:
        w.writerow(rows[0].__fields__)
    for r in rows:
        w.writerow(list(r))
    spark.stop()


if __name__ == "__main__":
    engine, rubric, path = sys.argv[1:4]
    score = sys.argv[4] if len(sys.argv) > 4 else "target/release/score"
    {"duckdb": duckdb_run, "spark": spark_run}[engine](rubric, path, score)
