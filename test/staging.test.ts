import { describe, expect, it } from 'vitest';
import pl from 'nodejs-polars';
import { EVENT_SOURCE, SONG_SOURCE } from '../src/catalog/sources';
import { readInputSource } from '../src/ingest/read-input-source';
import { runModels } from '../src/engines/local/run-models';
import { silentProgress } from '../src/progress';
import { writeTree, type Json } from './helpers';
import { eventRecord, jsonLines, songRecord } from './fixtures';

/** Runs every model over a small input and returns each relation's rows. */
async function model(events: Json[], songs: Json[] = [songRecord()]): Promise<Record<string, Json[]>> {
  const files: Record<string, string> = { 'log_data/events.json': jsonLines(events) };
  songs.forEach((s, i) => (files[`song_data/A/TR${i}.json`] = JSON.stringify(s)));
  const input = writeTree(files);
  const job = { input, progress: silentProgress };
  const raw = [await readInputSource(job, SONG_SOURCE), await readInputSource(job, EVENT_SOURCE)];
  const frames = await runModels(raw[0].frame, raw[1].frame);
  return Object.fromEntries([...frames].map(([name, frame]: [string, pl.DataFrame]) => [name, frame.toRecords()]));
}

describe('staging fixes', () => {
  it('userId: a digit string becomes a bigint; empty (logged out) becomes null and makes no user', async () => {
    const out = await model([
      eventRecord({ userId: '42', page: 'Home', itemInSession: 0 }),
      eventRecord({ userId: '', auth: 'Logged Out', page: 'Login', firstName: null, sessionId: 5, itemInSession: 0 }),
    ]);
    expect(out.stg_events.map((e) => e.user_id).sort()).toEqual([42, null]);
    expect(out.users.map((u) => u.user_id)).toEqual([42]);
  });

  it('ts: epoch milliseconds become a UTC timestamp, to the millisecond', async () => {
    const out = await model([eventRecord({ ts: 1541106106796 })]);
    expect(out.stg_events[0].start_time.toISOString()).toBe('2018-11-01T21:01:46.796Z');
    expect(out.songplays[0].start_time.toISOString()).toBe('2018-11-01T21:01:46.796Z');
  });

  it('registration: a float of epoch milliseconds becomes an integer', async () => {
    const out = await model([eventRecord({ registration: 1540344794796.0 })]);
    expect(out.stg_events[0].registration_ms).toBe(1540344794796);
    expect(Number.isInteger(out.stg_events[0].registration_ms)).toBe(true);
  });

  it('song year 0 becomes null', async () => {
    const out = await model([eventRecord()], [songRecord({ year: 0 }), songRecord({ song_id: 'SO2', year: 1999 })]);
    expect(out.songs.map((s) => [s.song_id, s.year]).sort()).toEqual([
      ['SO2', 1999],
      ['SOMZWCG12A8C13C480', null],
    ]);
  });

  it('empty strings that mean "unknown" become null', async () => {
    const out = await model(
      [eventRecord({ location: '', firstName: '', userAgent: '' })],
      [songRecord({ artist_location: '   ', title: '' })],
    );
    expect(out.stg_events[0]).toMatchObject({ location: null, first_name: null, user_agent: null });
    expect(out.artists[0].location).toBeNull();
    expect(out.songs[0].title).toBeNull();
  });

  it('the quotes wrapped around userAgent are dropped, inner quotes kept', async () => {
    const out = await model([eventRecord({ userAgent: '"Mozilla/5.0 (X11; "Linux")"' })]);
    expect(out.songplays[0].user_agent).toBe('Mozilla/5.0 (X11; "Linux")');
  });

  it('the same event delivered twice is one row; a song listed twice is one song', async () => {
    const e = eventRecord();
    const out = await model([e, e, eventRecord({ itemInSession: 2, ts: e.ts + 1000 })], [songRecord(), songRecord()]);
    expect(out.stg_events).toHaveLength(2);
    expect(out.songplays).toHaveLength(2);
    expect(out.songs).toHaveLength(1);
  });

  it('a play matches a song only on title, artist name and duration together', async () => {
    const song = songRecord({ year: 2001 });
    const out = await model(
      [
        eventRecord({ song: song.title, artist: song.artist_name, length: song.duration, itemInSession: 1 }),
        eventRecord({ song: song.title, artist: song.artist_name, length: 1.5, itemInSession: 2 }),
        eventRecord({ song: song.title, artist: 'Someone Else', length: song.duration, itemInSession: 3 }),
      ],
      [song],
    );
    const bySeq = Object.fromEntries(out.stg_events.map((e) => [e.item_in_session, e]));
    expect(Object.keys(bySeq)).toHaveLength(3);
    expect(out.songplays.filter((p) => p.song_id === song.song_id)).toHaveLength(1);
    expect(out.songplays.filter((p) => p.song_id === null)).toHaveLength(2);
  });

  it('users: the latest event decides the level; a plain DISTINCT would give two rows', async () => {
    const out = await model([
      eventRecord({ userId: '7', level: 'free', ts: 1000, itemInSession: 0, page: 'Home' }),
      eventRecord({ userId: '7', level: 'paid', ts: 3000, itemInSession: 2, page: 'NextSong' }),
      eventRecord({ userId: '7', level: 'free', ts: 2000, itemInSession: 1, page: 'Submit Upgrade' }),
    ]);
    expect(out.users).toEqual([{ user_id: 7, first_name: 'Kaylee', last_name: 'Summers', gender: 'F', level: 'paid', latest_event_time: new Date(3000) }]);
  });

  it('time: ISO weekday (Monday 1 … Sunday 7) and ISO week', async () => {
    // 2018-11-04 is a Sunday (ISO week 44), 2018-11-05 a Monday (ISO week 45).
    const sunday = Date.UTC(2018, 10, 4, 23, 59, 59, 999);
    const monday = Date.UTC(2018, 10, 5, 0, 0, 0, 0);
    const out = await model([eventRecord({ ts: sunday, itemInSession: 1 }), eventRecord({ ts: monday, itemInSession: 2 })]);
    const byTime = Object.fromEntries(out.time.map((t) => [t.start_time.getTime(), t]));
    expect(byTime[sunday]).toMatchObject({ weekday: 7, week: 44, hour: 23, day: 4, month: 11, year: 2018 });
    expect(byTime[monday]).toMatchObject({ weekday: 1, week: 45, hour: 0, day: 5 });
  });
});
