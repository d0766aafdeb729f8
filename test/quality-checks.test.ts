import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import { writeTable } from '../src/engines/local/write-table';
import { runEtl } from '../src/run/etl';
import { readTable } from '../src/table-format/read-table';
import { checkLake } from '../src/lake/check-lake';
import { newRunId } from '../src/core/run-id';
import { commit, readSnapshot, writeActions } from '../src/delta';
import { listRunManifests, readRunManifest, writeRunManifest } from '../src/lake-log/read-manifest';
import { RUN_MANIFEST_DIR } from '../src/lake-log/run-manifest';
import { openStorage } from '../src/storage/open-storage';
import { COMMIT_LOCK_KEY } from '../src/table-format/delta/lake-paths';
import { parquetFilesBelow, runFileAdds } from '../src/table-format/delta/run-files';
import { storageLogStore } from '../src/table-format/delta/storage-log-store';
import { gateRun, QualityGateError } from '../src/run/quality-gate';
import { LocalEngine } from '../src/engines/local/local-engine';
import { RUN_OUTPUTS } from '../src/run/publish-run';
import { openTableFormat } from '../src/table-format/open-table-format';
import { silentProgress } from '../src/progress';
import type { CheckResult } from '../src/quality/check-result';
import { checkStoredTables } from '../src/table-format/check-stored-tables';
import { DeltaFormat } from '../src/table-format/delta/delta-format';
import { TABLES } from '../src/catalog/tables';
import { runChecks } from '../src/quality/run-checks';
import { reconciliationCounts } from '../src/lake-log/run-manifest';
import { cli, SAMPLE, sortedRows, tempDir, writeTree } from './helpers';
import { eventRecord, jsonLines, songRecord } from './fixtures';

const TABLE_NAMES = ['songplays', 'users', 'songs', 'artists', 'time'];

/** A copy of a committed lake (Delta tables, quarantine, run manifests), so each test breaks its own. */
function copyLake(from: string): string {
  const to = tempDir('sparkify-broken-');
  fs.cpSync(from, to, { recursive: true });
  return to;
}

/**
 * Re-commits one table of a lake with a changed frame, the way another (buggy) Delta writer would: the frame's files
 * under the table, committed as a full replace whose commitInfo names that writer, not the kit. Readers see it: it
 * is the table's latest version.
 */
async function rewrite(lake: string, name: string, change: (frame: pl.DataFrame) => pl.DataFrame): Promise<void> {
  const frame = change(await readTable(lake, name));
  const table = tableByName(name);
  const storage = openStorage(lake);
  const folder = `other-writer-${newRunId()}`;
  await writeTable(frame, table, path.join(lake, name, folder));
  const adds = runFileAdds(table, folder, await parquetFilesBelow(storage.child(`${name}/${folder}`)));
  const store = storageLogStore(storage.child(name));
  const snapshot = await readSnapshot(store);
  const actions = writeActions({ table, adds, mode: 'overwrite', runId: '' }, snapshot);
  const info = actions.find((a) => 'commitInfo' in a)! as { commitInfo: Record<string, unknown> };
  for (const key of ['sparkifyRunId', 'userMetadata']) delete info.commitInfo[key];
  info.commitInfo.engineInfo = 'another-writer/1.0';
  await commit(store, actions, { expectedVersion: snapshot.version + 1 });
}

function failed(results: { name: string; status: string }[]): string[] {
  return results.filter((r) => r.status === 'fail').map((r) => r.name);
}

describe('data-quality checks', () => {
  let good: string;
  beforeAll(async () => {
    good = tempDir();
    await runEtl({ input: SAMPLE, output: good });
  }, 60_000);

  it('pass on the sample lake, reconciling songplays with the run manifest', async () => {
    const { results, manifest } = await checkLake(good);
    expect(failed(results)).toEqual([]);
    const reconciliation = results.find((r) => r.kind === 'reconciliation')!;
    expect(reconciliation.status).toBe('pass');
    // Independently: the sample's NextSong events, one per (user, session, item in session).
    const { sampleEvents } = await import('./helpers');
    const plays = sampleEvents().filter((e) => e.page === 'NextSong');
    const distinct = new Set(plays.map((e) => `${e.userId}/${e.sessionId}/${e.itemInSession}`)).size;
    expect(manifest!.nextSongEvents).toEqual({ loaded: plays.length, distinct });
  });

  it('a duplicated key fails `unique`, naming the table, column and the duplicated rows', async () => {
    const lake = copyLake(good);
    let duplicated = 0;
    await rewrite(lake, 'users', (users) => {
      duplicated = Number(users.getColumn('user_id').get(0));
      return pl.concat([users, users.head(1)], { how: 'vertical' });
    });
    const result = cli(['check', '--output', lake]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/blocking check failed: users\.user_id unique\n$/);
    expect(result.stdout).toMatch(/^FAIL users\.user_id unique: 2 of 98 rows share a user_id value with another row$/m);
    expect(result.stdout).toMatch(/table users, column user_id, for example:/);
    expect(result.stdout).toContain(`{"user_id":${duplicated},`);
  });

  it('an orphan foreign key fails `relationships` and shows the orphan', async () => {
    const lake = copyLake(good);
    const orphan = 987654321;
    // songplay_id is a 62-bit hash: compare it as a bigint, expect it back as text (beyond 2^53).
    const songplayId = (await readTable(lake, 'songplays')).select(pl.col('songplay_id').cast(pl.Utf8)).toRecords()[0].songplay_id as string;
    await rewrite(lake, 'songplays', (plays) =>
      plays
        .withRowIndex('row')
        .withColumn(pl.when(pl.col('row').eq(pl.lit(0))).then(pl.lit(orphan)).otherwise(pl.col('user_id')).cast(pl.Int64).alias('user_id'))
        .drop('row'),
    );
    const { results } = await checkLake(lake);
    expect(failed(results)).toEqual(['songplays.user_id relationships users.user_id']);
    const result = results.find((r) => r.status === 'fail')!;
    expect([result.table, result.column, result.failingRows]).toEqual(['songplays', 'user_id', 1]);
    const id = Number.isSafeInteger(Number(songplayId)) ? Number(songplayId) : songplayId;
    expect(result.examples).toEqual([expect.objectContaining({ songplay_id: id, user_id: orphan })]);
    const cliResult = cli(['check', '--output', lake]);
    expect(cliResult.code).toBe(1);
    expect(cliResult.stderr).toContain('songplays.user_id relationships users.user_id');
  });

  it('an out-of-range value fails `range`', async () => {
    const lake = copyLake(good);
    // nodejs-polars types a record's values without Date, which is what a Datetime column gives.
    const bad = (await readTable(lake, 'time')).toRecords()[3].start_time as unknown as Date;
    await rewrite(lake, 'time', (t) =>
      t
        .withRowIndex('row')
        .withColumn(pl.when(pl.col('row').eq(pl.lit(3))).then(pl.lit(24)).otherwise(pl.col('hour')).cast(pl.Int32).alias('hour'))
        .drop('row'),
    );
    const { results } = await checkLake(lake);
    expect(failed(results)).toEqual(['time.hour range [0, 23]']);
    const result = results.find((r) => r.status === 'fail')!;
    expect(result.examples).toEqual([expect.objectContaining({ start_time: bad.toISOString(), hour: 24 })]);
  });

  it('the gate\'s bounded reads (a table at once, or in parts of its files) judge as whole tables do', async () => {
    const lake = copyLake(good);
    // Broken four ways: a duplicated user, a song duplicated into another year's file (parts apart), an orphan
    // songplay user, rows lost against the manifest's count.
    await rewrite(lake, 'users', (users) => pl.concat([users, users.head(1)], { how: 'vertical' }));
    await rewrite(lake, 'songs', (songs) => pl.concat([songs, songs.head(1).withColumn(pl.lit(1901).cast(pl.Int32).alias('year'))], { how: 'vertical' }));
    await rewrite(lake, 'songplays', (plays) =>
      plays
        .slice(3, plays.height - 3)
        .withRowIndex('row')
        .withColumn(pl.when(pl.col('row').eq(pl.lit(0))).then(pl.lit(987654321)).otherwise(pl.col('user_id')).cast(pl.Int64).alias('user_id'))
        .drop('row'),
    );
    const format = new DeltaFormat(lake);
    const manifest = (await format.latestManifest())!;
    const refs = Object.fromEntries(TABLES.map((t) => [t.name, { table: t.name, location: path.join(lake, t.name) }]));
    const rows = Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t.name, (await readTable(lake, t.name)).height])));
    const counts = reconciliationCounts(manifest);
    const verdicts = (results: { name: string; status: string; failingRows: number }[]) => results.map((r) => `${r.name}: ${r.status} ${r.failingRows}`);
    const whole = verdicts(await runChecks(Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t.name, await readTable(lake, t.name)]))), counts));
    expect(whole.filter((v) => !v.endsWith('pass 0'))).toEqual([
      'songplays.user_id relationships users.user_id: fail 1',
      'songplays reconciliation play_events: fail 3',
      'users.user_id unique: fail 2',
      'songs.song_id unique: fail 2',
    ]);
    // Every table at once; every table in parts (the path of a table above ~2M rows), one part, then a file a part;
    // without the second pass over whole tables a failure brings on small lakes.
    const bounded = { wholeExamplesMaxRows: 0 };
    expect(verdicts(await checkStoredTables(format, refs, rows, counts, bounded))).toEqual(whole);
    expect(verdicts(await checkStoredTables(format, refs, rows, counts, { ...bounded, oneReadMaxRows: 0 }))).toEqual(whole);
    expect((await format.listFiles(refs.songs)).length).toBeGreaterThan(2);
    const filePerPart = await checkStoredTables(format, refs, rows, counts, { ...bounded, oneReadMaxRows: 0, partRows: 1 });
    expect(verdicts(filePerPart)).toEqual(whole);
    // A check failed in parts shows its rows (the columns the checks read) and counts them against the whole table.
    const orphan = filePerPart.find((r) => r.name === 'songplays.user_id relationships users.user_id')!;
    expect(orphan.examples).toEqual([expect.objectContaining({ user_id: 987654321, level: expect.any(String) })]);
    expect(orphan.detail).toBe(`1 of ${rows.songplays} rows have a user_id missing from users.user_id`);
  });

  it('rows the run counted but the table lacks fail the reconciliation with the run manifest', async () => {
    const lake = copyLake(good);
    const rows = (await readTable(lake, 'songplays')).height;
    const lost = 14;
    // The latest run's manifest counted more distinct plays than its songplays commit holds.
    const storage = openStorage(lake);
    const runId = (await listRunManifests(storage)).at(-1)!;
    const manifest = (await readRunManifest(storage, runId))!;
    await writeRunManifest(storage, { ...manifest, nextSongEvents: { loaded: manifest.nextSongEvents!.loaded + lost, distinct: rows + lost } });
    const { results } = await checkLake(lake);
    expect(failed(results)).toEqual(['songplays reconciliation play_events']);
    const result = results.find((r) => r.status === 'fail')!;
    expect(result.failingRows).toBe(lost);
    expect(result.detail).toContain(`${rows} rows, expected ${rows + lost}`);
    expect(cli(['check', '--output', lake]).code).toBe(1);
  });

  it('after another writer deleted songplays rows, reconciliation is skipped naming that writer; the star stays whole', async () => {
    const lake = copyLake(good);
    await rewrite(lake, 'songplays', (plays) => plays.slice(7, plays.height - 7));
    const { results } = await checkLake(lake);
    expect(failed(results)).toEqual([]);
    const reconciliation = results.find((r) => r.name === 'songplays reconciliation play_events')!;
    expect(reconciliation.status).toBe('skipped');
    expect(reconciliation.detail).toMatch(/^other writers committed to songplays after run \S+ \(another-writer\/1\.0 WRITE\)/);
    expect(results.find((r) => r.name === 'lake whole star')!.status).toBe('pass');
  });

  it('without the counts in the run manifest, reconciliation is skipped (not failed) and said so; with no tables, one clear error', async () => {
    // The Delta equivalent of a lake written before manifests existed: a committed run whose manifest has no
    // NextSong counts (an engine that did not report them).
    const lake = copyLake(good);
    const storage = openStorage(lake);
    const runId = (await listRunManifests(storage)).at(-1)!;
    await writeRunManifest(storage, { ...(await readRunManifest(storage, runId))!, nextSongEvents: null });
    const { results } = await checkLake(lake);
    expect(results.filter((r) => r.status === 'skipped').map((r) => r.name)).toEqual(['songplays reconciliation play_events']);
    expect(failed(results)).toEqual([]);
    // No manifest at all: the tables are still checked as readers see them; only reconciliation has nothing to go on.
    fs.rmSync(path.join(lake, RUN_MANIFEST_DIR), { recursive: true });
    const bare = await checkLake(lake);
    expect(bare.results.filter((r) => r.status === 'skipped').map((r) => r.name)).toEqual(['songplays reconciliation play_events']);
    // A folder with no Delta tables: one clear error.
    await expect(checkLake(tempDir('sparkify-empty-'))).rejects.toThrow(/has no committed run/);
  });
});

describe('the quality gate of the ETL', () => {
  it('refuses to publish a run that fails a blocking check; the previous tables stay readable', async () => {
    const output = tempDir();
    const first = writeTree({
      'log_data/a.json': jsonLines([eventRecord({ itemInSession: 1 }), eventRecord({ itemInSession: 2, page: 'Home' })]),
      'song_data/a.json': JSON.stringify(songRecord()),
    });
    const published = await runEtl({ input: first, output });
    expect(published.checks.filter((c) => c.status === 'fail')).toEqual([]);
    const before = Object.fromEntries(await Promise.all(TABLE_NAMES.map(async (t) => [t, sortedRows(await readTable(output, t))])));
    const runsBefore = fs.readdirSync(path.join(output, RUN_MANIFEST_DIR)).sort();
    const manifestBefore = fs.readFileSync(path.join(output, RUN_MANIFEST_DIR, runsBefore.at(-1)!), 'utf8');

    // Valid records (they pass the source validation) that make bad tables: a song lasting -1 s, a level
    // outside free/paid. The run builds its tables, then must refuse to publish them.
    const second = writeTree({
      'log_data/a.json': jsonLines([eventRecord({ itemInSession: 1, level: 'premium' }), eventRecord({ itemInSession: 3 })]),
      'song_data/a.json': JSON.stringify(songRecord({ duration: -1 })),
    });
    const error = await runEtl({ input: second, output }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QualityGateError);
    const message = (error as Error).message;
    expect(message).toMatch(/^published nothing, the previous tables stay: blocking checks failed: /);
    expect(message).toContain('songplays.level accepted_values [free, paid] (1 row)');
    expect(message).toContain('songs.duration range (0, inf) (1 row)');

    for (const t of TABLE_NAMES) expect(sortedRows(await readTable(output, t))).toEqual(before[t]);
    expect(fs.readdirSync(path.join(output, RUN_MANIFEST_DIR)).sort()).toEqual(runsBefore);
    expect(fs.readFileSync(path.join(output, RUN_MANIFEST_DIR, runsBefore.at(-1)!), 'utf8')).toBe(manifestBefore);
    expect(fs.existsSync(path.join(output, COMMIT_LOCK_KEY))).toBe(false);

    // From the CLI: a non-zero exit and one line naming the failing checks; the details on stderr before it.
    const result = cli(['etl', '--input', second, '--output', output]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^sparkify: failed: published nothing, the previous tables stay: blocking checks failed: .*songs\.duration range/);
    expect(result.stderr).toMatch(/FAIL songs\.duration range \(0, inf\): 1 of 1 rows have a duration out of range\n\s+table songs, column duration, for example:\n\s+\{"song_id":"SOMZWCG12A8C13C480",.*"duration":-1/);
    for (const t of TABLE_NAMES) expect(sortedRows(await readTable(output, t))).toEqual(before[t]);
  });

  it('judges the local engine\'s frames as it judges the files they were written to', async () => {
    // A run that fails two kinds of check: a range (songs) and accepted values (songplays, a timestamped table).
    const input = writeTree({
      'log_data/a.json': jsonLines([eventRecord({ itemInSession: 1, level: 'premium' }), eventRecord({ itemInSession: 3 })]),
      'song_data/a.json': JSON.stringify(songRecord({ duration: -1 })),
    });
    const format = openTableFormat(tempDir());
    const runId = newRunId();
    const locations = await format.begin(runId, RUN_OUTPUTS);
    const result = await new LocalEngine().build({ input, locations, progress: silentProgress, runId });
    expect(Object.keys(result.frames ?? {}).sort()).toEqual([...TABLE_NAMES].sort());
    const run = { runId, engine: 'local', input };
    const gate = async (frames: typeof result.frames): Promise<CheckResult[]> => {
      const error = await gateRun(format, { ...result, frames }, run, locations, silentProgress).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QualityGateError);
      return (error as QualityGateError).checks;
    };
    const fromFrames = await gate(result.frames);
    const fromFiles = await gate(undefined);
    const verdicts = (checks: CheckResult[]) => checks.map((c) => `${c.name}: ${c.status} ${c.failingRows}`);
    expect(verdicts(fromFrames).filter((v) => !v.endsWith('pass 0'))).toEqual([
      'songplays.level accepted_values [free, paid]: fail 1',
      'songs.duration range (0, inf): fail 1',
    ]);
    expect(verdicts(fromFrames)).toEqual(verdicts(fromFiles));
    // The same example rows too, every column as the files hold it (timestamps included).
    expect(fromFrames.map((c) => c.examples)).toEqual(fromFiles.map((c) => c.examples));
    await format.end(runId, false);
  });
});
