import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, tempDir } from './helpers';

export const SPARK_SUBMIT = path.join(REPO, '.venv', 'bin', 'spark-submit');
export const DELTA_JARS_DIR = path.join(REPO, '.venv', 'delta-jars');
export const S3A_JARS_DIR = path.join(REPO, '.venv', 'spark-jars');

/** One read Spark is asked for: a Delta table (a folder or s3a:// URI), at its latest version or `version`. */
export interface SparkDeltaRead {
  path: string;
  /** Rows are sorted by these columns, so they compare with another reader's. */
  orderBy: string[];
  version?: number;
}

/** What Spark saw: the version-less schema as Spark types it, and rows with every value as text (null stays null). */
export interface SparkDeltaResult {
  schema: [name: string, type: string, nullable: boolean][];
  rows: Record<string, string | null>[];
}

/**
 * The job: each read with Delta's reader, timestamps as UTC microseconds since the epoch and every other value cast
 * to string, so nothing is lost on the way to JSON (62-bit ids, microseconds). One JSON line: the list of results.
 */
const READ_WITH_SPARK = `
import json, sys
from pyspark.sql import SparkSession, functions as F
from pyspark.sql.types import TimestampType
spark = SparkSession.builder.appName('delta-spark-reader').getOrCreate()
spark.sparkContext.setLogLevel('ERROR')
out = []
for read in json.loads(sys.argv[1]):
    reader = spark.read.format('delta')
    if read.get('version') is not None:
        reader = reader.option('versionAsOf', read['version'])
    df = reader.load(read['path'])
    schema = [[f.name, f.dataType.simpleString(), f.nullable] for f in df.schema.fields]
    # Sorted on the typed columns (ids as numbers), then turned to text.
    text = df.orderBy(*read['orderBy']).select([(F.unix_micros(F.col(f.name)) if isinstance(f.dataType, TimestampType) else F.col(f.name)).cast('string').alias(f.name) for f in df.schema.fields])
    rows = [r.asDict() for r in text.collect()]
    out.append({'schema': schema, 'rows': rows})
print('DELTA_SPARK_RESULT ' + json.dumps(out))
spark.stop()
`;

function jarList(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new Error(`${dir} is missing: run npm run setup:python`);
  return fs.readdirSync(dir).filter((f) => f.endsWith('.jar')).map((f) => path.join(dir, f));
}

/** Where Spark reaches an S3-compatible server through s3a, and with which keys. */
export interface S3aOptions {
  endpoint: string;
  accessKey: string;
  secretKey: string;
}

export interface SparkJobOptions {
  /** Adds the delta-spark jars and extensions (tables read and written as `format("delta")`, SQL on delta.`path`). */
  delta?: boolean;
  /** Adds the s3a jars and points Hadoop's s3a at an S3-compatible endpoint with these keys. */
  s3a?: S3aOptions;
  /** More Spark confs. */
  conf?: Record<string, string>;
}

/**
 * Runs a PySpark script with the venv's spark-submit (local[1], UTC, no UI) without blocking this process, and
 * resolves with the JSON of the stdout line that starts with `marker`; rejects with the job's last stderr lines
 * when it fails or prints no such line. Each start costs ~20 s of JVM: put all of a test's work in one job.
 */
export function sparkSubmitJob<T>(script: string, args: string[], marker: string, options: SparkJobOptions = {}): Promise<T> {
  const file = path.join(tempDir('spark-job-'), 'job.py');
  fs.writeFileSync(file, script);
  const jars = [...(options.delta ? jarList(DELTA_JARS_DIR) : []), ...(options.s3a ? jarList(S3A_JARS_DIR) : [])];
  const confs: Record<string, string> = {
    'spark.sql.session.timeZone': 'UTC',
    'spark.ui.enabled': 'false',
    ...(options.delta
      ? { 'spark.sql.extensions': 'io.delta.sql.DeltaSparkSessionExtension', 'spark.sql.catalog.spark_catalog': 'org.apache.spark.sql.delta.catalog.DeltaCatalog' }
      : {}),
    ...(options.s3a
      ? {
          'spark.hadoop.fs.s3a.endpoint': options.s3a.endpoint,
          'spark.hadoop.fs.s3a.path.style.access': 'true',
          'spark.hadoop.fs.s3a.connection.ssl.enabled': String(options.s3a.endpoint.startsWith('https')),
          'spark.hadoop.fs.s3a.access.key': options.s3a.accessKey,
          'spark.hadoop.fs.s3a.secret.key': options.s3a.secretKey,
          'spark.hadoop.fs.s3a.aws.credentials.provider': 'org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider',
        }
      : {}),
    ...options.conf,
  };
  const argv = [
    '--master',
    'local[1]',
    ...(jars.length > 0 ? ['--jars', jars.join(',')] : []),
    ...Object.entries(confs).flatMap(([k, v]) => ['--conf', `${k}=${v}`]),
    file,
    ...args,
  ];
  const python = path.join(REPO, '.venv', 'bin', 'python');
  return new Promise((resolve, reject) => {
    const child = spawn(SPARK_SUBMIT, argv, { env: { ...process.env, PYSPARK_PYTHON: python, PYSPARK_DRIVER_PYTHON: python, SPARK_LOCAL_IP: '127.0.0.1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(`${marker} `));
      if (code !== 0 || !line) reject(new Error(`spark-submit exited ${code}:\n${stderr.split('\n').slice(-30).join('\n')}`));
      else resolve(JSON.parse(line.slice(marker.length + 1)) as T);
    });
  });
}

/** Reads Delta tables with Spark and delta-spark: one job for all the reads. */
export function readWithSpark(reads: SparkDeltaRead[], options: { s3a?: S3aOptions } = {}): Promise<SparkDeltaResult[]> {
  return sparkSubmitJob<SparkDeltaResult[]>(READ_WITH_SPARK, [JSON.stringify(reads)], 'DELTA_SPARK_RESULT', { delta: true, s3a: options.s3a });
}
