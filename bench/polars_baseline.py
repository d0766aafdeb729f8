"""The comparison point for the benchmark: what a data engineer might write instead, a short Python Polars
script. It runs the kit's own models (rendered in the Polars dialect and handed over in a spec file), so both
sides do the same transformations; it reads with the declared schema but skips the per-record validation and
quarantine the kit does (a file with a bad record would fail this script). Usage:
    polars_baseline.py SPEC.json INPUT_DIR OUTPUT_DIR
"""
import glob
import json
import os
import sys

import polars as pl

RAW_TYPES = {"string": pl.Utf8, "integer": pl.Int64, "number": pl.Float64}
TABLE_TYPES = {"bigint": pl.Int64, "int": pl.Int32, "double": pl.Float64, "string": pl.Utf8, "timestamp": pl.Datetime("ms", "UTC")}


def read_source(root, source):
    pattern = os.path.join(root, source["folder"], "**", "*.json")
    files = sorted(f for f in glob.glob(pattern, recursive=True) if os.path.getsize(f) > 0)
    schema = {f["name"]: RAW_TYPES[f["type"]] for f in source["fields"]}
    # One scan over every file; lineage (_seq = file index * 2^32 + line) as the kit numbers records.
    index = pl.LazyFrame({"_path": files, "_file_index": list(range(len(files)))}, schema={"_path": pl.Utf8, "_file_index": pl.Int64})
    return (
        pl.scan_ndjson(files, schema=schema, include_file_paths="_path")
        .with_columns((pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("_path")).alias("_line"))
        .join(index, on="_path")
        .with_columns((pl.col("_file_index") * 2**32 + pl.col("_line")).alias("_seq"))
        .drop("_path", "_line", "_file_index")
        .collect()
    )


def conform(frame, table):
    columns = []
    for column in table["columns"]:
        expr = pl.col(column["name"])
        if column["type"] == "timestamp":
            columns.append(expr.dt.replace_time_zone("UTC"))
        else:
            columns.append(expr.cast(TABLE_TYPES[column["type"]]))
    return frame.select(columns)


def main(spec_path, root, out):
    spec = json.load(open(spec_path))
    ctx = pl.SQLContext({s["name"]: read_source(root, s) for s in spec["sources"]})
    tables = {t["name"]: t for t in spec["tables"]}
    for model in spec["models"]:
        frame = ctx.execute(model["sql"]).collect()
        table = tables.get(model["name"])
        if table:
            frame = conform(frame, table)
            target = os.path.join(out, table["name"])
            if table["partitionBy"]:
                frame.write_parquet(target, partition_by=table["partitionBy"], compression="snappy")
            else:
                os.makedirs(target, exist_ok=True)
                frame.write_parquet(os.path.join(target, "part-00000.snappy.parquet"), compression="snappy")
        ctx.register(model["name"], frame)


if __name__ == "__main__":
    main(*sys.argv[1:4])
