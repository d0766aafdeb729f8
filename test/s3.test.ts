import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEtl } from '../src/run/etl';
import { generate } from '../src/generator/generate';
import { readTable } from '../src/table-format/read-table';
import { s3Client } from '../src/storage/s3-client';
import { listSourceFiles } from '../src/ingest/source-files';
import { S3Storage } from '../src/storage/s3-storage';
import { uploadDir } from '../src/storage/s3-upload';
import { cli, REPO, SAMPLE, SPARK_TEST_TIMEOUT_MS, sortedRows, tempDir } from './helpers';
import { createBucket, startLockedS3Server, startS3Server, type S3Server } from './s3-server';

const TABLE_NAMES = ['songplays', 'users', 'songs', 'artists', 'time'];

let server: S3Server;
beforeAll(async () => {
  server = await startS3Server();
  await createBucket('raw');
  await createBucket('lake');
  await uploadDir(SAMPLE, 's3://raw/sample');
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

async function tables(output: string) {
  const out: Record<string, unknown[]> = {};
  for (const name of TABLE_NAMES) out[name] = sortedRows(await readTable(output, name));
  return out;
}

async function text(bucket: string, key: string): Promise<string> {
  const response = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return response.Body!.transformToString();
}

/** The run ids that have a run folder inside `table` under an s3:// output of bucket `lake`. */
async function versions(prefix: string, table: string): Promise<string[]> {
  const keys = (await new S3Storage(`s3://lake/${prefix}/${table}`).list()).map((o) => o.key.split('/')[0]).filter((k) => !k.startsWith('_'));
  return [...new Set(keys)].sort();
}

/** Every table's Delta log and the run manifests: what a commit changes. */
async function pointers(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for (const name of [...TABLE_NAMES.map((t) => `${t}/_delta_log`), '_runs']) keys.push(...(await new S3Storage(`s3://lake/${prefix}/${name}`).list()).map((o) => o.key));
  return keys.sort();
}

describe('S3 input and output (on a local moto server)', () => {
  let local: Record<string, unknown[]>;
  let localQuarantine: string;
  beforeAll(async () => {
    const output = tempDir();
    const { runId } = await runEtl({ input: SAMPLE, output });
    local = Object.fromEntries(await Promise.all(TABLE_NAMES.map(async (t) => [t, sortedRows(await readTable(output, t))])));
    localQuarantine = fs.readFileSync(path.join(output, '_quarantine', runId, 'part-00000.jsonl'), 'utf8');
  }, 60_000);

  it('the real sample run s3:// -> s3:// gives the same tables as folder -> folder', async () => {
    const summary = await runEtl({ input: 's3://raw/sample', output: 's3://lake/roundtrip' });
    expect(await tables('s3://lake/roundtrip')).toEqual(local);
    // The counts of what was read are the folder's too: 71 song files, 30 log files.
    expect(summary.sources.map((s) => s.files)).toEqual([71, 30]);
    expect(await text('lake', `roundtrip/_quarantine/${summary.runId}/part-00000.jsonl`)).toBe(localQuarantine);
    // Each committed run folder is complete: Spark's _SUCCESS marker is beside its files.
    expect(await text('lake', `roundtrip/songs/${summary.runId}/_SUCCESS`)).toBe('');
  }, 60_000);

  it('mixed: folder -> s3:// and s3:// -> folder give the same tables too', async () => {
    await runEtl({ input: SAMPLE, output: 's3://lake/from-folder' });
    expect(await tables('s3://lake/from-folder')).toEqual(local);
    const output = tempDir();
    await runEtl({ input: 's3://raw/sample/', output });
    expect(await tables(output)).toEqual(local);
  }, 60_000);

  it('the Spark engine (local spark-submit, s3a) reads and writes s3:// too, with the same tables', async () => {
    // s3a buffers its uploads on local disk: with the raw local FileSystem that speeds up folder outputs, every
    // S3 write failed. This runs the whole --engine spark path against the S3 server.
    await runEtl({ input: 's3://raw/sample', output: 's3://lake/spark', engine: 'spark' });
    expect(await tables('s3://lake/spark')).toEqual(local);
  }, SPARK_TEST_TIMEOUT_MS);

  it('lists recursively across pages, names files relative to the prefix and skips junk as for a folder', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 1050; i++) keys.push(`paged/in/song_data/${String.fromCharCode(65 + (i % 26))}/${String(i).padStart(4, '0')}.json`);
    const junk = ['paged/in/song_data/.DS_Store', 'paged/in/song_data/README.md', 'paged/in/song_data/A/checksums.md5', 'paged/in/log_data/x.json'];
    const empty = 'paged/in/song_data/Z/empty.json';
    const put = (Key: string, Body: string) => s3Client().send(new PutObjectCommand({ Bucket: 'raw', Key, Body: Buffer.from(Body) }));
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => put(k, '{"a":1}')));
    await Promise.all([...junk.map((k) => put(k, 'junk')), put(empty, '')]);

    let pages = 0;
    const files = await listSourceFiles('s3://raw/paged/in', 'song_data', () => pages++);
    expect(pages).toBe(2);
    const expected = keys.map((k) => k.slice('paged/in/'.length)).sort();
    expect(files.map((f) => f.relPath)).toEqual(expected);
    expect((await files[0].read()).toString()).toBe('{"a":1}');
    // Folders one level down (common prefixes), not what is in them; none below a prefix that holds nothing.
    const input = new S3Storage('s3://raw/paged/in');
    expect(await input.folders()).toEqual(['log_data', 'song_data']);
    expect(await input.folders('song_data')).toEqual(Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i)));
    expect(await input.folders('nothing')).toEqual([]);
  }, 60_000);

  it('a run killed mid-upload leaves the previous tables intact and readable, and the next run recovers', async () => {
    await runEtl({ input: 's3://raw/sample', output: 's3://lake/killed' });
    const before = await tables('s3://lake/killed');
    const pointersBefore = await pointers('killed');
    // A different input, big enough that its upload (the songs table alone is ~300 partition files) takes a while.
    const big = tempDir('sparkify-s3-big-');
    await generate({ out: big, songs: 300, events: 5000, seed: 3 });

    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'sparkify.js'), 'etl', '--input', big, '--output', 's3://lake/killed'], {
      env: { ...process.env, ...server.env },
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (/songs upload: /.test(stderr)) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`run was not killed: ${stderr}`))));
    });
    // The killed run uploaded part of a run folder; nothing was committed, so readers see exactly the old tables.
    expect((await versions('killed', 'songs')).length).toBe(2);
    expect(await pointers('killed')).toEqual(pointersBefore);
    expect(await tables('s3://lake/killed')).toEqual(before);

    // The next run commits over it (the dead run's folder stays until it is an hour old: it might still be writing).
    const localBig = tempDir();
    await runEtl({ input: big, output: localBig });
    await runEtl({ input: big, output: 's3://lake/killed' });
    for (const name of ['songplays', 'users']) {
      expect(sortedRows(await readTable('s3://lake/killed', name))).toEqual(sortedRows(await readTable(localBig, name)));
    }
    const last = await runEtl({ input: big, output: 's3://lake/killed' });
    const kept = await versions('killed', 'songs');
    expect(kept).toHaveLength(3);
    expect(kept).toContain(last.runId);
  }, 120_000);

  it("a failed run removes its run folders and leaves every table's log alone", async () => {
    await runEtl({ input: 's3://raw/sample', output: 's3://lake/failed' });
    const pointersBefore = await pointers('failed');
    // A run that wrote part of a version and then failed: the lake's end(…, false) is what runEtl calls then.
    const { DeltaFormat } = await import('../src/table-format/delta/delta-format');
    const lake = new DeltaFormat('s3://lake/failed');
    const locations = await lake.begin('99999999T000000000Z-failed', ['songs']);
    await uploadDir(path.join(SAMPLE, 'song_data'), locations.songs);
    expect(await versions('failed', 'songs')).toContain('99999999T000000000Z-failed');
    await lake.end('99999999T000000000Z-failed', false);
    expect(await versions('failed', 'songs')).not.toContain('99999999T000000000Z-failed');
    expect(await pointers('failed')).toEqual(pointersBefore);
  }, 60_000);

});

describe('S3 errors are one line and a non-zero exit', () => {
  function expectOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp) {
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
  }

  it('a missing bucket', () => {
    const result = cli(['etl', '--input', 's3://no-such-bucket/sample', '--output', tempDir()], { env: server.env });
    expectOneLineError(result, /^sparkify: s3:\/\/no-such-bucket\/sample: the bucket does not exist/);
    const out = cli(['etl', '--input', SAMPLE, '--output', 's3://no-such-bucket/out'], { env: server.env });
    expectOneLineError(out, /^sparkify: s3:\/\/no-such-bucket\/out: the bucket does not exist/);
  });

  it('an empty prefix', () => {
    const result = cli(['etl', '--input', 's3://raw/nothing-here', '--output', tempDir()], { env: server.env });
    expectOneLineError(result, /^sparkify: input s3:\/\/raw\/nothing-here has no objects under song_data\/ or log_data\//);
  });

  it('access denied', async () => {
    const locked = await startLockedS3Server('locked');
    try {
      const input = cli(['etl', '--input', 's3://locked/sample', '--output', tempDir()], { env: locked.env });
      expectOneLineError(input, /^sparkify: s3:\/\/locked\/sample: access denied \(AccessDenied\)/);
      const output = cli(['etl', '--input', SAMPLE, '--output', 's3://locked/out'], { env: locked.env });
      expectOneLineError(output, /^sparkify: s3:\/\/locked\/out: access denied/);
    } finally {
      await locked.stop();
    }
  }, 60_000);
});
