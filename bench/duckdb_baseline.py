"""A second comparison point for the benchmark: the same star schema as a DuckDB script, what a data engineer
might write with DuckDB. It runs the kit's own models (rendered in the DuckDB dialect and handed over in a spec
file), reads the JSON with explicit column types and writes each table with DuckDB's partitioned COPY; like the
Python Polars script it skips the per-record validation, quarantine and checks the kit does. Usage:
    duckdb_baseline.py SPEC.json INPUT_DIR OUTPUT_DIR
"""
import glob
import json
import os
import sys

import duckdb

RAW_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE"}
TABLE_TYPES = {"bigint": "BIGINT", "int": "INTEGER", "double": "DOUBLE", "string": "VARCHAR", "timestamp": "TIMESTAMP"}


def load_source(con, root, source):
    pattern = os.path.join(root, source["folder"], "**", "*.json")
    files = sorted(f for f in glob.glob(pattern, recursive=True) if os.path.getsize(f) > 0)
    columns = {f["name"]: RAW_TYPES[f["type"]] for f in source["fields"]}
    # Lineage: DuckDB keeps insertion order, so a table's rowid follows the sorted files and their lines, which is
    # the order "first delivery wins" needs (the kit's _seq orders records the same way).
    con.execute(
        f"CREATE TABLE {source['name']}_read AS SELECT * FROM read_json(?, format='newline_delimited', columns={columns!r})",
        [files],
    )
    con.execute(f"CREATE VIEW {source['name']} AS SELECT *, rowid AS _seq FROM {source['name']}_read")


def conformed(table):
    return ", ".join(f"CAST({c['name']} AS {TABLE_TYPES[c['type']]}) AS {c['name']}" for c in table["columns"])


def main(spec_path, root, out):
    spec = json.load(open(spec_path))
    os.makedirs(out, exist_ok=True)
    con = duckdb.connect()
    for source in spec["sources"]:
        load_source(con, root, source)
    tables = {t["name"]: t for t in spec["tables"]}
    for model in spec["models"]:
        con.execute(f"CREATE TABLE {model['name']} AS {model['sql']}")
        table = tables.get(model["name"])
        if not table:
            continue
        target = os.path.join(out, table["name"])
        select = f"SELECT {conformed(table)} FROM {model['name']}"
        if table["partitionBy"]:
            con.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet, COMPRESSION snappy, PARTITION_BY ({', '.join(table['partitionBy'])}))")
        else:
            os.makedirs(target, exist_ok=True)
            con.execute(f"COPY ({select}) TO '{os.path.join(target, 'part-00000.snappy.parquet')}' (FORMAT parquet, COMPRESSION snappy)")


if __name__ == "__main__":
    main(*sys.argv[1:4])
