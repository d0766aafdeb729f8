import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runEtl } from '../src/run/etl';
import { readTable } from '../src/table-format/read-table';
import { SAMPLE, sortedRows, tempDir, walkFiles, writeTree } from './helpers';
import { EVENT_SOURCE } from '../src/catalog/sources';
import { readInputSource } from '../src/ingest/read-input-source';
import { listSourceFiles } from '../src/ingest/source-files';
import { silentProgress } from '../src/progress';
import { eventRecord, jsonLines } from './fixtures';

const TABLE_NAMES = ['songplays', 'users', 'songs', 'artists', 'time'];

async function tablesOf(input: string) {
  const output = tempDir();
  const summary = await runEtl({ input, output });
  return { summary, rows: Object.fromEntries(await Promise.all(TABLE_NAMES.map(async (t) => [t, sortedRows(await readTable(output, t))] as const))) };
}

describe('input layouts and encodings', () => {
  it('junk files, gzip, BOM, CRLF and a flat log_data give the same tables as the clean nested sample', async () => {
    const files: Record<string, string | Buffer> = {
      'song_data/.DS_Store': Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]),
      'song_data/README.md': '# not data\n',
      'song_data/empty.json': '',
      'log_data/.DS_Store': 'junk',
      'log_data/checksums.md5': 'abc  2018-11-01-events.json\n',
    };
    const songFiles = walkFiles(path.join(SAMPLE, 'song_data'));
    songFiles.forEach((rel, i) => {
      const text = fs.readFileSync(path.join(SAMPLE, 'song_data', rel));
      // Some gzipped, some with a BOM, the rest as they are; all nested as in the bucket.
      if (i % 3 === 0) files[`song_data/${rel}.gz`] = zlib.gzipSync(text);
      else if (i % 3 === 1) files[`song_data/${rel}`] = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]);
      else files[`song_data/${rel}`] = text;
    });
    walkFiles(path.join(SAMPLE, 'log_data')).forEach((rel, i) => {
      const text = fs.readFileSync(path.join(SAMPLE, 'log_data', rel), 'utf8');
      const name = path.basename(rel);
      // Flat layout; alternately CRLF line ends + BOM, or gzip.
      if (i % 2 === 0) files[`log_data/${name}`] = '\ufeff' + text.replace(/\n/g, '\r\n');
      else files[`log_data/${name}.gz`] = zlib.gzipSync(text);
    });
    const messy = await tablesOf(writeTree(files));
    const clean = await tablesOf(SAMPLE);
    expect(messy.summary.sources.map((s) => [s.files, s.records, s.quarantined])).toEqual([
      [71, 71, 0],
      [30, 8056, 0],
    ]);
    for (const t of TABLE_NAMES) expect(messy.rows[t], t).toEqual(clean.rows[t]);
  });

  it('a pretty-printed song file (one object over several lines) is read as one record', async () => {
    const song = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'song_data', walkFiles(path.join(SAMPLE, 'song_data'))[0]), 'utf8'));
    const input = writeTree({
      'song_data/TRPRETTY.json': JSON.stringify(song, null, 2),
      'log_data/a.json': fs.readFileSync(path.join(SAMPLE, 'log_data/2018/11/2018-11-01-events.json')),
    });
    const { summary, rows } = await tablesOf(input);
    expect(summary.quarantined).toBe(0);
    expect(rows.songs.map((s) => s.song_id)).toEqual([song.song_id]);
  });

  it('a run reads the files it listed (those its bookmark records), not one that arrived since', async () => {
    const input = writeTree({ 'log_data/a.json': jsonLines([eventRecord({ itemInSession: 1 }), eventRecord({ itemInSession: 2 })]) });
    const listed = (await listSourceFiles(input, EVENT_SOURCE.folder)).map(({ relPath, size, modified }) => ({ path: relPath, size, modified }));
    fs.writeFileSync(path.join(input, 'log_data', 'b.json'), jsonLines([eventRecord({ itemInSession: 3 })]));
    const read = await readInputSource({ input, progress: silentProgress, listed: { [EVENT_SOURCE.folder]: listed } }, EVENT_SOURCE);
    expect([read.files, read.records]).toEqual([1, 2]);
    // Without a listing, the read lists for itself and finds both.
    const fresh = await readInputSource({ input, progress: silentProgress }, EVENT_SOURCE);
    expect([fresh.files, fresh.records]).toEqual([2, 3]);
  });
});
