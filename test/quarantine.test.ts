import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runEtl } from '../src/run/etl';
import { readTable } from '../src/table-format/read-table';
import { quarantineFile, tempDir, writeTree } from './helpers';
import { eventRecord, songRecord } from './fixtures';

describe('bad records go to the quarantine, the rest loads', () => {
  it('records the file, line, reason and raw text of each bad record, and counts them', async () => {
    const good1 = JSON.stringify(eventRecord({ itemInSession: 1 }));
    const good2 = JSON.stringify(eventRecord({ itemInSession: 2, ts: 1541106106797 }));
    const notJson = '{"artist":null,"auth":"Logged In", oops';
    const badTs = JSON.stringify(eventRecord({ itemInSession: 3, ts: 'yesterday' }));
    const badUser = JSON.stringify(eventRecord({ itemInSession: 4, userId: 'abc' }));
    const anonymousPlay = JSON.stringify(eventRecord({ itemInSession: 5, userId: '' }));
    const notObject = '[1,2,3]';
    const input = writeTree({
      'log_data/2018/11/day.json': [good1, notJson, '', badTs, good2, badUser, anonymousPlay, notObject].join('\n') + '\n',
      'song_data/A/TRGOOD.json': JSON.stringify(songRecord()),
      'song_data/A/TRBROKEN.json': '{"num_songs": 1, "artist_id": "AR1", "song_id": ',
      'song_data/A/TRNOID.json': JSON.stringify(songRecord({ song_id: null })),
      'song_data/A/TRFUTURE.json': JSON.stringify(songRecord({ song_id: 'SO8', year: 123456 })),
      'song_data/A/TRSTRINGYEAR.json': JSON.stringify(songRecord({ song_id: 'SO9', year: '1999' })),
    });
    const output = tempDir();
    const summary = await runEtl({ input, output, overrides: ['allow-quarantine'] }); // most of these records are bad on purpose

    const quarantine = fs
      .readFileSync(quarantineFile(output, summary.runId), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const brief = quarantine.map((q) => [q.source, q.file, q.line]);
    expect(brief).toEqual([
      ['raw_songs', 'song_data/A/TRBROKEN.json', 1],
      ['raw_songs', 'song_data/A/TRFUTURE.json', 1],
      ['raw_songs', 'song_data/A/TRNOID.json', 1],
      ['raw_songs', 'song_data/A/TRSTRINGYEAR.json', 1],
      ['raw_events', 'log_data/2018/11/day.json', 2],
      ['raw_events', 'log_data/2018/11/day.json', 4],
      ['raw_events', 'log_data/2018/11/day.json', 6],
      ['raw_events', 'log_data/2018/11/day.json', 7],
      ['raw_events', 'log_data/2018/11/day.json', 8],
    ]);
    const byLine = Object.fromEntries(quarantine.filter((q) => q.source === 'raw_events').map((q) => [q.line, q]));
    expect(byLine[2]).toMatchObject({ raw: notJson, reason: expect.stringMatching(/^not valid JSON/) });
    expect(byLine[4]).toMatchObject({ raw: badTs, reason: 'ts: expected an integer, got the string "yesterday"' });
    expect(byLine[6].reason).toMatch(/^userId: "abc" does not match/);
    expect(byLine[7].reason).toBe('userId: required when page is NextSong');
    expect(byLine[8].reason).toBe('not a JSON object (got an array)');
    expect(quarantine[0].reason).toMatch(/^not valid JSON/);
    expect(quarantine[1].reason).toBe('year: 123456 is above 9999');
    expect(quarantine[2].reason).toBe('song_id: required but missing');
    expect(quarantine[3].reason).toBe('year: expected an integer, got the string "1999"');

    expect(summary.quarantined).toBe(9);
    expect(summary.sources.map((s) => [s.source, s.records, s.quarantined])).toEqual([
      ['raw_songs', 1, 4],
      ['raw_events', 2, 5],
    ]);
    expect((await readTable(output, 'songplays')).height).toBe(2);
    expect((await readTable(output, 'songs')).height).toBe(1);
  });

  it('a clean run publishes an empty quarantine', async () => {
    const output = tempDir();
    const { runId } = await runEtl({
      input: writeTree({ 'log_data/a.json': JSON.stringify(eventRecord()), 'song_data/b.json': JSON.stringify(songRecord()) }),
      output,
    });
    expect(fs.readFileSync(quarantineFile(output, runId), 'utf8')).toBe('');
  });
});
