import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../src/catalog/tables';
import { runEtl, type EtlSummary } from '../src/run/etl';
import { HIVE_DEFAULT_PARTITION } from '../src/core/hive-partitions';
import { readTable } from '../src/table-format/read-table';
import { openTableFormat } from '../src/table-format/open-table-format';
import { partitionPath } from '../src/layout/partition-files';
import { edgeInput } from './edge-input';
import { cli, quarantineText, SAMPLE, SPARK_TEST_TIMEOUT_MS, sortedRows, tempDir, type Json } from './helpers';

/**
 * The local (Polars) and Spark engines on the same input give the same rows in every table, the same
 * partition folders and the same quarantine. One Spark run per input (each spark-submit starts a JVM).
 */

interface Built {
  output: string;
  summary: EtlSummary;
}

const partitionFolders = async (output: string, table: string): Promise<string[]> =>
  [...new Set((await openTableFormat(output).listFiles({ table, location: path.join(output, table) })).map((f) => partitionPath(f.path)))].sort();

/** The quarantine of the run that built the lake, `_quarantine/<runId>/part-*` (Spark may write several files). */
function quarantineOf({ output, summary }: Built): Json[] {
  const text = quarantineText(output, summary.runId);
  return text === '' ? [] : text.trimEnd().split('\n').map((l) => JSON.parse(l));
}

/** The JSON parser's and gunzip's own wording differs between V8 and Python: compare the reason up to it. */
const comparableReason = (q: Json): Json => ({
  ...q,
  reason: String(q.reason).replace(/^(not valid JSON|cannot decode file): .*$/s, '$1: …'),
});

async function expectSameBuild(local: Built, spark: Built): Promise<void> {
  expect(spark.summary.sources).toEqual(local.summary.sources);
  const shape = (s: EtlSummary) => s.tables.map(({ table, rows, partitions, files }) => ({ table, rows, partitions, files }));
  expect(shape(spark.summary)).toEqual(shape(local.summary));
  expect(spark.summary.quarantined).toBe(local.summary.quarantined);
  // The reconciliation counts come from the same SQL on both engines.
  expect(spark.summary.nextSongEvents).toEqual(local.summary.nextSongEvents);
  expect(local.summary.nextSongEvents?.loaded).toBeGreaterThan(0);
  for (const table of TABLES) {
    expect(await partitionFolders(spark.output, table.name), `${table.name} partition folders`).toEqual(await partitionFolders(local.output, table.name));
    const localRows = sortedRows(await readTable(local.output, table.name));
    expect(localRows.length).toBeGreaterThan(0);
    expect(sortedRows(await readTable(spark.output, table.name)), `${table.name} rows`).toEqual(localRows);
  }
  expect(quarantineOf(spark).map(comparableReason)).toEqual(quarantineOf(local).map(comparableReason));
}

describe('the spark engine gives the same tables as the local engine', () => {
  describe('on the real sample (Spark through the CLI)', () => {
    const local: Built = { output: tempDir(), summary: undefined as unknown as EtlSummary };
    const spark: Built = { output: tempDir(), summary: undefined as unknown as EtlSummary };
    let stderr = '';

    beforeAll(async () => {
      local.summary = await runEtl({ input: SAMPLE, output: local.output });
      const result = cli(['etl', '--input', SAMPLE, '--output', spark.output, '--engine', 'spark', '--json']);
      expect(result.code, result.stderr).toBe(0);
      spark.summary = JSON.parse(result.stdout);
      stderr = result.stderr;
    }, SPARK_TEST_TIMEOUT_MS);

    it('`sparkify etl --engine spark` runs spark-submit, shows its progress and publishes every table', async () => {
      expect(spark.summary.engine).toBe('spark');
      expect(stderr).toMatch(/spark: log_data: 30 files read/);
      expect(stderr).toMatch(/spark: wrote songplays: \d+ rows/);
      // Every table is a Delta table whose latest version is this run's commit.
      const format = openTableFormat(spark.output);
      for (const table of TABLES) expect(await format.publishedRun(table.name), table.name).toBe(spark.summary.runId);
    });

    it('same rows, partition folders and (empty) quarantine', async () => {
      expect(local.summary.quarantined).toBe(0);
      await expectSameBuild(local, spark);
    });
  });

  describe('on generated data with edge cases', () => {
    const local: Built = { output: tempDir(), summary: undefined as unknown as EtlSummary };
    const spark: Built = { output: tempDir(), summary: undefined as unknown as EtlSummary };
    const rowsPath: Built = { output: tempDir(), summary: undefined as unknown as EtlSummary };
    let badRecords: Array<[string, number | null]> = [];

    beforeAll(async () => {
      const edge = await edgeInput();
      badRecords = edge.badRecords;
      local.summary = await runEtl({ input: edge.input, output: local.output });
      spark.summary = await runEtl({ input: edge.input, output: spark.output, engine: 'spark' });
      // A cluster whose Python has no pyarrow decodes through a Python RDD (step_runner.py arrow_available).
      process.env.SPARKIFY_SPARK_DECODE = 'rows';
      try {
        rowsPath.summary = await runEtl({ input: edge.input, output: rowsPath.output, engine: 'spark' });
      } finally {
        delete process.env.SPARKIFY_SPARK_DECODE;
      }
    }, 2 * SPARK_TEST_TIMEOUT_MS);

    it('the input exercises the edge cases it is meant to', async () => {
      // Every bad record written is quarantined, and nothing else.
      const where = (q: Json) => `${q.file}:${q.line}`;
      expect(quarantineOf(local).map(where).sort()).toEqual(badRecords.map(([f, l]) => `${f}:${l}`).sort());
      expect((await partitionFolders(local.output, 'songs')).some((f) => f.split('/')[0] === `year=${HIVE_DEFAULT_PARTITION}`)).toBe(true);
      expect((await partitionFolders(local.output, 'songplays')).length).toBeGreaterThanOrEqual(3);
      // Hidden names (Hadoop's rule: _ or . first) are no input on either engine.
      expect((await readTable(local.output, 'songs')).toRecords().map((s) => s.song_id)).not.toContain('SOHIDDEN');
      const users = (await readTable(local.output, 'users')).toRecords();
      // Latest event of user 9001: the second of two plays in the same millisecond (higher item), level free.
      expect(users.find((u) => Number(u.user_id) === 9001)?.level).toBe('free');
      // Double-encoded names are repaired (5101 matches), a real "Ã" is kept (5102 matches), and a garbled
      // character beyond Latin-1 is outside the rule (5103 stays unmatched): src/models/double-utf8.ts.
      const songOfSession = new Map((await readTable(local.output, 'songplays')).toRecords().map((p) => [Number(p.session_id), p.song_id]));
      expect([5101, 5102, 5103].map((s) => songOfSession.get(s))).toEqual(['SONAMES1', 'SONAMES2', null]);
    });

    it('same rows, partition folders and quarantine', async () => {
      await expectSameBuild(local, spark);
    });

    it('the same without pyarrow on the cluster: files decoded through Python rows instead of Arrow batches', async () => {
      await expectSameBuild(local, rowsPath);
    });
  });
});

describe('the spark engine without its Python environment', () => {
  // The project's own .venv is set up on first use (spark-install.ts); another venv is its owner's to set up.
  it('is a one-line error that says what is missing and where', () => {
    const result = cli(['etl', '--input', SAMPLE, '--output', tempDir(), '--engine', 'spark'], {
      env: { SPARKIFY_VENV: path.join(tempDir(), 'no-venv') },
    });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/the spark engine needs pyspark, the s3a jars, the Delta jars in .*no-venv \(SPARKIFY_VENV\); set Spark up there, or use the project's \.venv/);
  });
});
