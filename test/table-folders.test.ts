import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTableFolders } from '../src/catalog/load-table-folders';
import { TABLES, TABLES_DIR } from '../src/catalog/tables';
import { POLARS_DIALECT } from '../src/models/dialects/polars';
import { readsEvents, renderIncrementalModels, renderModels, tablesInRunOrder } from '../src/models/models';
import { bucketPlan } from '../src/engines/local/local-engine';
import type { Model } from '../src/models/models';
import { tableModes } from '../src/run/incremental-plan';
import { REPO, tempDir } from './helpers';

/** A copy of src/tables/ with one file's text changed, to load. */
function tablesWith(file: string, change: (text: string) => string): string {
  const dir = tempDir('sparkify-tables-');
  fs.cpSync(TABLES_DIR, dir, { recursive: true });
  const target = path.join(dir, file);
  const before = fs.readFileSync(target, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  fs.writeFileSync(target, after);
  return dir;
}

describe('table folders (src/tables/<name>/)', () => {
  it('load the five tables in their listing order, each with its checks, candidates and modes', () => {
    const folders = loadTableFolders(TABLES_DIR);
    expect(folders.map((f) => f.table.name)).toEqual(['songplays', 'users', 'songs', 'artists', 'time']);
    expect(TABLES.map((t) => t.name)).toEqual(folders.map((f) => f.table.name));
    const songplays = folders[0];
    expect(songplays.table.partitionBy).toEqual(['year', 'month']);
    expect(songplays.checks.filter((c) => c.kind === 'relationships')).toHaveLength(4);
    expect(songplays.partitionCandidates).toContain('artist_id');
    expect(folders.map((f) => [f.table.name, f.incremental, f.buckets ?? null])).toEqual([
      ['songplays', 'append', 'per-user'],
      ['users', 'upsert', 'per-user'],
      ['songs', 'upsert', null],
      ['artists', 'upsert', null],
      ['time', 'append', 'distinct'],
    ]);
  });

  it('a misspelt column in a check, a key or a partition fails at load, naming the file and the column', () => {
    const check = tablesWith('users/users.yml', (t) => t.replace('column: gender', 'column: gendr'));
    expect(() => loadTableFolders(check)).toThrow('users/users.yml: check accepted_values names column gendr, which users does not have');
    const key = tablesWith('time/time.yml', (t) => t.replace('key: [ start_time ]', 'key: [ start_tme ]'));
    expect(() => loadTableFolders(key)).toThrow('time/time.yml: key names column start_tme');
    const partition = tablesWith('songs/songs.yml', (t) => t.replace('partitionBy: [ year ]', 'partitionBy: [ year, artist ]'));
    expect(() => loadTableFolders(partition)).toThrow('songs/songs.yml: partitionBy names column artist');
  });

  it('songs: by year, sorted by artist; SPARKIFY_LAYOUT picks the seed layout (a folder per artist), a wrong choice fails naming the layouts', () => {
    const songs = (choice?: string) => loadTableFolders(TABLES_DIR, choice).find((f) => f.table.name === 'songs')!.table;
    expect(songs()).toMatchObject({ partitionBy: ['year'], sortBy: ['artist_id', 'song_id'] });
    expect(songs('songs:by-artist')).toMatchObject({ partitionBy: ['year', 'artist_id'], sortBy: ['song_id'] });
    expect(() => songs('songs:by-album')).toThrow('SPARKIFY_LAYOUT: songs has no layout by-album (its layouts: by-artist)');
    expect(() => songs('song:by-artist')).toThrow('SPARKIFY_LAYOUT: no table song');
    expect(() => songs('songs')).toThrow('SPARKIFY_LAYOUT=songs: each entry is table:layout');
    const misspelt = tablesWith('songs/songs.yml', (t) => t.replace('by-artist: { partitionBy: [ year, artist_id ]', 'by-artist: { partitionBy: [ year, artist ]'));
    expect(() => loadTableFolders(misspelt)).toThrow('songs/songs.yml: layout by-artist partitionBy names column artist');
    // The variable reaches a run: the sample's songs are written a folder per artist, the other tables as declared.
    const lake = tempDir('sparkify-by-artist-');
    const run = spawnSync(process.execPath, [path.join(REPO, 'bin', 'sparkify.js'), 'etl', '--input', path.join(REPO, 'data', 'sample'), '--output', lake], {
      encoding: 'utf8',
      env: { ...process.env, SPARKIFY_LAYOUT: 'songs:by-artist' },
    });
    expect(run.status, run.stderr).toBe(0);
    const songFiles = fs.readdirSync(path.join(lake, 'songs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet'));
    expect(songFiles.length).toBeGreaterThan(1);
    expect(songFiles.every((f) => /\/year=[^/]+\/artist_id=AR[0-9A-Z]+\/part-[^/]+\.parquet$/.test(f))).toBe(true);
    const bad = spawnSync(process.execPath, [path.join(REPO, 'bin', 'sparkify.js'), 'status', '--output', lake], { encoding: 'utf8', env: { ...process.env, SPARKIFY_LAYOUT: 'songs:x' } });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim()).toBe('sparkify: SPARKIFY_LAYOUT: songs has no layout x (its layouts: by-artist)');
  });

  it('a relationship to a misspelt table or column fails at load, naming both', () => {
    const table = tablesWith('songplays/songplays.yml', (t) => t.replace('to: { table: users,', 'to: { table: user,'));
    expect(() => loadTableFolders(table)).toThrow('songplays/songplays.yml: check relationships on user_id names table user, which does not exist');
    const column = tablesWith('songs/songs.yml', (t) => t.replace("to: { table: artists, column: artist_id }", 'to: { table: artists, column: artist }'));
    expect(() => loadTableFolders(column)).toThrow('check relationships on artist_id names column artist of artists, which it does not have');
  });

  it('an unknown field, mode or type, a folder without its SQL, or two tables at one position fail at load', () => {
    expect(() => loadTableFolders(tablesWith('time/time.yml', (t) => t.replace('incremental: append', 'incremental: apend')))).toThrow('time/time.yml: incremental is apend');
    expect(() => loadTableFolders(tablesWith('time/time.yml', (t) => t.replace('sortBy:', 'sort_by:')))).toThrow('time/time.yml: unknown field sort_by');
    expect(() => loadTableFolders(tablesWith('time/time.yml', (t) => t.replace('type: int', 'type: integer')))).toThrow('column hour has type integer');
    expect(() => loadTableFolders(tablesWith('time/time.yml', (t) => t.replace('position: 5', 'position: 1')))).toThrow('two tables declare position 1');
    const noMerge = tablesWith('time/time.yml', (t) => `${t}\n`);
    fs.rmSync(path.join(noMerge, 'time', 'merge.sql'));
    expect(() => loadTableFolders(noMerge)).toThrow('time/time.yml: its folder lacks merge.sql');
  });
});

describe('a broken table folder, met by the CLI', () => {
  it('is one line naming the file and the column, exit 2, before anything runs', () => {
    // The kit as built (bin, dist, src/tables) in a folder of its own, with one table's check misspelt.
    const kit = tempDir('sparkify-kit-');
    for (const part of ['package.json', 'bin', 'dist', 'src/tables']) fs.cpSync(path.join(REPO, part), path.join(kit, part), { recursive: true });
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(kit, 'node_modules'));
    const yml = path.join(kit, 'src/tables/users/users.yml');
    fs.writeFileSync(yml, fs.readFileSync(yml, 'utf8').replace('column: gender', 'column: gendr'));
    const run = spawnSync(process.execPath, [path.join(kit, 'bin/sparkify.js'), 'etl', '--input', 'x', '--output', tempDir()], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'sparkify: src/tables/users/users.yml: check accepted_values names column gendr, which users does not have (its columns: user_id, first_name, last_name, gender, level, latest_event_time)\n',
    );
  });
});

describe('what the refs derive', () => {
  it('the run order: every table after the tables its model reads', () => {
    const order = tablesInRunOrder();
    expect(order).toEqual(['songs', 'artists', 'songplays', 'users', 'time']);
    const models = renderModels(POLARS_DIALECT);
    for (const model of models) for (const read of model.reads) {
      const producer = models.findIndex((m) => m.name === read);
      if (producer >= 0) expect(producer, `${model.name} reads ${read}`).toBeLessThan(models.indexOf(model));
    }
    // songplays matches plays against song_match, an intermediate model over songs and artists that runs just before it.
    expect(models.map((m) => m.name)).toEqual(['stg_songs', 'stg_events', 'songs', 'artists', 'song_match', 'songplays', 'users', 'time']);
    expect(models.find((m) => m.name === 'songplays')!.reads).toEqual(['stg_events', 'song_match']);
    expect(models.find((m) => m.name === 'song_match')).toMatchObject({ layer: 'intermediate', reads: ['songs', 'artists'] });
    expect(models.find((m) => m.name === 'song_match')!.write).toBeUndefined();
    // The refs render as the relations' names: the SQL the engines run names no ref().
    expect(models.some((m) => m.sql.includes('ref('))).toBe(false);
  });

  it('which tables come from the events (an incremental run with rematch rebuilds those)', () => {
    expect(tablesInRunOrder().filter(readsEvents)).toEqual(['songplays', 'users', 'time']);
  });

  it('the incremental wiring from each table\'s merge mode', () => {
    const steps = (rematch: boolean) => renderIncrementalModels(POLARS_DIALECT, { writes: TABLES.map((t) => t.name), rematch }).map((m) => `${m.name}${m.write ? `:${m.write}` : ''}`);
    expect(steps(false)).toEqual([
      'stg_songs', 'stg_events',
      'lake_songs', 'new_songs', 'songs:replace',
      'lake_artists', 'new_artists', 'artists:replace',
      'song_match',
      'new_songplays', 'lake_songplays', 'added_songplays:append', 'songplays',
      'lake_users', 'new_users', 'users:replace',
      'new_time', 'lake_time', 'added_time:append',
    ]);
    expect(steps(true)).toEqual([
      'stg_songs', 'stg_events',
      'lake_songs', 'new_songs', 'songs:replace',
      'lake_artists', 'new_artists', 'artists:replace',
      'song_match',
      'songplays:replace', 'users:replace', 'time:replace',
    ]);
    // An append's merge reads only the lake's keys; time (which appends too) takes its start times from the rows
    // songplays adds, not from the lake's month of plays; the upserts read their lake tables whole.
    const models = renderIncrementalModels(POLARS_DIALECT, { writes: TABLES.map((t) => t.name) });
    const step = (name: string) => models.find((m) => m.name === name)!;
    expect([step('lake_songplays').columns, step('lake_time').columns, step('lake_users').columns, step('lake_songs').columns]).toEqual([['songplay_id'], ['start_time'], undefined, undefined]);
    expect(step('songplays').reads).toEqual(['added_songplays']);
    expect(step('new_time').reads).toEqual(['songplays']);
  });

  it('what an incremental run does to each table, from its refs and its merge mode', () => {
    expect(tableModes({ songs: true, events: false, rematch: false })).toEqual({ songplays: 'unchanged', users: 'unchanged', songs: 'overwrite', artists: 'overwrite', time: 'unchanged' });
    expect(tableModes({ songs: false, events: true, rematch: false })).toEqual({ songplays: 'append', users: 'overwrite', songs: 'unchanged', artists: 'unchanged', time: 'append' });
    expect(tableModes({ songs: true, events: true, rematch: true })).toEqual({ songplays: 'overwrite', users: 'overwrite', songs: 'overwrite', artists: 'overwrite', time: 'overwrite' });
  });

  it('the per-bucket models of a large input: what reads the events, each table as its folder declares', () => {
    const { before, perBucket } = bucketPlan(renderModels(POLARS_DIALECT));
    // song_match reads no events: computed once, not once per bucket (at 50M events, 250,000 songs in 175 buckets).
    expect(before.map((m) => m.name)).toEqual(['stg_songs', 'songs', 'artists', 'song_match']);
    expect(perBucket.map((m) => m.name)).toEqual(['stg_events', 'songplays', 'users', 'time']);
    // A table that reads the events but declares no bucket mode is refused, naming its file.
    const undeclared: Model = { name: 'songs', layer: 'star', sql: 'SELECT 1', reads: ['stg_events'], table: 'songs' };
    const stgEvents = renderModels(POLARS_DIALECT).find((m) => m.name === 'stg_events')!;
    expect(() => bucketPlan([stgEvents, undeclared])).toThrow('src/tables/songs/songs.yml: songs reads stg_events, modelled per bucket of users: declare buckets: per-user or distinct');
  });
});
