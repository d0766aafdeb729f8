"""Sparkify Spark step runner: the project's only Python file.

    spark-submit step_runner.py --spec <path or s3 uri of a SparkJobSpec JSON>

Generic: it holds no transformation. It reads the sources the spec declares (validating each record by the
declared rules, with the same reasons as src/quality/record-validator.ts), runs the spec's SQL models in order
with spark.sql, and writes each catalog table and the quarantine to the spec's locations, then the BuildResult.
File decoding mirrors src/io/text-lines.ts and src/engines/local/read-source.ts, so both engines load and
quarantine exactly the same records. Decoding runs on the executors (Spark's binaryFile source, then Arrow batches
through Python: mapInArrow), and everything after it (stats, lineage, drift, the quarantine) is Spark SQL there
too: only counts come back to the driver. Paths go through Hadoop's FileSystem, so folders, s3a:// and EMR's
s3:// all work. Progress lines start with PROGRESS so the caller can show them.
"""
import argparse
import gzip
import json
import math
import os
import re
import sys

from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T
from pyspark.sql.window import Window

PROGRESS = "PROGRESS "
MAX_SAFE_INTEGER = 2**53 - 1
MAX_RAW_CHARS = 65536
# The input files the kit reads (src/ingest/source-files.ts isDataFile): JSON or JSON Lines, plain or gzipped.
DATA_FILE = re.compile(r"\.(json|jsonl|ndjson)(\.gz)?$", re.IGNORECASE)
# JavaScript's String.prototype.trim whitespace (differs from Python's str.strip).
JS_WHITESPACE = "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
HIVE_DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__"
RAW_TYPES = {"string": T.StringType(), "integer": T.LongType(), "number": T.DoubleType()}
COLUMN_TYPES = {"bigint": "bigint", "int": "int", "double": "double", "string": "string", "timestamp": "timestamp"}


# Lineage: records are numbered file index * 2^32 + line (src/engines/local/read-source.ts does the same).
LINES_PER_FILE = 2**32

def progress(message):
    print(f"{PROGRESS}{message}", flush=True)


# ---- JavaScript-compatible text for reasons (the local engine writes them with JS semantics) -------------


def js_number(value):
    """A number as JavaScript's String(n) writes it (shortest round-trip digits, JS exponent rules)."""
    if isinstance(value, int) and abs(value) <= MAX_SAFE_INTEGER:
        return str(value)
    try:
        x = float(value)
    except OverflowError:
        x = math.inf if value > 0 else -math.inf
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "0"
    m = re.fullmatch(r"(\d+)(?:\.(\d+))?(?:e([+-]\d+))?", repr(abs(x)))
    whole, frac, exp = m.group(1), m.group(2) or "", int(m.group(3) or 0)
    all_digits = whole + frac
    digits = all_digits.lstrip("0")
    n = len(whole) + exp - (len(all_digits) - len(digits))
    digits = digits.rstrip("0")
    k = len(digits)
    sign = "-" if x < 0 else ""
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
        text = f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"
    return sign + text


def js_json(value):
    """JSON.stringify's compact form (non-ASCII kept as is)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def describe(value):
    if value is None:
        return "null"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "the string " + js_json(value[:40] + "\u2026" if len(value) > 40 else value)
    if isinstance(value, bool):
        return "a boolean"
    if is_number(value):
        return "the number " + js_number(value)
    return "an object"


# ---- record validation: the rules of src/quality/record-validator.ts --------------------------------------


def js_pattern(source):
    # A JavaScript `$` only matches at the very end; Python's also matches before a final newline.
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", source))


def compile_fields(fields):
    return [dict(f, _re=js_pattern(f["pattern"]) if f.get("pattern") else None) for f in fields]


def required_when_holds(record, field):
    rule = field.get("requiredWhen")
    if not rule:
        return False
    other = record.get(rule["field"])
    return isinstance(other, str) and other == rule["equals"]


def range_problem(field, value):
    name = field["name"]
    if field.get("minimum") is not None and value < field["minimum"]:
        return f"{name}: {js_number(value)} is below {js_number(field['minimum'])}"
    if field.get("maximum") is not None and value > field["maximum"]:
        return f"{name}: {js_number(value)} is above {js_number(field['maximum'])}"
    return None


def is_safe_integer(value):
    if isinstance(value, int):
        return abs(value) <= MAX_SAFE_INTEGER
    return math.isfinite(value) and value.is_integer() and abs(value) <= MAX_SAFE_INTEGER


def field_problem(record, field):
    name = field["name"]
    rule = field.get("requiredWhen")
    value = record.get(name)
    if value is None:
        if field["required"]:
            return f"{name}: required but missing"
        if required_when_holds(record, field):
            return f"{name}: required when {rule['field']} is {rule['equals']}"
        return None
    kind = field["type"]
    if kind == "string":
        if not isinstance(value, str):
            return f"{name}: expected a string, got {describe(value)}"
        if field["_re"] is not None and not field["_re"].search(value):
            return f"{name}: {js_json(value)} does not match {field['pattern']}"
        if value == "" and required_when_holds(record, field):
            return f"{name}: required when {rule['field']} is {rule['equals']}"
        return None
    if kind == "integer":
        if not is_number(value) or not is_safe_integer(value):
            return f"{name}: expected an integer, got {describe(value)}"
        return range_problem(field, value)
    if kind == "number":
        if not is_number(value):
            return f"{name}: expected a number, got {describe(value)}"
        return range_problem(field, value)
    raise ValueError(f"unknown raw type {kind}")


def record_problem(value, fields):
    if not isinstance(value, dict):
        return f"not a JSON object (got {describe(value)})"
    for field in fields:
        problem = field_problem(value, field)
        if problem:
            return problem
    return None


def typed_value(value, kind):
    if value is None:
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    return value


# ---- file decoding: the rules of src/io/text-lines.ts and read-source.ts ---------------------------------


def reject_constant(name):
    # JSON.parse has no NaN or Infinity literals.
    raise ValueError(f"unexpected token {name}")


def parse_json(text):
    """(value, duplicate key or None). A JSON object with a key twice (at any depth) is quarantined, as by the local
    engine (src/ingest/duplicate-keys.ts): json.loads alone keeps the last value, Polars the first. Named: the first
    object to close with a repeated key, and in it the first key repeated. Recorded rather than raised, so that text
    that is not JSON is reported as such whatever it held before its error (JSON.parse first, as the local engine)."""
    duplicates = []

    def pairs(items):
        if not duplicates:
            seen = set()
            for key, _ in items:
                if key in seen:
                    duplicates.append(key)
                    break
                seen.add(key)
        return dict(items)

    value = json.loads(text, parse_constant=reject_constant, object_pairs_hook=pairs)
    return value, (duplicates[0] if duplicates else None)


def parse_record(text):
    """(value, reason it cannot be loaded whatever its fields, or None); ValueError when the text is not JSON."""
    value, duplicate = parse_json(text)
    return value, (None if duplicate is None else f"duplicate key {js_json(duplicate)}")


def decode_text(content):
    raw = gzip.decompress(content) if content[:2] == b"\x1f\x8b" else content
    text = raw.decode("utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def numbered_lines(text):
    """Non-blank lines with 1-based numbers counting blank ones; CRLF accepted."""
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if line.strip(JS_WHITESPACE) != "":
            out.append((number, line))
    return out


def quarantine_record(source, rel, line, reason, raw):
    return {"source": source, "file": rel, "line": line, "reason": reason, "raw": raw[:MAX_RAW_CHARS]}


def parse_file(source, fields, rel, content, on_record=lambda number, keys: None):
    """Yields ("row", tuple) for each loadable record and ("bad", record) for each quarantined one.
    on_record(line, keys) sees each loadable record's keys (schema drift is counted from them)."""
    try:
        text = decode_text(content)
    except Exception as err:  # a broken gzip stream: the whole file is one bad record
        yield "bad", quarantine_record(source, rel, None, f"cannot decode file: {err}", content.decode("latin-1"))
        return
    parsed = []
    for number, raw in numbered_lines(text):
        try:
            parsed.append((number, raw, *parse_record(raw)))
        except ValueError as err:
            parsed.append((number, raw, None, f"not valid JSON: {err}"))
    # A pretty-printed JSON object spans lines: when no line parses alone but the whole file does, take the file.
    if len(parsed) > 1 and all(p[3] for p in parsed):
        try:
            parsed = [(1, text, *parse_record(text))]
        except ValueError:
            pass
    for number, raw, value, error in parsed:
        problem = error or record_problem(value, fields)
        if problem:
            yield "bad", quarantine_record(source, rel, number, problem, raw)
        else:
            on_record(number, value.keys())
            yield "row", tuple(typed_value(value.get(f["name"]), f["type"]) for f in fields) + (rel, number)


# ---- Schema drift, counted as src/ingest/schema-drift.ts counts it ----------------------------------------


class FileDrift:
    """One file's drift: keys its loadable records hold that the source does not declare (with the first line and
    how many records), and whether each declared field appeared in any of its records."""

    def __init__(self, declared):
        self.declared = declared
        self.records = 0
        # Records come in a few shapes (the same keys in the same order): counted per shape here, per key in items().
        self.shapes = {}

    def record(self, number, keys):
        self.records += 1
        shape = self.shapes.get(tuple(keys))
        if shape is None:
            self.shapes[tuple(keys)] = [number, 1]
        else:
            shape[1] += 1

    def undeclared(self):
        """{key: (first line, records)} of the keys not declared, in the order they first appear."""
        declared = set(self.declared)
        found = {}
        for keys, (first, count) in self.shapes.items():  # shapes in the order of their first record
            for key in keys:
                if key not in declared:
                    at, total = found.get(key, (first, 0))
                    found[key] = (at, total + count)
        return found

    def items(self, rel):
        """(file, kind, field, records, first line) per drift of this file; a file without records has none."""
        if self.records == 0:
            return
        for key, (first, count) in self.undeclared().items():
            yield rel, "undeclared", key, count, first
        seen = {key for keys in self.shapes for key in keys}
        for field in self.declared:
            if field not in seen:
                yield rel, "missing", field, self.records, None


# ---- Hadoop FileSystem access from the driver (folders, s3a://, EMR's s3://) ------------------------------


class Hadoop:
    def __init__(self, spark):
        self.jvm = spark.sparkContext._jvm
        self.conf = spark.sparkContext._jsc.hadoopConfiguration()

    def path(self, uri):
        return self.jvm.org.apache.hadoop.fs.Path(uri)

    def fs(self, uri):
        return self.path(uri).getFileSystem(self.conf)

    def qualified(self, uri):
        return self.fs(uri).makeQualified(self.path(uri)).toString()

    def exists(self, uri):
        return self.fs(uri).exists(self.path(uri))

    def read_text(self, uri):
        stream = self.fs(uri).open(self.path(uri))
        try:
            data = self.jvm.org.apache.commons.io.IOUtils.toByteArray(stream)
        finally:
            stream.close()
        return bytes(data).decode("utf-8")

    def write_bytes(self, uri, data):
        stream = self.fs(uri).create(self.path(uri), True)
        try:
            stream.write(bytearray(data))
        finally:
            stream.close()

    def data_files(self, uri):
        """(relative path, size) of every file below uri."""
        root = self.qualified(uri).rstrip("/") + "/"
        if folder_on_local_disk(root):
            # As for inputs: Hadoop's local listing forks a process per file.
            local = root[len("file:"):]
            return [
                (os.path.relpath(os.path.join(parent, n), local).replace(os.sep, "/"), os.path.getsize(os.path.join(parent, n)))
                for parent, _, names in os.walk(local)
                for n in names
            ]
        files = []
        it = self.fs(uri).listFiles(self.path(uri), True)
        while it.hasNext():
            status = it.next()
            full = status.getPath().toString()
            files.append((full[len(root):], status.getLen()))
        return files


# ---- the job ----------------------------------------------------------------------------------------------


def join(base, *parts):
    return "/".join([base.rstrip("/"), *parts])


def folder_on_local_disk(qualified):
    return qualified.startswith("file:/")


def local_data_files(directory, root):
    """Qualified paths of the data files below a local folder, the files the local engine lists
    (src/storage/folder-storage.ts, src/ingest/source-files.ts): hidden names skipped as Hadoop's listing does, and
    links followed only when their real target lies inside the input root and is not a folder the walk is in."""
    root_real = os.path.realpath(root)

    def inside(real):
        return real == root_real or real.startswith(root_real + os.sep)

    found = []

    def walk(folder, within):
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            return
        for entry in entries:
            if entry.name.startswith(("_", ".")):
                continue
            if entry.is_symlink():
                try:
                    target = os.path.realpath(entry.path, strict=True)
                except OSError:  # a loop of links, or a link to nothing
                    continue
                if not inside(target):
                    continue
                if os.path.isdir(target):
                    if not any(w == target or w.startswith(target + os.sep) for w in within):
                        walk(entry.path, within + [target])
                elif os.path.isfile(target) and DATA_FILE.search(entry.name):
                    found.append("file:" + entry.path)
            elif entry.is_dir(follow_symlinks=False):
                walk(entry.path, within + [os.path.join(within[-1], entry.name)])
            elif entry.is_file(follow_symlinks=False) and DATA_FILE.search(entry.name):
                found.append("file:" + entry.path)

    try:
        start = os.path.realpath(directory, strict=True)
    except OSError:
        return []
    if inside(start):
        walk(directory, [start])
    return sorted(found)


def read_local(full):
    with open(full[len("file:"):], "rb") as f:
        return full, f.read()


# ---- decoding on the executors: one output row per loaded record, quarantined record, file and drift item -----

# What decoding hands to the JVM, a union of four kinds of row told apart by _kind: "row" (a loadable record: the
# declared fields, its file and line), "bad" (a quarantined record: its line as the quarantine file holds it),
# "file" (a file read: its size and loaded records) and "drift" (one schema drift item of a file). Everything after
# decoding (counting, numbering, the quarantine) is Spark SQL over it, on the executors; only counts reach the driver.
DECODED_COLUMNS = [
    ("_kind", T.StringType()), ("_file", T.StringType()), ("_line", T.LongType()),
    ("_quarantine_line", T.StringType()), ("_bytes", T.LongType()), ("_records", T.LongType()),
    ("_drift_kind", T.StringType()), ("_drift_field", T.StringType()),
]
# Output Arrow batches of at most this many rows (a few MB each).
DECODED_BATCH_ROWS = 16384


def decoded_schema(source):
    fields = [T.StructField(f["name"], RAW_TYPES[f["type"]], True) for f in source["fields"]]
    return T.StructType(fields + [T.StructField(name, kind, True) for name, kind in DECODED_COLUMNS])


def decode_file(name, fields, declared, input_root, full, content):
    """The output rows (tuples in decoded_schema order) of one input file; nothing for a file the kit does not read."""
    rel = full[len(input_root):] if full.startswith(input_root) else full
    if not DATA_FILE.search(rel.rsplit("/", 1)[-1]) or len(content) == 0:
        return
    blanks = (None,) * len(fields)
    rows = 0
    file_drift = FileDrift(declared)
    for kind, payload in parse_file(name, fields, rel, content, file_drift.record):
        if kind == "row":
            rows += 1
            yield payload[:-2] + ("row", rel, payload[-1], None, None, None, None, None)
        else:
            yield blanks + ("bad", rel, payload["line"] or 0, quarantine_line(payload), None, None, None, None)
    yield blanks + ("file", rel, None, None, len(content), rows, None, None)
    for _, kind, field, records, first in file_drift.items(rel):
        yield blanks + ("drift", rel, first, None, None, records, kind, field)


def arrow_decoder(source, input_root):
    """mapInArrow's function: batches of (path, content) in, batches of decoded rows out (pyarrow on the executors)."""
    name = source["name"]
    fields = compile_fields(source["fields"])
    declared = [f["name"] for f in source["fields"]]
    schema = decoded_schema(source)

    def decode(batches):
        import pyarrow as pa
        from pyspark.sql.pandas.types import to_arrow_schema

        arrow_schema = to_arrow_schema(schema)
        columns = [[] for _ in arrow_schema]

        def flush():
            batch = pa.RecordBatch.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, arrow_schema)], schema=arrow_schema)
            for c in columns:
                c.clear()
            return batch

        for batch in batches:
            for full, content in zip(batch.column("path").to_pylist(), batch.column("content").to_pylist()):
                for row in decode_file(name, fields, declared, input_root, full, content):
                    for column, value in zip(columns, row):
                        column.append(value)
                    if len(columns[0]) >= DECODED_BATCH_ROWS:
                        yield flush()
        if columns[0]:
            yield flush()

    return decode


def arrow_available():
    """mapInArrow needs pyarrow, and pyspark 3.5 checks for pandas too. Without them (a cluster whose Python lacks
    them) files are decoded through a Python RDD instead: the same rows, slower. SPARKIFY_SPARK_DECODE=rows asks
    for that path (its test)."""
    if os.environ.get("SPARKIFY_SPARK_DECODE") == "rows":
        return False
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def input_paths(spark, hadoop, spec, source, input_root):
    """The input files of a source (qualified paths), or its folder to list recursively, or [] when nothing is read."""
    folder = join(spec["input"], source["folder"])
    # An incremental run reads only the files it was given (those the lake has not consumed), relative to the input.
    wanted = None if spec.get("sourceFiles") is None else spec["sourceFiles"].get(source["folder"], [])
    if wanted is not None and not wanted:
        return []
    if not hadoop.exists(folder):
        return []
    if folder_on_local_disk(hadoop.qualified(folder)):
        # The files the local engine lists (links inside the input followed, hidden names skipped), listed here.
        paths = local_data_files(hadoop.qualified(folder)[len("file:"):], input_root[len("file:"):])
        if wanted is not None:
            keep = {input_root + rel for rel in wanted}
            paths = [p for p in paths if p in keep]
        return paths
    if wanted is not None:
        return [join(spec["input"], rel) for rel in wanted]
    return [folder]


def decoded_frame(spark, hadoop, spec, source):
    """Every input file of the source decoded on the executors (decoded_schema), persisted: read more than once."""
    input_root = hadoop.qualified(spec["input"]).rstrip("/") + "/"
    paths = input_paths(spark, hadoop, spec, source, input_root)
    schema = decoded_schema(source)
    if not paths:
        return spark.createDataFrame([], schema)
    if arrow_available():
        # Spark's binaryFile source reads the files in the JVM, packed into tasks by size; Python sees each task's
        # files in Arrow batches and hands its rows back the same way (no row is pickled).
        if folder_on_local_disk(paths[0]):
            # Listed here already: Spark would check thousands of local paths with one task each (5,000 song files,
            # 35 s); on the driver it takes a stat each.
            spark.conf.set("spark.sql.sources.parallelPartitionDiscovery.threshold", str(len(paths) + 1))
        # Files are packed into tasks by size, each counted as at least openCostInBytes (4 MB by default: 5,000 song
        # files of 1 KB made 157 tasks, each starting Python); a few KB lets a task take thousands of small files.
        spark.conf.set("spark.sql.files.openCostInBytes", str(8 * 1024))
        files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(paths).select("path", "content")
        decoded = files.mapInArrow(arrow_decoder(source, input_root), schema)
    else:
        sc = spark.sparkContext
        name, fields, declared = source["name"], compile_fields(source["fields"]), [f["name"] for f in source["fields"]]
        if folder_on_local_disk(paths[0]):
            items = sc.parallelize(paths, max(1, min(len(paths), 4 * sc.defaultParallelism))).map(read_local)
        else:
            sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
            items = sc.binaryFiles(",".join(paths), minPartitions=max(2, sc.defaultParallelism))
        rows = items.flatMap(lambda item: decode_file(name, fields, declared, input_root, item[0], bytes(item[1])))
        decoded = spark.createDataFrame(rows, schema, verifySchema=False)
    return decoded.persist(StorageLevel.MEMORY_AND_DISK)


def read_source(spark, hadoop, spec, source):
    """The source's loadable records as a DataFrame with the declared schema + _seq lineage, its quarantined records
    (_file, _line, _quarantine_line), its stats and its drift. Only counts and the merged drift reach the driver."""
    decoded = decoded_frame(spark, hadoop, spec, source)
    name = source["name"]
    # The rows and the quarantine are kept on their own (the models read the rows several times, the quarantine is
    # written at the end), and the decoded union is let go once they are: it is never read again. The files' rows
    # are not: only the query below reads them, while the union is cached.
    files = decoded.filter(F.col("_kind") == "file").select("_file", "_bytes", "_records")
    bad = decoded.filter(F.col("_kind") == "bad").select("_file", "_line", "_quarantine_line").persist(StorageLevel.MEMORY_AND_DISK)
    # Lineage as the local engine gives it: _seq = file index (sorted path order) * 2^32 + line number, so "first
    # delivery wins" in the staging models picks the same record on both engines. The index is numbered by Spark
    # over the files' names (one small window), not built on the driver.
    file_index = files.select("_file", (F.row_number().over(Window.orderBy("_file")) - 1).alias("_file_index"))
    frame = decoded.filter(F.col("_kind") == "row").join(file_index, "_file").select(
        *[F.col(f["name"]) for f in source["fields"]],
        (F.col("_file_index") * LINES_PER_FILE + F.col("_line")).alias("_seq"),
    ).persist(StorageLevel.MEMORY_AND_DISK)
    # Every count in one query, which also fills the caches of the rows and of the quarantine while the decoded
    # union is cached: each Spark query and job is a fixed cost that small inputs feel. The rows add nothing to
    # the sums; they are scanned only to be cached.
    part = F.col("_part")
    totals = (
        files.select(F.lit("file").alias("_part"), "_bytes", "_records")
        .unionByName(bad.select(F.lit("bad").alias("_part")), allowMissingColumns=True)
        .unionByName(frame.select(F.lit("row").alias("_part")), allowMissingColumns=True)
        .agg(
            F.count(F.when(part == "file", True)).alias("files"),
            F.coalesce(F.sum("_bytes"), F.lit(0)).alias("bytes"),
            F.coalesce(F.sum("_records"), F.lit(0)).alias("records"),
            F.count(F.when(part == "bad", True)).alias("quarantined"),
        )
        .collect()[0]
    )
    quarantined = totals["quarantined"]
    progress(f"{source['folder']}: {totals['files']} files read")
    drift = merged_drift(name, decoded.filter(F.col("_kind") == "drift"))
    decoded.unpersist()
    progress(f"{source['folder']}: {totals['records']} records loaded, {quarantined} quarantined")
    stats = {"source": name, "files": totals["files"], "bytes": totals["bytes"], "records": totals["records"], "quarantined": quarantined}
    return frame, bad, stats, drift


def merged_drift(source, items):
    """Every file's drift as the run reports it (BuildResult.drift), merged by Spark: per field and kind, records
    and files summed, the first file in path order (the order the local engine reads) with its first line; in the
    order of each one's first item (by file, then undeclared before missing, then line)."""
    first = F.min(F.struct("_file", (F.col("_drift_kind") != "undeclared").alias("missing"), F.coalesce("_line", F.lit(0)).alias("at"), "_line"))
    merged = (
        items.groupBy("_drift_kind", "_drift_field")
        .agg(F.sum("_records").alias("records"), F.count(F.lit(1)).alias("files"), first.alias("first"))
        .orderBy("first")
        .collect()
    )
    return [
        {"source": source, "field": r["_drift_field"], "kind": r["_drift_kind"], "records": r["records"], "files": r["files"], "firstFile": r["first"]["_file"], "firstLine": r["first"]["_line"]}
        for r in merged
    ]


# Quarantined records per part file Spark writes (each ~0.5 KB): a small quarantine is one file. Tests set it low.
QUARANTINE_RECORDS_PER_FILE = int(os.environ.get("SPARKIFY_QUARANTINE_RECORDS_PER_FILE") or 250_000)
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def quarantine_line(record):
    """A quarantined record as the local engine writes it: JSON.stringify's compact form, a lone surrogate escaped."""
    return LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", js_json(record))


def write_quarantine(hadoop, bad_by_source, total, location, empty_file):
    """Writes the quarantine from the executors, never through the driver: JSON lines ordered as the local engine
    writes them (sources in spec order, then files by path, then lines), as text part files in that order
    (part-00000-…, part-00001-…: readers take every part-* file in name order). None: one empty file (the spec's
    quarantineFile, part-00000.jsonl), as the local engine writes."""
    fs = hadoop.fs(location)
    if total == 0:
        fs.mkdirs(hadoop.path(location))
        hadoop.write_bytes(join(location, empty_file), b"")
        return
    keyed = None
    for i, bad in enumerate(bad_by_source):
        part = bad.select(F.lit(i).alias("_source"), "_file", "_line", F.col("_quarantine_line").alias("value"))
        keyed = part if keyed is None else keyed.unionByName(part)
    parts = max(1, -(-total // QUARANTINE_RECORDS_PER_FILE))
    order = ["_source", "_file", "_line"]
    lines = keyed.repartitionByRange(parts, *order).sortWithinPartitions(*order).select("value")
    lines.write.mode("overwrite").text(location)


def conform(frame, table, columns=None):
    """The model's output in the catalog's column order and types (of the given catalog columns: all by default)."""
    return frame.select(*[F.col(c["name"]).cast(COLUMN_TYPES[c["type"]]).alias(c["name"]) for c in columns or table["columns"]])


# Rows per Parquet file a task writes at most (songplays: ~20 bytes a row compressed, so ~10 MB files).
ROWS_PER_FILE = int(os.environ.get("SPARKIFY_SPARK_ROWS_PER_FILE") or 500_000)


def spark_slots(frame):
    """Tasks the cluster runs at once (local[*]: the cores; a cluster: its executors' cores)."""
    return max(1, frame.sparkSession.sparkContext.defaultParallelism)


def spread_for_writing(frame, table, rows):
    """The table's rows over as many write tasks as the cluster has slots, in files of at most ROWS_PER_FILE rows:
    a folder's rows are cut into ceil(rows / ROWS_PER_FILE) chunks by a hash of the sort columns, and the tasks take
    ranges of (folder, chunk), so a chunk is never cut in two (a small folder is one file, as the local engine
    writes it) while a large one, a month of plays, is written by several tasks at once. A table of at most
    ROWS_PER_FILE rows has one chunk per folder: its folders are spread by a hash of their values instead, each
    whole in one task (one task in all when unpartitioned). Each file is sorted."""
    partition_by, sort_by = table["partitionBy"], table["sortBy"]
    order = [*partition_by, *sort_by]
    if rows <= ROWS_PER_FILE:
        # No folder needs cutting, so none needs sizing: no sizing job (a groupBy and a join) and no range sampling
        # job, fixed costs every small table paid. A hash of the folder's values keeps each folder in one task.
        if partition_by:
            spread = frame.repartition(max(1, min(spark_slots(frame), rows)), *partition_by)
        else:
            # Coalesced rather than shuffled: the frame is cached, and one task reading it needs no exchange.
            spread = frame.coalesce(1)
        return spread.sortWithinPartitions(*order) if order else spread
    columns = frame.columns
    if partition_by:
        # The folder's columns renamed: the sizes come from the same frame, and Spark cannot tell apart a column
        # joined with itself.
        keys = [f"_folder_{i}" for i in range(len(partition_by))]
        sizes = frame.groupBy(*[F.col(c).alias(k) for c, k in zip(partition_by, keys)]).agg(
            F.ceil(F.count(F.lit(1)) / ROWS_PER_FILE).alias("_chunks")
        )
        chunks = sizes.agg(F.sum("_chunks")).first()[0]
        # Null-safe: a null partition value (__HIVE_DEFAULT_PARTITION__) is a folder too.
        same_folder = [F.col(c).eqNullSafe(F.col(k)) for c, k in zip(partition_by, keys)]
        frame = frame.join(sizes, same_folder).select(*columns, "_chunks")
    else:
        chunks = max(1, -(-rows // ROWS_PER_FILE))
        frame = frame.withColumn("_chunks", F.lit(chunks))
    spread = F.hash(*sort_by) if sort_by else F.monotonically_increasing_id()
    frame = frame.withColumn("_chunk", F.pmod(spread, F.col("_chunks")))
    tasks = max(1, min(chunks, max(spark_slots(frame), -(-rows // ROWS_PER_FILE))))
    spread = frame.repartitionByRange(tasks, *partition_by, "_chunk")
    return (spread.sortWithinPartitions(*order) if order else spread).select(*columns)


def write_table(hadoop, frame, table, location):
    rows = frame.count()
    partition_by = table["partitionBy"]
    if rows == 0 and partition_by:
        # No rows, no partition: no file (as the local engine). Spark would write a schema-only file outside any
        # partition folder, which an incremental run's append would commit with null partition values.
        hadoop.fs(location).mkdirs(hadoop.path(location))
        return {"table": table["name"], "rows": 0, "partitions": 0, "files": 0, "bytes": 0}
    frame = spread_for_writing(frame, table, rows)
    writer = frame.write.mode("overwrite").option("compression", "snappy")
    if partition_by:
        writer = writer.partitionBy(*partition_by)
    writer.parquet(location)
    parquet = [(rel, size) for rel, size in hadoop.data_files(location) if rel.endswith(".parquet") and not hidden(rel)]
    folders = {rel.rsplit("/", 1)[0] for rel, _ in parquet if "/" in rel}
    return {
        "table": table["name"],
        "rows": rows,
        "partitions": len(folders) if partition_by else 0,
        "files": len(parquet),
        "bytes": sum(size for _, size in parquet),
    }


def read_lake_table(spark, spec, table, partitions_of, columns=None):
    """A lake table as the run's base committed it (its files from the spec), partition columns from the folder
    names; with partitions_of, only the partitions that occur in that relation (this run's rows); with columns, only
    those (an append's merge needs the lake's keys, not its rows)."""
    lake = spec["lake"][table["name"]]
    files = lake["files"]
    partition_by = table["partitionBy"]
    if partitions_of and files:
        wanted = {
            tuple(None if v is None else str(v) for v in row)
            for row in spark.table(partitions_of).select(*partition_by).distinct().collect()
        }
        files = [f for f in files if tuple(f["partitionValues"].get(c) for c in partition_by) in wanted]
    kept = [c for c in table["columns"] if columns is None or c["name"] in columns]
    if not files:
        schema = ", ".join(f"`{c['name']}` {COLUMN_TYPES[c['type']]}" for c in kept)
        return spark.createDataFrame([], schema)
    paths = [join(lake["location"], f["path"]) for f in files]
    # Each run's files sit in its own folder above the Hive folders (<runId>/year=…/month=…/), which Spark's
    # partition discovery refuses as conflicting layouts: read the files as they are and take each partition value
    # from the file's path, `col=value` (the folder names the kit writes: digits and ids, nothing escaped).
    frame = spark.read.option("recursiveFileLookup", "true").parquet(*paths)
    stored = [c["name"] for c in kept if c["name"] not in partition_by]
    if columns is not None:
        frame = frame.select(*stored)
    for column in partition_by:
        if columns is not None and column not in columns:
            continue
        value = F.regexp_extract(F.input_file_name(), f"/{column}=([^/]*)/", 1)
        frame = frame.withColumn(column, F.when(value == HIVE_DEFAULT_PARTITION, F.lit(None)).otherwise(value))
    return conform(frame, table, kept)


def hidden(rel):
    return any(part.startswith(("_", ".")) for part in rel.split("/"))


def main(argv):
    parser = argparse.ArgumentParser(description="Runs the Sparkify models on Spark, as a SparkJobSpec describes.")
    parser.add_argument("--spec", required=True, help="path or URI of the job spec JSON")
    args = parser.parse_args(argv)

    spark = SparkSession.builder.appName("sparkify-step").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    # What the published tables promise: UTC timestamps, microsecond Parquet timestamps, snappy.
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    spark.conf.set("spark.sql.parquet.compression.codec", "snappy")
    hadoop = Hadoop(spark)
    spec = json.loads(hadoop.read_text(args.spec))
    progress(f"spec {args.spec}: {len(spec['sources'])} sources, {len(spec['models'])} models, {len(spec['tables'])} tables")

    sources, quarantine, drift = [], [], []
    for source in spec["sources"]:
        frame, bad, stats, source_drift = read_source(spark, hadoop, spec, source)
        frame.createOrReplaceTempView(source["name"])
        sources.append(stats)
        quarantine.append(bad)
        drift.extend(source_drift)
    quarantined = sum(s["quarantined"] for s in sources)

    tables = {t["name"]: t for t in spec["tables"]}
    written = {}
    for model in spec["models"]:
        # Full runs: staging and star models. Incremental runs add `lake` steps (a table as committed) and `merge`
        # steps; `table` names the catalog table a result conforms to, `write` whether it is written.
        table_name = model.get("table") or (model["name"] if model["layer"] == "star" else None)
        if model["layer"] == "lake":
            frame = read_lake_table(spark, spec, tables[table_name], model.get("partitionsOf"), model.get("columns"))
        else:
            frame = spark.sql(model["sql"])
            if table_name:
                frame = conform(frame, tables[table_name])
        # Later models select from this one by name; caching computes it once.
        frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
        frame.createOrReplaceTempView(model["name"])
        if model.get("write") or (model["layer"] == "star" and "write" not in model):
            result = write_table(hadoop, frame, tables[table_name], spec["locations"][table_name])
            progress(f"wrote {result['table']}: {result['rows']} rows, {result['files']} files, {result['bytes']} bytes")
            written[result["table"]] = result

    write_quarantine(hadoop, quarantine, quarantined, spec["locations"][spec["quarantineDir"]], spec["quarantineFile"])
    progress(f"quarantine: {quarantined} records")

    # An incremental run writes only the tables that change.
    result = {"sources": sources, "drift": drift, "tables": [written[t["name"]] for t in spec["tables"] if t["name"] in written], "quarantined": quarantined}
    # The run's reconciliation counts: SQL from the spec (src/quality/run-counts.ts), not restated here.
    result["nextSongEvents"] = {name: spark.sql(sql).first()[0] for name, sql in spec.get("counts", {}).items()}
    hadoop.write_bytes(spec["resultPath"], json.dumps(result).encode("utf-8"))
    progress(f"result written to {spec['resultPath']}")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
