import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../src/catalog/tables';
import { runEtl } from '../src/run/etl';
import { cli, cliAsync, SAMPLE, tempDir, walkFiles } from './helpers';
import { python } from './delta-fixtures';
import { deltaRsRows, kitRows, pythonAsync } from './lake-readers';
import { createBucket, startS3Server, type S3Server } from './s3-server';
import { uploadDir } from '../src/storage/s3-upload';
import { generate } from '../src/generator/generate';
import { S3Storage } from '../src/storage/s3-storage';
import { listRunManifests, readRunManifest } from '../src/lake-log/read-manifest';
import { openStorage } from '../src/storage/open-storage';

const TABLE_NAMES = TABLES.map((t) => t.name);

/** Each table's commit files in `_delta_log/`, by table. */
async function commitFiles(lake: string): Promise<Record<string, string[]>> {
  const storage = openStorage(lake);
  const out: Record<string, string[]> = {};
  for (const name of TABLE_NAMES) out[name] = (await storage.list(`${name}/_delta_log`)).map((o) => o.key).filter((k) => k.endsWith('.json'));
  return out;
}

/** The run id each table's latest commit records (commitInfo.sparkifyRunId), by delta-rs' history. */
function latestRunIds(lake: string, env: Record<string, string> = {}): Promise<string[]> {
  const script = `
import json, os, sys
from deltalake import DeltaTable
lake, names = sys.argv[1], json.loads(sys.argv[2])
options = None
if lake.startswith('s3://'):
    options = {'AWS_ENDPOINT_URL': os.environ['AWS_ENDPOINT_URL'], 'AWS_ALLOW_HTTP': 'true', 'AWS_REGION': 'us-east-1',
               'AWS_ACCESS_KEY_ID': os.environ['AWS_ACCESS_KEY_ID'], 'AWS_SECRET_ACCESS_KEY': os.environ['AWS_SECRET_ACCESS_KEY']}
print(json.dumps([DeltaTable(lake + '/' + n, storage_options=options).history(1)[0].get('sparkifyRunId') for n in names]))
`;
  return pythonAsync(script, [lake, JSON.stringify(TABLE_NAMES)], env);
}

describe('the lake is Delta Lake: readers no one here wrote', () => {
  it('a local run opens in delta-rs, every table, with the rows the kit reads', async () => {
    const output = tempDir();
    const summary = await runEtl({ input: SAMPLE, output });
    const theirs = await deltaRsRows(output);
    const ours = await kitRows(output);
    for (const t of summary.tables) {
      expect(theirs[t.table].rows).toHaveLength(t.rows);
      expect(theirs[t.table].rows).toEqual(ours[t.table]);
      expect(theirs[t.table].version).toBe(0);
    }
    // The data files sit in the run's folder inside each table; the layout a plain reader sees is the Delta table.
    expect(walkFiles(path.join(output, 'songplays')).filter((f) => f.endsWith('.parquet'))).toEqual([
      `${summary.runId}/year=2018/month=11/part-00000.snappy.parquet`,
    ]);
    expect(fs.existsSync(path.join(output, '_runs', `${summary.runId}.json`))).toBe(true);
    expect(fs.existsSync(path.join(output, '_quarantine', summary.runId, 'part-00000.jsonl'))).toBe(true);
  }, 120_000);

  it('pyarrow filters and sorts every string column of a kit-written table (no string_view)', async () => {
    const output = tempDir();
    await runEtl({ input: SAMPLE, output });
    const script = `
import json, sys, glob
import pyarrow.dataset as ds, pyarrow.compute as pc
out = {}
for table in ['songplays', 'users', 'songs', 'artists']:
    files = sorted(glob.glob(sys.argv[1] + '/' + table + '/*/**/*.parquet', recursive=True))
    dataset = ds.dataset(files, format='parquet')
    for field in dataset.schema:
        if str(field.type) not in ('string', 'large_string'):
            if 'string' in str(field.type): out[table + '.' + field.name] = 'type ' + str(field.type)
            continue
        first = dataset.to_table(columns=[field.name]).column(0).drop_null()
        value = first[0].as_py() if len(first) else ''
        n = dataset.to_table(filter=ds.field(field.name) == value).num_rows
        ordered = dataset.to_table().sort_by(field.name).column(field.name).drop_null().to_pylist()
        out[table + '.' + field.name] = 'ok' if n >= 1 and ordered == sorted(ordered) else 'bad'
    ts = [f for f in dataset.schema if 'timestamp' in str(f.type)]
    for f in ts: out[table + '.' + f.name] = str(f.type)
print(json.dumps(out))
`;
    const result = python<Record<string, string>>(script, [output]);
    const strings = TABLES.filter((t) => t.name !== 'time').flatMap((t) =>
      t.columns.filter((c) => c.type === 'string' && !t.partitionBy.includes(c.name)).map((c) => `${t.name}.${c.name}`),
    );
    for (const column of strings) expect(result[column], column).toBe('ok');
    expect(result['songplays.start_time']).toBe('timestamp[us, tz=UTC]');
  }, 120_000);

  it('a failed gate commits nothing: every table keeps its version, no manifest is added', async () => {
    const output = tempDir();
    await runEtl({ input: SAMPLE, output });
    const before = await commitFiles(output);
    const runsBefore = await listRunManifests(openStorage(output));
    // A song lasting -1 s fails a blocking check (see quality-checks.test.ts).
    const bad = tempDir('sparkify-bad-');
    fs.cpSync(SAMPLE, bad, { recursive: true });
    const songFile = walkFiles(path.join(bad, 'song_data')).find((f) => f.endsWith('.json'))!;
    const full = path.join(bad, 'song_data', songFile);
    fs.writeFileSync(full, JSON.stringify({ ...JSON.parse(fs.readFileSync(full, 'utf8')), duration: -1 }));
    const result = cli(['etl', '--input', bad, '--output', output]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/published nothing, the previous tables stay: blocking checks failed: .*songs\.duration/);
    expect(await commitFiles(output)).toEqual(before);
    expect(await listRunManifests(openStorage(output))).toEqual(runsBefore);
    expect((await deltaRsRows(output)).songs.version).toBe(0);
  }, 120_000);

  it('retention: after 4 runs keeping 2 versions, version N-2 is gone, N-1 and N open, no unreferenced data file is left', async () => {
    const output = tempDir();
    for (let i = 0; i < 4; i++) await runEtl({ input: SAMPLE, output, keepVersions: 2 });
    const script = `
import json, sys
from deltalake import DeltaTable
out = {}
for v in [1, 2, 3]:
    try:
        DeltaTable(sys.argv[1], version=v).to_pyarrow_table(); out[str(v)] = 'ok'
    except Exception as e:
        out[str(v)] = 'gone'
dt = DeltaTable(sys.argv[1])
print(json.dumps({'versions': out, 'latest': dt.version()}))
`;
    for (const name of TABLE_NAMES) {
      const table = path.join(output, name);
      const seen = python<{ versions: Record<string, string>; latest: number }>(script, [table]);
      expect(seen.latest).toBe(3);
      expect(seen.versions).toEqual({ '1': 'gone', '2': 'ok', '3': 'ok' });
      // Every data file on disk is referenced by version 2 or 3 (two run folders, nothing else).
      const folders = new Set(walkFiles(table).filter((f) => !f.startsWith('_delta_log')).map((f) => f.split('/')[0]));
      expect(folders.size).toBe(2);
    }
    expect(await listRunManifests(openStorage(output))).toHaveLength(2);
    expect(fs.readdirSync(path.join(output, '_quarantine'))).toHaveLength(2);
  }, 240_000);

  it('an output of the older pointer layout is refused in one line naming the folder', () => {
    const output = tempDir();
    fs.mkdirSync(path.join(output, '_current'));
    const result = cli(['etl', '--input', SAMPLE, '--output', output]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`sparkify: ${path.join(output, '_current')} is a lake of the older pointer layout; write to a new --output or delete it`);
  });

  it('two runs started at once on one folder: both commit in turn, the five tables are all from one run', async () => {
    const output = tempDir();
    const other = tempDir('sparkify-other-');
    await generate({ out: other, songs: 30, events: 1500, seed: 11 });
    // Either run may commit first; the smaller delivery after the sample is a shrink the guard rightly stops,
    // so that run allows it: this test is about the two commits, not the guard (publish-guards.test.ts is).
    const [a, b] = await Promise.all([cliAsync(['etl', '--input', SAMPLE, '--output', output]), cliAsync(['etl', '--input', other, '--output', output, '--allow-shrink'])]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const runs = await latestRunIds(output);
    expect(new Set(runs).size).toBe(1);
    const manifest = await readRunManifest(openStorage(output), runs[0]);
    const theirs = await deltaRsRows(output);
    for (const t of manifest!.tables) expect(theirs[t.table].rows).toHaveLength(t.rows);
    // One commit file per version: 0 and 1 for every table.
    for (const files of Object.values(await commitFiles(output))) expect(files.map((f) => path.posix.basename(f))).toEqual(['00000000000000000000.json', '00000000000000000001.json']);
  }, 240_000);
});

describe('the lake on S3 (the local moto server)', () => {
  let server: S3Server;
  beforeAll(async () => {
    server = await startS3Server();
    await createBucket('raw');
    await createBucket('lake');
    await uploadDir(SAMPLE, 's3://raw/sample');
  }, 60_000);
  afterAll(async () => server?.stop());

  it('an s3:// run opens in delta-rs, every table, with the rows of the same run on a folder', async () => {
    const summary = await runEtl({ input: 's3://raw/sample', output: 's3://lake/delta' });
    const theirs = await deltaRsRows('s3://lake/delta', server.env);
    const local = tempDir();
    await runEtl({ input: SAMPLE, output: local });
    const ours = await kitRows('s3://lake/delta');
    expect(ours).toEqual(await kitRows(local));
    for (const t of summary.tables) {
      expect(theirs[t.table].rows).toHaveLength(t.rows);
      expect(theirs[t.table].rows).toEqual(ours[t.table]);
    }
    const keys = (await new S3Storage('s3://lake/delta').list()).map((o) => o.key);
    expect(keys).toContain(`songplays/_delta_log/00000000000000000000.json`);
    expect(keys).toContain(`_runs/${summary.runId}.json`);
  }, 120_000);

  it('two runs started at once on one S3 output: both commit in turn, the five tables are all from one run', async () => {
    const other = tempDir('sparkify-other-');
    await generate({ out: other, songs: 30, events: 1500, seed: 12 });
    // The smaller delivery allows the shrink, whichever run commits first (see the folder case).
    const output = 's3://lake/concurrent';
    const env = server.env;
    const [a, b] = await Promise.all([cliAsync(['etl', '--input', SAMPLE, '--output', output], { env }), cliAsync(['etl', '--input', other, '--output', output, '--allow-shrink'], { env })]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const runs = await latestRunIds(output, env);
    expect(new Set(runs).size).toBe(1);
    const manifest = await readRunManifest(new S3Storage(output), runs[0]);
    const theirs = await deltaRsRows(output, env);
    for (const t of manifest!.tables) expect(theirs[t.table].rows).toHaveLength(t.rows);
    for (const files of Object.values(await commitFiles(output))) expect(files.map((f) => path.posix.basename(f))).toEqual(['00000000000000000000.json', '00000000000000000001.json']);
  }, 240_000);
});
