"""The three engines behind one interface: load(findings, units) then query(sql) -> (columns, rows).

Tables follow the contract: findings(unit, period, item, rule, count, points, score, value, note)
with text ids, BIGINT count and DECIMAL(38,10) points/score/value; units(unit, kind, category,
...attributes), text or DECIMAL(38,10). Values come back as Python objects: str for TEXT (what
the contract asks), None for NULL; anything else is passed through for the comparison to flag.
"""

import time

FINDINGS_TYPES = [
    ("unit", "text"), ("period", "text"), ("item", "text"), ("rule", "text"), ("count", "bigint"),
    ("points", "decimal"), ("score", "decimal"), ("value", "decimal"), ("note", "text"),
]


class Engine:
    name = "?"

    def __init__(self):
        self.seconds = 0.0  # start-up, loading and queries
        self.queries = 0
        self.load_seconds = 0.0

    def timed(self, fn, *args):
        t = time.monotonic()
        try:
            return fn(*args)
        finally:
            self.seconds += time.monotonic() - t

    def load(self, findings_table, findings_rows, units_table=None, units=None):
        """units: (columns, types, rows) or None; drops the old tables first."""
        t = time.monotonic()
        self.timed(self._load, findings_table, findings_rows, units_table, units)
        self.load_seconds += time.monotonic() - t

    def query(self, sql):
        self.queries += 1
        return self.timed(self._query, sql)

    def close(self):
        pass


def _quoted(table):
    """"schema"."table" for schema.table: a schema is created when named."""
    return ".".join(f'"{p}"' for p in table.split("."))


def _sql_type(t, dialect):
    if t == "decimal":
        return "DECIMAL(38,10)"
    if t == "bigint":
        return "BIGINT"
    return {"duckdb": "VARCHAR", "postgres": "TEXT"}[dialect]


def _literal(v):
    """A SQL literal; text and decimals as quoted strings, which INSERT casts to the column type."""
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


class DuckDB(Engine):
    name = "duckdb"

    def __init__(self):
        super().__init__()
        t = time.monotonic()
        import duckdb

        self.con = duckdb.connect(":memory:")
        self.version = duckdb.__version__
        self.seconds += time.monotonic() - t

    def _create(self, table, cols, types, rows):
        if "." in table:
            self.con.execute(f'CREATE SCHEMA IF NOT EXISTS "{table.split(".")[0]}"')
        self.con.execute(f"DROP TABLE IF EXISTS {_quoted(table)}")
        decl = ", ".join(f'"{c}" {_sql_type(t, "duckdb")}' for c, t in zip(cols, types))
        self.con.execute(f"CREATE TABLE {_quoted(table)} ({decl})")
        # Literal VALUES in chunks: executemany binds row by row and is 100 times slower.
        for i in range(0, len(rows), 500):
            values = ",\n".join("(" + ", ".join(_literal(v) for v in r) + ")" for r in rows[i : i + 500])
            self.con.execute(f"INSERT INTO {_quoted(table)} VALUES {values}")

    def _load(self, ft, frows, ut, units):
        self._create(ft, [c for c, _ in FINDINGS_TYPES], [t for _, t in FINDINGS_TYPES], frows)
        if units is not None:
            self._create(ut, *units)
        else:
            self.con.execute(f"DROP TABLE IF EXISTS {_quoted(ut)}")

    def _query(self, sql):
        cur = self.con.execute(sql)
        cols = [d[0] for d in cur.description]
        return cols, [tuple(r) for r in cur.fetchall()]


class Postgres(Engine):
    name = "postgres"

    def __init__(self, socket_dir, user):
        super().__init__()
        t = time.monotonic()
        import psycopg

        self.con = psycopg.connect(host=socket_dir, user=user, dbname="postgres", autocommit=True)
        self.version = self.con.execute("SHOW server_version").fetchone()[0].split()[0]
        self.seconds += time.monotonic() - t

    def _create(self, table, cols, types, rows):
        if "." in table:
            self.con.execute(f'CREATE SCHEMA IF NOT EXISTS "{table.split(".")[0]}"')
        self.con.execute(f"DROP TABLE IF EXISTS {_quoted(table)}")
        decl = ", ".join(f'"{c}" {_sql_type(t, "postgres")}' for c, t in zip(cols, types))
        self.con.execute(f"CREATE TABLE {_quoted(table)} ({decl})")
        names = ", ".join(f'"{c}"' for c in cols)
        with self.con.cursor() as cur:
            with cur.copy(f"COPY {_quoted(table)} ({names}) FROM STDIN") as cp:
                for r in rows:
                    cp.write_row(r)

    def _load(self, ft, frows, ut, units):
        self._create(ft, [c for c, _ in FINDINGS_TYPES], [t for _, t in FINDINGS_TYPES], frows)
        if units is not None:
            self._create(ut, *units)
        else:
            self.con.execute(f"DROP TABLE IF EXISTS {_quoted(ut)}")

    def _query(self, sql):
        with self.con.cursor() as cur:
            cur.execute(sql)
            cols = [d.name for d in cur.description]
            return cols, [tuple(r) for r in cur.fetchall()]

    def close(self):
        self.con.close()


class Spark(Engine):
    name = "spark"

    def __init__(self):
        super().__init__()
        t = time.monotonic()
        from pyspark.sql import SparkSession

        # One session for every query: start-up takes seconds. The settings below make small
        # tables fast (halving the time of a query on this machine) and change no result: one
        # partition per shuffle, no adaptive re-planning, no code generation (compiling a
        # many-CTE plan costs more than running it on a few thousand rows).
        self.spark = (
            SparkSession.builder.master("local[2]")
            .appName("score-sql-harness")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.sql.adaptive.enabled", "false")
            .config("spark.sql.codegen.wholeStage", "false")
            .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
            .config("spark.driver.memory", "2g")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        self.spark.sparkContext.setLogLevel("ERROR")
        self.cached = {}
        self.version = self.spark.version
        self.seconds += time.monotonic() - t

    def _schema(self, cols, types):
        from pyspark.sql.types import DecimalType, LongType, StringType, StructField, StructType

        def ty(t):
            return {"decimal": DecimalType(38, 10), "bigint": LongType()}.get(t, StringType())

        return StructType([StructField(c, ty(t), True) for c, t in zip(cols, types)])

    def _view(self, table, cols, types, rows):
        old = self.cached.pop(table, None)
        if old is not None:
            old.unpersist()
        df = self.spark.createDataFrame(list(rows), schema=self._schema(cols, types))
        # Cached: a query reads its tables many times over, in CTE after CTE.
        df = df.cache()
        df.count()
        self.cached[table] = df
        df.createOrReplaceTempView(table)

    def _load(self, ft, frows, ut, units):
        self._view(ft, [c for c, _ in FINDINGS_TYPES], [t for _, t in FINDINGS_TYPES], frows)
        if units is not None:
            self._view(ut, *units)
        else:
            self.spark.catalog.dropTempView(ut)
            old = self.cached.pop(ut, None)
            if old is not None:
                old.unpersist()

    def _query(self, sql):
        df = self.spark.sql(sql)
        cols = df.columns
        return cols, [tuple(r) for r in df.collect()]

    def close(self):
        self.spark.stop()
