import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runEtl } from '../src/run/etl';
import { LocalLake } from '../src/table-format/hive-pointers/folder-lake';
import { readTable } from '../src/table-format/read-table';
import { generate } from '../src/generator/generate';
import { REPO, SAMPLE, sortedRows, tempDir, walkFiles, writeTree } from './helpers';
import { eventRecord, jsonLines, songRecord } from './fixtures';

const NOV = Date.UTC(2018, 10, 15);
const DEC = Date.UTC(2018, 11, 15);

async function snapshot(output: string) {
  return Object.fromEntries(await Promise.all(['songplays', 'users', 'songs', 'artists', 'time'].map(async (t) => [t, sortedRows(await readTable(output, t))])));
}

describe('publishing output', () => {
  it('a re-run replaces each table whole: no file of the previous run survives in it', async () => {
    const output = tempDir();
    const first = writeTree({
      'log_data/a.json': jsonLines([eventRecord({ ts: NOV, itemInSession: 1 }), eventRecord({ ts: DEC, itemInSession: 2 })]),
      'song_data/a.json': JSON.stringify(songRecord({ year: 1990 })),
    });
    await runEtl({ input: first, output });
    expect(walkFiles(path.join(output, 'songplays')).filter((f) => f.endsWith('.parquet'))).toEqual([
      'year=2018/month=11/part-00000.snappy.parquet',
      'year=2018/month=12/part-00000.snappy.parquet',
    ]);
    const second = writeTree({
      'log_data/a.json': jsonLines([eventRecord({ ts: NOV, itemInSession: 3 })]),
      'song_data/a.json': JSON.stringify(songRecord({ year: 0 })),
    });
    await runEtl({ input: second, output });
    expect(walkFiles(path.join(output, 'songplays')).filter((f) => f.endsWith('.parquet'))).toEqual([
      'year=2018/month=11/part-00000.snappy.parquet',
    ]);
    expect(walkFiles(path.join(output, 'songs')).filter((f) => f.endsWith('.parquet'))).toEqual([
      'year=__HIVE_DEFAULT_PARTITION__/artist_id=ARD7TVE1187B99BFB1/part-00000.snappy.parquet',
    ]);
    expect((await readTable(output, 'songplays')).height).toBe(1);
    // Old versions are pruned: the current one and the one before it stay for readers still on it.
    expect(fs.readdirSync(path.join(output, LocalLake.VERSIONS, 'songplays'))).toHaveLength(2);
    await runEtl({ input: second, output });
    expect(fs.readdirSync(path.join(output, LocalLake.VERSIONS, 'songplays'))).toHaveLength(2);
    expect(fs.existsSync(path.join(output, LocalLake.LOCK))).toBe(false);
  });

  it('a run that fails before publishing leaves the previous tables as they were', async () => {
    const output = tempDir();
    await runEtl({ input: SAMPLE, output });
    const before = await snapshot(output);
    const lake = new LocalLake(output);
    const run = '99999999T000000000Z-failed';
    const locations = await lake.begin(run, ['songplays', 'users']);
    fs.mkdirSync(path.join(locations.songplays, 'year=2018', 'month=11'), { recursive: true });
    fs.writeFileSync(path.join(locations.songplays, 'year=2018', 'month=11', 'part-00000.snappy.parquet'), 'half a file');
    await lake.end(run, false);
    expect(await snapshot(output)).toEqual(before);
    expect(fs.existsSync(locations.songplays)).toBe(false);
    // And the next run is not confused by what the failed one left.
    await runEtl({ input: SAMPLE, output });
    expect(await snapshot(output)).toEqual(before);
  });

  it('another run holding the output is refused with a clear error', async () => {
    const output = tempDir();
    fs.writeFileSync(path.join(output, LocalLake.LOCK), String(process.ppid));
    await expect(runEtl({ input: SAMPLE, output })).rejects.toThrow(/another run \(pid \d+\) is writing to/);
  });

  it('a run killed mid-write leaves the previous tables intact and readable, and the next run recovers', async () => {
    const big = tempDir('sparkify-big-');
    await generate({ out: big, songs: 2000, events: 300000, seed: 7 });
    const output = tempDir();
    await runEtl({ input: SAMPLE, output });
    const before = await snapshot(output);

    // Kill the second run as soon as it starts writing tables (SIGKILL: no cleanup code runs).
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'sparkify.js'), 'etl', '--input', big, '--output', output]);
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (/wrote songplays/.test(stderr)) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`run was not killed: ${stderr}`))));
    });
    // The killed run left an unpublished version behind; readers never see it.
    expect(fs.readdirSync(path.join(output, LocalLake.VERSIONS, 'songplays'))).toHaveLength(2);
    expect(await snapshot(output)).toEqual(before);

    await runEtl({ input: big, output });
    expect((await readTable(output, 'songplays')).height).toBeGreaterThan(100000);
    // The next run took over the dead run's lock and pruned its leftover version.
    expect(fs.readdirSync(path.join(output, LocalLake.VERSIONS, 'songplays'))).toHaveLength(2);
    expect(fs.existsSync(path.join(output, LocalLake.LOCK))).toBe(false);
  }, 120_000);
});
