import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEtl, type EtlSummary } from '../src/run/etl';
import { listSource } from '../src/ingest/source-files';
import { parseS3Uri } from '../src/storage/s3-uri';
import { UserError } from '../src/errors';
import { MAX_SKIPPED_LISTED, skippedInputs, skippedWarning } from '../src/lake-log/skipped-inputs';
import type { RunManifest } from '../src/lake-log/run-manifest';
import type { Progress } from '../src/progress';
import { readTable } from '../src/table-format/read-table';
import { cli, SPARK_TEST_TIMEOUT_MS, sortedRows, tempDir, writeTree } from './helpers';
import { eventRecord, jsonLines, songRecord } from './fixtures';

/**
 * Every input file is accounted for, and the input stays inside its root: files the kit does not read are counted
 * and named (hidden, not data, empty), links out of the input are not followed (nor their targets named), a loop
 * of links is one short line, and an s3:// location with `..` is refused. Both engines read the same files.
 */

const SECRET = 'db_password=hunter2';
const TABLES = ['songplays', 'users', 'songs', 'artists', 'time'];

const play = (item: number) => eventRecord({ artist: 'Edge Artist', song: 'Edge Song', length: 201.5, itemInSession: item, ts: 1541106106796 + item * 1000 });

/** An input with data files of every kind the kit reads, files it does not, and links in, out and round. */
function accountingInput(): { input: string; outside: string } {
  const outside = tempDir('sparkify-outside-');
  fs.writeFileSync(path.join(outside, 'secret.json'), `${SECRET}\n${JSON.stringify(play(90))}\n`);
  fs.writeFileSync(path.join(outside, 'TROUT.json'), JSON.stringify(songRecord({ song_id: 'SOOUTSIDE', artist_id: 'AROUT' })));
  const input = writeTree({
    'song_data/A/TRA.json': JSON.stringify(songRecord({ song_id: 'SOEDGEA', artist_id: 'AREDGE', artist_name: 'Edge Artist', title: 'Edge Song', duration: 201.5, year: 2001 })),
    'song_data/A/TRB.jsonl': jsonLines([songRecord({ song_id: 'SOEDGEB', artist_id: 'AREDGE', artist_name: 'Edge Artist', title: 'Other', year: 2002 })]),
    'song_data/notes.txt': 'not data\n',
    'song_data/_SUCCESS': '',
    'song_data/.DS_Store': Buffer.from([0, 0, 0, 1]),
    'song_data/_hidden/TRC.json': JSON.stringify(songRecord({ song_id: 'SOHIDDEN' })),
    'log_data/2018/a.json': jsonLines([play(1), play(2)]),
    'log_data/b.jsonl': jsonLines([play(3), play(4), play(5)]),
    'log_data/c.ndjson.gz': zlib.gzipSync(jsonLines([play(6)])),
    'log_data/README.txt': 'how the logs are made\n',
    'log_data/data.csv': 'a,b\n1,2\n',
    'log_data/empty.json': '',
    // Inside the input, outside the source folder: a link there is followed.
    'extra/d.json': jsonLines([play(7)]),
  });
  fs.symlinkSync(outside, path.join(input, 'song_data', 'elsewhere'));
  fs.symlinkSync(path.join(outside, 'secret.json'), path.join(input, 'log_data', 'leak.json'));
  fs.symlinkSync('.', path.join(input, 'log_data', 'loop'));
  fs.symlinkSync('self', path.join(input, 'log_data', 'self'));
  fs.symlinkSync('nothing.json', path.join(input, 'log_data', 'dangling.json'));
  fs.symlinkSync(path.join('..', 'extra', 'd.json'), path.join(input, 'log_data', 'inside.json'));
  return { input, outside };
}

/** Every file below dir (links not followed), for grepping a lake. */
function filesBelow(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => fs.lstatSync(f).isFile());
}

/** Whether any file below the lake holds `text`, gzipped or not. */
function lakeHolds(dir: string, text: string): string[] {
  return filesBelow(dir).filter((f) => {
    const bytes = fs.readFileSync(f);
    let unzipped = '';
    try {
      unzipped = zlib.gunzipSync(bytes).toString('latin1');
    } catch {}
    return bytes.toString('latin1').includes(text) || unzipped.includes(text);
  });
}

function manifestOf(output: string, runId: string): RunManifest {
  return JSON.parse(fs.readFileSync(path.join(output, '_runs', `${runId}.json`), 'utf8'));
}

describe('the listing accounts for every file below a source', () => {
  it('reads .json, .jsonl and .ndjson(.gz); names the rest with why; follows links only inside the input', async () => {
    const { input, outside } = accountingInput();
    const songs = await listSource(input, 'song_data');
    expect(songs.files.map((f) => f.relPath)).toEqual(['song_data/A/TRA.json', 'song_data/A/TRB.jsonl']);
    expect(songs.skipped.map((s) => [s.relPath, s.reason])).toEqual([
      ['song_data/.DS_Store', 'hidden'],
      ['song_data/_SUCCESS', 'hidden'],
      ['song_data/_hidden/TRC.json', 'hidden'],
      ['song_data/elsewhere', 'symlink outside the input'],
      ['song_data/notes.txt', 'not a data file (.txt)'],
    ]);
    const logs = await listSource(input, 'log_data');
    expect(logs.files.map((f) => f.relPath)).toEqual(['log_data/2018/a.json', 'log_data/b.jsonl', 'log_data/c.ndjson.gz', 'log_data/inside.json']);
    expect(logs.skipped.map((s) => [s.relPath, s.reason])).toEqual([
      ['log_data/README.txt', 'not a data file (.txt)'],
      ['log_data/dangling.json', 'broken symlink'],
      ['log_data/data.csv', 'not a data file (.csv)'],
      ['log_data/empty.json', 'empty'],
      ['log_data/leak.json', 'symlink outside the input'],
      ['log_data/loop', 'symlink loop'],
      ['log_data/self', 'symlink loop'],
    ]);
    // A link is named by its own path: where it points is never looked at, so never shown.
    expect(JSON.stringify([songs.skipped, logs.skipped])).not.toContain(outside);
  });

  it('a source folder that is itself a link out of the input is not followed', async () => {
    const { outside } = accountingInput();
    const input = tempDir('sparkify-input-');
    fs.symlinkSync(outside, path.join(input, 'song_data'));
    const listing = await listSource(input, 'song_data');
    expect(listing.files).toEqual([]);
    expect(listing.skipped).toEqual([{ relPath: 'song_data', size: 0, reason: 'symlink outside the input' }]);
  });

  it('a manifest lists at most MAX_SKIPPED_LISTED files, with the total; hidden names alone give no warning', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ relPath: `log_data/x${String(i).padStart(3, '0')}.txt`, size: 3, reason: 'not a data file (.txt)' as const }));
    const s = skippedInputs('log_data', many)!;
    expect([s.total, s.files.length, s.byReason, s.extensions]).toEqual([250, MAX_SKIPPED_LISTED, { 'not a data file': 250 }, ['.txt']]);
    expect(skippedWarning(s)).toBe('log_data: 250 files not read: 250 not data files (.txt) — first: log_data/x000.txt, log_data/x001.txt, log_data/x002.txt, …');
    const hidden = skippedInputs('song_data', [{ relPath: 'song_data/_SUCCESS', size: 0, reason: 'hidden' }])!;
    expect(skippedWarning(hidden)).toBeNull();
  });
});

describe('an s3:// location with "." or ".." segments', () => {
  it('is refused by parseS3Uri, for input and output alike', () => {
    for (const bad of ['s3://lake/../../etc', 's3://b/a/../x', 's3://b/./x', 's3a://b/a/..', 's3://../x']) expect(() => parseS3Uri(bad), bad).toThrow(UserError);
    expect(parseS3Uri('s3://b/a..b/.x/')).toEqual({ bucket: 'b', key: 'a..b/.x' });
  });

  it('`sparkify etl --input s3://b/../x` exits 2 with one line', () => {
    const result = cli(['etl', '--input', 's3://b/../x', '--output', tempDir()]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/"s3:\/\/b\/\.\.\/x" has a "\." or "\.\." path segment/);
    const out = cli(['etl', '--input', tempDir(), '--output', 's3://lake/../../etc']);
    expect([out.code, out.stderr.trim().split('\n').length]).toEqual([2, 1]);
  });
});

describe('a run on an input with files it does not read', () => {
  const { input, outside } = accountingInput();
  const output = tempDir();
  let result: { code: number | null; stdout: string; stderr: string };
  let summary: EtlSummary;
  let manifest: RunManifest;

  beforeAll(() => {
    result = cli(['etl', '--input', input, '--output', output, '--json']);
    expect(result.code, result.stderr).toBe(0);
    summary = JSON.parse(result.stdout);
    manifest = manifestOf(output, summary.runId);
  });

  it('loads exactly the data files, .jsonl, .ndjson.gz and the link inside the input included', () => {
    expect(summary.sources.map((s) => [s.source, s.files, s.records, s.quarantined])).toEqual([
      ['raw_songs', 2, 2, 0],
      ['raw_events', 4, 7, 0],
    ]);
  });

  it('warns once per source with counts by reason and the first paths; hidden names alone give no warning', () => {
    const warnings = result.stderr.split('\n').filter((l) => l.includes('warning:'));
    expect(warnings).toHaveLength(2);
    const [song, log] = [warnings.find((w) => w.includes('song_data:'))!, warnings.find((w) => w.includes('log_data:'))!];
    expect(song).toMatch(/song_data: 5 files not read: 1 not a data file \(\.txt\), 1 symlink outside the input, 3 hidden — first: song_data\/elsewhere, song_data\/notes\.txt$/);
    expect(log).toMatch(
      /log_data: 7 files not read: 2 not data files \(\.csv, \.txt\), 1 empty, 1 symlink outside the input, 2 symlink loops, 1 broken symlink — first: log_data\/dangling\.json, log_data\/leak\.json, log_data\/loop, …$/,
    );
    // The loop is a short line, not an ELOOP with a path a kilobyte long.
    expect(result.stderr).not.toMatch(/ELOOP|loop\/loop/);
    for (const w of warnings) expect(w.length).toBeLessThan(250);
  });

  it('the manifest records them per source, with the total and the reasons', () => {
    expect(manifest.skipped?.map((s) => [s.source, s.total, s.byReason])).toEqual([
      ['song_data', 5, { 'not a data file': 1, 'symlink outside the input': 1, hidden: 3 }],
      ['log_data', 7, { 'not a data file': 2, empty: 1, 'symlink outside the input': 1, 'symlink loop': 2, 'broken symlink': 1 }],
    ]);
    expect(manifest.skipped![1].files).toContainEqual({ path: 'log_data/loop', size: 0, reason: 'symlink loop' });
    expect(manifest.skipped![1].files).toContainEqual({ path: 'log_data/leak.json', size: 0, reason: 'symlink outside the input' });
    expect(manifest.skipped![0].files).toContainEqual({ path: 'song_data/_SUCCESS', size: 0, reason: 'hidden' });
  });

  it('the summary prints one short line of them', () => {
    const text = cli(['etl', '--input', input, '--output', tempDir()]).stdout;
    const lines = text.split('\n').filter((l) => l.startsWith('files not read:'));
    expect(lines).toEqual([
      'files not read: song_data 5 files (1 not a data file, 1 symlink outside the input, 3 hidden); log_data 7 files (2 not data files, 1 empty, 1 symlink outside the input, 2 symlink loops, 1 broken symlink) (see the run manifest)',
    ]);
  });

  it('nothing outside the input is read, named or written: not its content, not its path', () => {
    expect(lakeHolds(output, 'hunter2')).toEqual([]);
    expect(lakeHolds(output, outside)).toEqual([]);
    expect(lakeHolds(output, 'SOOUTSIDE')).toEqual([]);
    for (const text of [result.stdout, result.stderr]) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain(outside);
    }
  });
});

describe('the spark engine reads exactly the files the local engine reads', () => {
  const { input, outside } = accountingInput();
  const local = { output: tempDir(), summary: undefined as unknown as EtlSummary };
  const spark = { output: tempDir(), summary: undefined as unknown as EtlSummary };
  const logged: string[] = [];
  const recording: Progress = { log: (m) => logged.push(m), tick: (label, done, total, detail) => logged.push(`${label} ${done}/${total} ${detail ?? ''}`) };

  beforeAll(async () => {
    local.summary = await runEtl({ input, output: local.output });
    spark.summary = await runEtl({ input, output: spark.output, engine: 'spark', progress: recording });
  }, SPARK_TEST_TIMEOUT_MS);

  it('same files and records loaded, same rows; the outside file nowhere in its lake or its output', async () => {
    expect(spark.summary.sources).toEqual(local.summary.sources);
    expect(spark.summary.sources.map((s) => [s.files, s.records])).toEqual([
      [2, 2],
      [4, 7],
    ]);
    for (const table of TABLES) expect(sortedRows(await readTable(spark.output, table)), table).toEqual(sortedRows(await readTable(local.output, table)));
    expect(spark.summary.skipped).toEqual(local.summary.skipped);
    expect(lakeHolds(spark.output, 'hunter2')).toEqual([]);
    expect(lakeHolds(spark.output, outside)).toEqual([]);
    expect(logged.join('\n')).not.toContain('hunter2');
    expect(logged.join('\n')).not.toContain(outside);
  });
});
