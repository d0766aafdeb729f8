import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runEtl } from '../src/run/etl';
import { generate } from '../src/generator/generate';
import { analyzeSkew } from '../src/lake/lake-skew';
import { TINY_FILE_BYTES, TINY_FILES_MIN_COUNT, type TableSkew } from '../src/layout/skew';
import { cli, sampleSongs, tempDir, walkFiles, writeTree } from './helpers';
import { eventRecord, jsonLines, songRecord } from './fixtures';

// This file's lakes are written in the seed's layout, songs a folder per (year, artist): the case the analysis flags.
vi.hoisted(() => {
  process.env.SPARKIFY_LAYOUT = 'songs:by-artist';
});

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

describe('skew analysis', () => {
  let input: string;
  let output: string;
  let skew: TableSkew[];
  beforeAll(async () => {
    // Enough songs for well over a thousand (year, artist) folders: the tiny-file layout of songs at scale.
    input = tempDir('sparkify-skew-in-');
    await generate({ out: input, songs: 4000, events: 2000, seed: 3 });
    output = tempDir('sparkify-skew-out-');
    await runEtl({ input, output });
    skew = await analyzeSkew(output);
  }, 180_000);

  it('counts songs per (year, artist_id) partition as the raw song files say', () => {
    // Expected figures straight from the raw JSON: year 0 is unknown (the null partition).
    const songs = sampleSongs(input);
    const perPartition = new Map<string, number>();
    for (const s of songs) {
      const key = `${s.year === 0 ? null : s.year}/${s.artist_id}`;
      perPartition.set(key, (perPartition.get(key) ?? 0) + 1);
    }
    const songsSkew = skew.find((t) => t.table === 'songs')!;
    expect(songsSkew.rows).toBe(songs.length);
    expect(songsSkew.partitions).toBe(perPartition.size);
    expect(songsSkew.rowsPerPartition).toEqual({ min: Math.min(...perPartition.values()), median: median([...perPartition.values()]), max: Math.max(...perPartition.values()) });
    expect(songsSkew.largest[0].rows).toBe(Math.max(...perPartition.values()));
    const candidates = Object.fromEntries(songsSkew.candidates.map((c) => [c.column, c.distinct]));
    expect(candidates.artist_id).toBe(new Set(songs.map((s) => s.artist_id)).size);
    expect(candidates.year).toBe(new Set(songs.map((s) => s.year)).size);

    // Files and bytes from the folder itself.
    const dir = path.join(output, 'songs');
    const files = walkFiles(dir).filter((f) => f.endsWith('.parquet'));
    const sizes = files.map((f) => fs.statSync(path.join(dir, f)).size);
    expect(songsSkew.files).toBe(files.length);
    expect(songsSkew.bytes).toBe(sizes.reduce((a, b) => a + b, 0));
    expect(songsSkew.fileBytes.median).toBe(median(sizes));
  });

  it('flags songs by artist_id as many tiny files, suggesting year only', () => {
    const songsSkew = skew.find((t) => t.table === 'songs')!;
    expect(songsSkew.files).toBeGreaterThan(TINY_FILES_MIN_COUNT);
    expect(songsSkew.fileBytes.median).toBeLessThan(TINY_FILE_BYTES);
    expect(songsSkew.flags.map((f) => f.kind)).toEqual(['many_tiny_files']);
    const years = new Set(sampleSongs(input).map((s) => s.year)).size;
    expect(songsSkew.flags[0].suggestion).toMatch(new RegExp(`^partition songs by year only \\(${years} partitions`));
    // Nothing else in this lake is flagged: the other tables are one file or one partition.
    expect(skew.filter((t) => t.table !== 'songs').flatMap((t) => t.flags)).toEqual([]);

    const result = cli(['skew', '--output', output]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/FLAG many_tiny_files: songs by year, artist_id: \d+ files/);
    expect(result.stdout).toMatch(/suggestion: partition songs by year only/);

    // The default layout (year only, sorted by artist_id) on the same input: one file per year, nothing flagged.
    const byYear = tempDir('sparkify-skew-year-');
    const defaults = { SPARKIFY_LAYOUT: '' };
    expect(cli(['etl', '--input', input, '--output', byYear], { env: defaults }).code).toBe(0);
    const yearOnly = cli(['skew', '--output', byYear], { env: defaults });
    expect(yearOnly.code, yearOnly.stderr).toBe(0);
    expect(yearOnly.stdout).toMatch(new RegExp(`songs \\(partitioned by year\\): ${sampleSongs(input).length} rows, ${years} files`));
    expect(yearOnly.stdout).not.toContain('FLAG');
  });

  it('flags one dominant partition: nine plays of ten in one month', async () => {
    const nov = Date.UTC(2018, 10, 15);
    const dec = Date.UTC(2018, 11, 15);
    // Five listeners: user_id spreads the plays (a better column to suggest).
    const events = Array.from({ length: 10 }, (_, i) => eventRecord({ itemInSession: i, userId: String(1 + (i % 5)), ts: (i < 9 ? nov : dec) + i * 1000 }));
    const lake = tempDir();
    await runEtl({ input: writeTree({ 'log_data/a.json': jsonLines(events), 'song_data/a.json': JSON.stringify(songRecord()) }), output: lake });
    const plays = (await analyzeSkew(lake)).find((t) => t.table === 'songplays')!;
    expect(plays.partitions).toBe(2);
    expect(plays.rowsPerPartition).toEqual({ min: 1, median: 5, max: 9 });
    expect(plays.largest.map((p) => [p.partition, p.rows])).toEqual([
      ['year=2018/month=11', 9],
      ['year=2018/month=12', 1],
    ]);
    expect(plays.flags.map((f) => f.kind)).toEqual(['dominant_partition']);
    expect(plays.flags[0].message).toContain('partition year=2018/month=11 holds 90% of the rows');
    expect(plays.flags[0].suggestion).toMatch(/^partition by user_id instead \(5 values, the largest 20% of the rows\)/);
    // One listener: no column spreads the plays better, and a 9-row partition costs readers nothing: no flag.
    const alone = tempDir();
    const one = events.map((e) => ({ ...e, userId: '1' }));
    await runEtl({ input: writeTree({ 'log_data/a.json': jsonLines(one), 'song_data/a.json': JSON.stringify(songRecord()) }), output: alone });
    expect((await analyzeSkew(alone)).find((t) => t.table === 'songplays')!.flags).toEqual([]);
  });
});
