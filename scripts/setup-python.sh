#!/usr/bin/env bash
# Idempotent setup of the project's Python side, in two parts:
#   notebooks and tools: .venv/ (python3 -m venv) with python/requirements.txt but pyspark installed (Jupyter,
#     nbclient, moto, ...), and .venv/share/jupyter/kernels/tslab/, the notebooks' kernel once npm installed tslab
#   Spark: pyspark (its pin in python/requirements.txt), .venv/spark-jars/ (hadoop-aws + its AWS SDK bundle,
#     matching pyspark's Hadoop, for s3a://), .venv/delta-jars/ (delta-spark_2.12 + delta-storage) and
#     .venv/sparkify-jars/ (the kit's local file system for Spark, compiled when a JDK is here)
# Usage: scripts/setup-python.sh [--force] [--no-spark | --spark]     (PYTHON=/path/to/python3 picks the interpreter)
#   no flag: both parts (npm test, CI);  --no-spark: the first part only (npm run lab, npm run notebooks: Spark is
#   set up when first needed, by notebook 6 or --engine spark);  --spark: the Spark part only
# A re-run with nothing changed takes under a second. Then, e.g.:
#   PYSPARK_PYTHON=.venv/bin/python .venv/bin/spark-submit --master 'local[2]' \
#     --jars "$(ls -d .venv/spark-jars/*.jar | paste -sd,)" job.py
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQ="$ROOT/python/requirements.txt"
JARS="$VENV/spark-jars"
STAMP="$VENV/.requirements.sha256"
PIP_LOG="$VENV/pip-install.log"
MAVEN="${MAVEN_REPO_URL:-https://repo1.maven.org/maven2}"
PYTHON="${PYTHON:-python3}"
FORCE=0
CORE=1
SPARK=1

step() { printf 'setup-python: %s\n' "$*"; }
die() { printf 'setup-python: ERROR: %s\n' "$*" >&2; exit 1; }
# shellcheck disable=SC2154  # rc is assigned inside the trap string
trap 'rc=$?; printf "setup-python: ERROR: failed (exit %s) at line %s: %s\n" "$rc" "$LINENO" "$BASH_COMMAND" >&2' ERR

for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    --no-spark) SPARK=0 ;;
    --spark) CORE=0 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) die "unknown argument '$arg' (usage: scripts/setup-python.sh [--force] [--no-spark | --spark])" ;;
  esac
done

START=$SECONDS
[[ -f "$REQ" ]] || die "$REQ is missing"
command -v curl >/dev/null || die "curl not found: apt-get install -y curl"
command -v "$PYTHON" >/dev/null || die "'$PYTHON' not found: install Python 3.10+ or set PYTHON=/path/to/python3"
"$PYTHON" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] < (3, 13)))' \
  || die "$("$PYTHON" -V 2>&1) at $(command -v "$PYTHON") is not supported: pyspark 3.5 needs Python 3.10-3.12 (set PYTHON=...)"
PYVER="$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
[[ $CORE == 1 || $SPARK == 1 ]] || die "--no-spark and --spark together leave nothing to do"

# What each part installs: python/requirements.txt is the one list of pins; pyspark's line is the Spark part.
CORE_REQ="$VENV/requirements-core.txt"
SPARK_REQ="$VENV/requirements-spark.txt"
SPARK_STAMP="$VENV/.requirements-spark.sha256"
names() { grep -oE '^[A-Za-z0-9_.-]+' "$1" | paste -sd, | sed 's/,/, /g'; }

# pip_install WHAT REQUIREMENTS STAMP HASH: pip install -r REQUIREMENTS with a progress line every 15 s (pip's
# own output goes to .venv/pip-install.log); the stamp records the success.
pip_install() {
  local what="$1" req="$2" stamp="$3" hash="$4" t0=$SECONDS next=$((SECONDS + 15)) pid
  step "pip: installing $what into .venv: $(names "$req") (log: .venv/pip-install.log)"
  rm -f "$stamp"
  "$VPY" -m pip install --disable-pip-version-check --no-input -r "$req" >"$PIP_LOG" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (( SECONDS >= next )) && kill -0 "$pid" 2>/dev/null; then
      next=$((SECONDS + 15))
      step "pip: still installing $what ($((SECONDS - t0))s, $(grep -c '^Collecting' "$PIP_LOG" || true) packages resolved; $(grep -E '^ *(Collecting|Downloading|Installing|Building|Using cached)' "$PIP_LOG" | tail -n 1 | sed 's/^ *//' | cut -c1-90))"
    fi
  done
  if ! wait "$pid"; then
    tail -n 25 "$PIP_LOG" >&2
    die "pip install failed; full log in .venv/pip-install.log"
  fi
  "$VPY" -m pip check >>"$PIP_LOG" 2>&1 || { tail -n 10 "$PIP_LOG" >&2; die "pip check found broken dependencies (see .venv/pip-install.log)"; }
  echo "$hash" >"$stamp"
  step "pip: $what installed in $((SECONDS - t0))s"
}

if [[ $CORE == 1 ]]; then
  step "setting up the Python venv for the notebooks and tools: JupyterLab, nbclient, moto (local S3), the tslab kernel, ..."
fi
if [[ $SPARK == 1 ]]; then
  step "setting up Spark: pyspark, the s3a jars and the Delta jars (a few hundred MB the first time)"
else
  step "Spark (pyspark and its jars) left out: set up when first needed (notebook 6, --engine spark), or by: npm run setup:python -- --spark"
fi

# Java: Spark 3.5 runs on 8, 11 or 17. Not needed to set up, so only warn.
if [[ $SPARK == 0 ]]; then
  :
elif command -v java >/dev/null; then
  JAVA_LINE="$(java -version 2>&1 | head -n1)"
  JAVA_MAJOR="$(sed -E 's/.*version "(1\.)?([0-9]+).*/\2/' <<<"$JAVA_LINE")"
  case "$JAVA_MAJOR" in
    8|11|17) step "java: $JAVA_LINE" ;;
    *) step "WARNING: $JAVA_LINE; Spark 3.5 supports Java 8/11/17 (apt-get install -y openjdk-17-jre-headless)" ;;
  esac
else
  step "WARNING: no java on PATH; spark-submit will fail (apt-get install -y openjdk-17-jre-headless)"
fi

# 1. The virtual environment: reuse it if its Python works and is the same version, else recreate.
VPY="$VENV/bin/python"
if [[ -x "$VPY" ]] && VENV_VER="$("$VPY" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null)" \
   && [[ "$VENV_VER" == "$PYVER" ]]; then
  step "venv: reusing .venv (Python $VENV_VER)"
else
  if [[ -e "$VENV" ]]; then
    step "venv: .venv is broken or for another Python (${VENV_VER:-none} vs $PYVER); recreating"
    # Keep downloaded jars across a rebuild of the venv.
    if [[ -d "$JARS" ]]; then mv "$JARS" "$ROOT/.spark-jars.keep.$$"; fi
    rm -rf "$VENV"
  fi
  step "venv: $PYTHON -m venv .venv (Python $PYVER)"
  "$PYTHON" -m venv "$VENV" || die "python3 -m venv failed (on Debian's own python: apt-get install -y python3-venv)"
  if [[ -d "$ROOT/.spark-jars.keep.$$" ]]; then mv "$ROOT/.spark-jars.keep.$$" "$JARS"; fi
fi

# 2. Requirements: each part skipped when the hash of its lines (+ Python version) matches its last success.
grep -vE '^[[:space:]]*pyspark([^A-Za-z0-9_.-]|$)' "$REQ" >"$CORE_REQ"
grep -E '^[[:space:]]*pyspark([^A-Za-z0-9_.-]|$)' "$REQ" >"$SPARK_REQ" || die "no pyspark line in python/requirements.txt"
if [[ $CORE == 1 ]]; then
  WANT="$( (cat "$CORE_REQ"; echo "python=$PYVER") | sha256sum | cut -d' ' -f1)"
  # A .venv set up before the two parts has the hash of the whole file: everything, pyspark too, is installed.
  WHOLE="$( (cat "$REQ"; echo "python=$PYVER") | sha256sum | cut -d' ' -f1)"
  if [[ $FORCE == 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$WHOLE" ]]; then echo "$WANT" >"$STAMP"; fi
  if [[ $FORCE == 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" ]]; then
    step "pip: requirements unchanged (sha256 ${WANT:0:12}), skipping install"
  else
    pip_install "python/requirements.txt but pyspark" "$CORE_REQ" "$STAMP" "$WANT"
  fi
fi

# 4. The TypeScript kernel for the notebooks: the project's own tslab (node_modules, from npm install),
#    started by an absolute node so Jupyter needs neither node nor tslab on its PATH.
TSLAB="$ROOT/node_modules/tslab/bin/tslab"
KDIR="$VENV/share/jupyter/kernels/tslab"
if [[ $CORE == 0 ]]; then
  :
elif [[ -f "$TSLAB" ]]; then
  NODE="$(command -v node)" || die "node_modules/tslab is installed but node is not on PATH"
  mkdir -p "$KDIR"
  "$VPY" - "$NODE" "$TSLAB" "$KDIR/kernel.json" <<'PY'
import json, sys
node, tslab, dest = sys.argv[1:4]
spec = {"argv": [node, tslab, "kernel", "--config-path", "{connection_file}"],
        "display_name": "TypeScript (tslab)", "language": "typescript"}
text = json.dumps(spec, indent=2) + "\n"
try:
    same = open(dest).read() == text
except OSError:
    same = False
if not same:
    open(dest, "w").write(text)
PY
  step "tslab: kernel spec .venv/share/jupyter/kernels/tslab -> $NODE node_modules/tslab/bin/tslab"
else
  step "tslab: node_modules/tslab not installed; no TypeScript kernel spec (run npm install, then this again)"
fi

if [[ $SPARK == 0 ]]; then
  step "done in $((SECONDS - START))s: .venv (Python $PYVER), without Spark"
  exit 0
fi

# Spark, 1: pyspark, at its pin in python/requirements.txt.
WANT_SPARK="$( (cat "$SPARK_REQ"; echo "python=$PYVER") | sha256sum | cut -d' ' -f1)"
if [[ $FORCE == 0 && -x "$VENV/bin/spark-submit" && -f "$SPARK_STAMP" && "$(cat "$SPARK_STAMP")" == "$WANT_SPARK" ]]; then
  step "pip: $(tr -d '[:space:]' <"$SPARK_REQ") unchanged, skipping install"
elif [[ $FORCE == 0 && -x "$VENV/bin/spark-submit" ]] \
     && [[ "$("$VPY" -c 'import importlib.metadata as m; print("pyspark==" + m.version("pyspark"))' 2>/dev/null)" == "$(tr -d '[:space:]' <"$SPARK_REQ")" ]]; then
  echo "$WANT_SPARK" >"$SPARK_STAMP"   # installed before the Spark part had a stamp of its own
  step "pip: $(tr -d '[:space:]' <"$SPARK_REQ") already installed"
else
  pip_install "Spark" "$SPARK_REQ" "$SPARK_STAMP" "$WANT_SPARK"
fi

# Spark, 2: s3a support for Spark: hadoop-aws of pyspark's bundled Hadoop version, plus the AWS SDK bundle
#    that this hadoop-aws was built against (read from Maven Central's POMs, checked against .sha1).
SITE="$("$VPY" -c 'import pyspark, os; print(os.path.dirname(pyspark.__file__))')" \
  || die "pyspark does not import from .venv; re-run with --force"
HADOOP_JAR="$(compgen -G "$SITE/jars/hadoop-client-api-*.jar" | head -n1)" || true
[[ -n "$HADOOP_JAR" ]] || die "no hadoop-client-api jar in $SITE/jars; cannot tell pyspark's Hadoop version"
HADOOP_VER="$(basename "$HADOOP_JAR" .jar)"; HADOOP_VER="${HADOOP_VER#hadoop-client-api-}"
PYSPARK_VER="$("$VPY" -c 'import pyspark; print(pyspark.__version__)')"
MANIFEST="$JARS/jars-for-hadoop-$HADOOP_VER.txt"

fetch() { # fetch GROUP_PATH ARTIFACT VERSION: download one jar into $JARS, verified by its .sha1
  local url="$MAVEN/$1/$2/$3/$2-$3.jar" dest="$JARS/$2-$3.jar" want got
  curl -fsSI --retry 3 "$url" >/dev/null || die "not on Maven Central (or unreachable): $url"
  want="$(curl -fsS --retry 3 "$url.sha1" | cut -c1-40)" || die "cannot fetch $url.sha1"
  curl -fsS --retry 3 -o "$dest.part" "$url" || die "download failed: $url"
  got="$(sha1sum "$dest.part" | cut -d' ' -f1)"
  [[ "$got" == "$want" ]] || { rm -f "$dest.part"; die "sha1 mismatch for $url ($got, expected $want)"; }
  mv "$dest.part" "$dest"
  echo "$2-$3.jar" >>"$MANIFEST.part"
}

jars_ok() { [[ -f "$MANIFEST" ]] && while read -r j; do [[ -s "$JARS/$j" ]] || return 1; done <"$MANIFEST"; }

if [[ $FORCE == 0 ]] && jars_ok; then
  step "jars: s3a jars for Hadoop $HADOOP_VER already in .venv/spark-jars, skipping download"
else
  step "jars: pyspark $PYSPARK_VER bundles Hadoop $HADOOP_VER; resolving hadoop-aws $HADOOP_VER and its AWS SDK on Maven Central"
  mkdir -p "$JARS"
  rm -f "$MANIFEST.part"
  # Which SDK artifact (v1 aws-java-sdk-bundle for Hadoop <= 3.3, v2 bundle for 3.4+) and which version.
  SDK="$(
    curl -fsS --retry 3 "$MAVEN/org/apache/hadoop/hadoop-aws/$HADOOP_VER/hadoop-aws-$HADOOP_VER.pom" >"$JARS/.aws.pom" &&
    curl -fsS --retry 3 "$MAVEN/org/apache/hadoop/hadoop-project/$HADOOP_VER/hadoop-project-$HADOOP_VER.pom" >"$JARS/.project.pom" &&
    "$VPY" - "$JARS/.aws.pom" "$JARS/.project.pom" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
aws, project = (ET.parse(p).getroot() for p in sys.argv[1:3])
props = {e.tag.split("}")[1]: (e.text or "").strip() for e in project.find("m:properties", ns)}
managed = {(d.findtext("m:groupId", "", ns), d.findtext("m:artifactId", "", ns)): d.findtext("m:version", "", ns)
           for d in project.findall("m:dependencyManagement/m:dependencies/m:dependency", ns)}
for d in aws.findall("m:dependencies/m:dependency", ns):
    g, a, scope = (d.findtext("m:" + t, "", ns) for t in ("groupId", "artifactId", "scope"))
    if scope in ("", "compile") and (g, a) in {("com.amazonaws", "aws-java-sdk-bundle"), ("software.amazon.awssdk", "bundle")}:
        v = d.findtext("m:version", "", ns) or managed[(g, a)]
        if v.startswith("${"):
            v = props[v[2:-1]]
        print(g.replace(".", "/"), a, v)
        break
else:
    sys.exit("no AWS SDK bundle among hadoop-aws's compile dependencies")
PY
  )" || die "could not resolve the AWS SDK version of hadoop-aws $HADOOP_VER from Maven Central"
  rm -f "$JARS/.aws.pom" "$JARS/.project.pom"
  read -r SDK_GROUP SDK_ARTIFACT SDK_VER <<<"$SDK"
  step "jars: downloading hadoop-aws-$HADOOP_VER.jar and $SDK_ARTIFACT-$SDK_VER.jar"
  fetch org/apache/hadoop hadoop-aws "$HADOOP_VER"
  fetch "$SDK_GROUP" "$SDK_ARTIFACT" "$SDK_VER"
  mv "$MANIFEST.part" "$MANIFEST"
  # Drop jars of another Hadoop version (pyspark was bumped).
  for f in "$JARS"/*.jar; do grep -qxF "$(basename "$f")" "$MANIFEST" || { step "jars: removing stale $(basename "$f")"; rm -f "$f"; }; done
  for f in "$JARS"/jars-for-hadoop-*.txt; do [[ "$f" == "$MANIFEST" ]] || rm -f "$f"; done
fi
while read -r j; do step "jars: $(du -h "$JARS/$j" | cut -f1)  .venv/spark-jars/$j"; done <"$MANIFEST"

# Spark, 3: Delta Lake for Spark: delta-spark (Scala 2.12, as pyspark 3.5 is) and delta-storage, the pair Maven's
#     --packages would resolve, from Maven Central into .venv/delta-jars, each checked against its .sha1. Pass them with
#     --jars plus the two confs spark.sql.extensions / spark.sql.catalog.spark_catalog (see test/delta-spark.ts).
DELTA_VER="3.3.2"
DELTA_JARS="$VENV/delta-jars"
DELTA_MANIFEST="$DELTA_JARS/jars-for-delta-$DELTA_VER.txt"
delta_jars_ok() { [[ -f "$DELTA_MANIFEST" ]] && while read -r j; do [[ -s "$DELTA_JARS/$j" ]] || return 1; done <"$DELTA_MANIFEST"; }
if [[ $FORCE == 0 ]] && delta_jars_ok; then
  step "jars: delta-spark $DELTA_VER already in .venv/delta-jars, skipping download"
else
  step "jars: downloading delta-spark_2.12-$DELTA_VER.jar and delta-storage-$DELTA_VER.jar"
  mkdir -p "$DELTA_JARS"
  rm -f "$DELTA_MANIFEST.part"
  for artifact in delta-spark_2.12 delta-storage; do
    url="$MAVEN/io/delta/$artifact/$DELTA_VER/$artifact-$DELTA_VER.jar" dest="$DELTA_JARS/$artifact-$DELTA_VER.jar"
    want="$(curl -fsS --retry 3 "$url.sha1" | cut -c1-40)" || die "cannot fetch $url.sha1"
    curl -fsS --retry 3 -o "$dest.part" "$url" || die "download failed: $url"
    got="$(sha1sum "$dest.part" | cut -d' ' -f1)"
    [[ "$got" == "$want" ]] || { rm -f "$dest.part"; die "sha1 mismatch for $url ($got, expected $want)"; }
    mv "$dest.part" "$dest"
    echo "$artifact-$DELTA_VER.jar" >>"$DELTA_MANIFEST.part"
  done
  mv "$DELTA_MANIFEST.part" "$DELTA_MANIFEST"
  # Drop jars of another Delta version.
  for f in "$DELTA_JARS"/*.jar; do grep -qxF "$(basename "$f")" "$DELTA_MANIFEST" || { step "jars: removing stale $(basename "$f")"; rm -f "$f"; }; done
  for f in "$DELTA_JARS"/jars-for-delta-*.txt; do [[ "$f" == "$DELTA_MANIFEST" ]] || rm -f "$f"; done
fi
while read -r j; do step "jars: $(du -h "$DELTA_JARS/$j" | cut -f1)  .venv/delta-jars/$j"; done <"$DELTA_MANIFEST"

# Spark, 4: the kit's Hadoop local file system for local runs (src/engines/spark/hadoop/NoForkLocalFileSystem.java):
#     Hadoop without its native library forks `chmod` for every file it writes. Compiled against pyspark's Hadoop
#     when a JDK is here; without one, local runs fall back to Hadoop's own (slower on many partition folders).
FS_SRC="$ROOT/src/engines/spark/hadoop/NoForkLocalFileSystem.java"
FS_JAR="$VENV/sparkify-jars/no-fork-local-fs.jar"
FS_STAMP="$VENV/sparkify-jars/.source.sha256"
FS_WANT="$( (cat "$FS_SRC"; echo "hadoop=$HADOOP_VER") | sha256sum | cut -d' ' -f1)"
if [[ $FORCE == 0 && -s "$FS_JAR" && -f "$FS_STAMP" && "$(cat "$FS_STAMP")" == "$FS_WANT" ]]; then
  step "jars: .venv/sparkify-jars/no-fork-local-fs.jar up to date"
elif command -v javac >/dev/null && command -v jar >/dev/null; then
  rm -rf "$VENV/sparkify-jars"
  mkdir -p "$VENV/sparkify-jars/classes"
  javac --release 8 -nowarn -d "$VENV/sparkify-jars/classes" -cp "$HADOOP_JAR" "$FS_SRC" 2>"$VENV/sparkify-jars/javac.log" \
    || { cat "$VENV/sparkify-jars/javac.log" >&2; die "javac failed on $FS_SRC"; }
  jar cf "$FS_JAR" -C "$VENV/sparkify-jars/classes" .
  rm -rf "$VENV/sparkify-jars/classes" "$VENV/sparkify-jars/javac.log"
  echo "$FS_WANT" >"$FS_STAMP"
  step "jars: compiled .venv/sparkify-jars/no-fork-local-fs.jar (local runs write without forking chmod)"
else
  step "WARNING: no javac/jar (a JDK): local Spark runs use Hadoop's own local file system, which forks chmod per file written (apt-get install -y openjdk-17-jdk-headless)"
fi

step "done in $((SECONDS - START))s: .venv (Python $PYVER, pyspark $PYSPARK_VER, Hadoop $HADOOP_VER)"
