import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE, SONG_SOURCE } from '../src/catalog/sources';
import { listSourceFiles } from '../src/ingest/source-files';
import { readSource } from '../src/ingest/read-source';
import { readRunManifest } from '../src/lake-log/read-manifest';
import { runEtl } from '../src/run/etl';
import { formatEtlSummary } from '../src/run/etl-summary';
import { openStorage } from '../src/storage/open-storage';
import { eventRecord, jsonLines, songRecord } from './fixtures';
import { cli, SPARK_TEST_TIMEOUT_MS, tempDir } from './helpers';

/** An input with one song file and two log files; `genre` added where the probe of the issue adds it. */
function driftInput(): string {
  const input = tempDir('sparkify-drift-');
  fs.mkdirSync(path.join(input, 'song_data', 'A'), { recursive: true });
  fs.mkdirSync(path.join(input, 'log_data'), { recursive: true });
  fs.writeFileSync(path.join(input, 'song_data', 'A', 'TRA1.json'), JSON.stringify({ ...songRecord(), genre: 'Jazz' }));
  // A song file that lacks a declared (optional) field altogether.
  const { artist_location: _dropped, ...withoutLocation } = songRecord({ song_id: 'SOB2', title: 'Other' }) as Record<string, unknown>;
  fs.writeFileSync(path.join(input, 'song_data', 'A', 'TRA2.json'), JSON.stringify(withoutLocation));
  fs.writeFileSync(
    path.join(input, 'log_data', '2018-11-01-events.json'),
    jsonLines([eventRecord({ itemInSession: 0 }), eventRecord({ itemInSession: 1, genre: 'Rock' }), eventRecord({ itemInSession: 2, genre: 'Pop' })]),
  );
  fs.writeFileSync(path.join(input, 'log_data', '2018-11-02-events.json'), jsonLines([eventRecord({ itemInSession: 3, ts: 1541203000000, genre: 'Rock' })]));
  return input;
}

describe('schema drift', () => {
  it('counts undeclared fields (records, files, first file and line) and declared fields missing from whole files; quarantines nothing', async () => {
    const input = driftInput();
    const events = await readSource(await listSourceFiles(input, 'log_data'), EVENT_SOURCE);
    expect(events.quarantine).toEqual([]);
    expect(events.records).toBe(4);
    expect(events.drift).toEqual([
      { source: 'raw_events', field: 'genre', kind: 'undeclared', records: 3, files: 2, firstFile: 'log_data/2018-11-01-events.json', firstLine: 2 },
    ]);
    const songs = await readSource(await listSourceFiles(input, 'song_data'), SONG_SOURCE);
    expect(songs.drift).toEqual([
      { source: 'raw_songs', field: 'genre', kind: 'undeclared', records: 1, files: 1, firstFile: 'song_data/A/TRA1.json', firstLine: 1 },
      { source: 'raw_songs', field: 'artist_location', kind: 'missing', records: 1, files: 1, firstFile: 'song_data/A/TRA2.json', firstLine: null },
    ]);
  });

  it('sees an undeclared field in a file large enough for the native reader too', async () => {
    const input = tempDir('sparkify-drift-big-');
    fs.mkdirSync(path.join(input, 'log_data'), { recursive: true });
    const records = Array.from({ length: 1500 }, (_, i) => eventRecord({ itemInSession: i, ...(i % 500 === 7 ? { genre: 'Rock' } : {}) }));
    const file = path.join(input, 'log_data', 'big.json');
    fs.writeFileSync(file, jsonLines(records));
    expect(fs.statSync(file).size).toBeGreaterThan(256 * 1024);
    const clean = path.join(input, 'log_data', 'clean.json');
    fs.writeFileSync(clean, jsonLines(records.map((r) => ({ ...r, genre: undefined }))));
    const read = await readSource(await listSourceFiles(input, 'log_data'), EVENT_SOURCE);
    expect(read.records).toBe(3000);
    // The clean file went the native way; the one with `genre` record by record, which counted each one.
    expect(read.nativeFiles).toBe(1);
    expect(read.drift).toEqual([{ source: 'raw_events', field: 'genre', kind: 'undeclared', records: 3, files: 1, firstFile: 'log_data/big.json', firstLine: 8 }]);
  });

  it('a run warns in its summary and records the drift in its run manifest', async () => {
    const input = driftInput();
    const output = tempDir('sparkify-drift-lake-');
    const summary = await runEtl({ input, output });
    expect(summary.quarantined).toBe(0);
    const text = formatEtlSummary(summary);
    expect(text).toContain('warning: raw_events field genre is not declared (dropped): 3 records in 2 files, first log_data/2018-11-01-events.json line 2');
    expect(text).toContain('warning: raw_songs field artist_location is declared but missing: 1 records in 1 files, first song_data/A/TRA2.json');
    const manifest = await readRunManifest(openStorage(output), summary.runId);
    expect(manifest?.drift?.map((d) => `${d.source}.${d.field}:${d.kind}:${d.records}`)).toEqual([
      'raw_songs.genre:undeclared:1',
      'raw_songs.artist_location:missing:1',
      'raw_events.genre:undeclared:3',
    ]);
    const status = cli(['status', '--output', output]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('drift: raw_events.genre not declared: 3 records in 2 files, first log_data/2018-11-01-events.json line 2');
    expect(status.stdout).toContain('drift: raw_songs.artist_location declared but missing: 1 records in 1 file, first song_data/A/TRA2.json');
  }, 60_000);

  it('the Spark engine counts the same drift as the local engine (the step runner reports it in its result)', async () => {
    const input = driftInput();
    const local = await runEtl({ input, output: tempDir('sparkify-drift-local-') });
    const spark = await runEtl({ input, output: tempDir('sparkify-drift-spark-'), engine: 'spark' });
    expect(spark.drift).toEqual(local.drift);
    expect(spark.drift?.length).toBe(3);
  }, SPARK_TEST_TIMEOUT_MS);
});
