import * as zlib from 'node:zlib';
import { generate } from '../src/generator/generate';
import { doubleEncode } from '../src/models/double-utf8';
import { eventRecord, songRecord } from './fixtures';
import { tempDir, writeTree } from './helpers';

const day = (iso: string) => Date.parse(iso);

/**
 * Hand-written lines that stress what two engines could do differently: null partitions, unmatched and
 * duplicated songs, level changes, same-millisecond and duplicated events, year and month boundaries,
 * partition values that need escaping, every kind of bad record, gzip / BOM / CRLF / pretty-printed files, and
 * names double-encoded as the real logs carry them (repaired, so they match) beside names that only look garbled.
 */
export function edgeFiles(): { files: Record<string, string | Buffer>; badRecords: Array<[string, number | null]> } {
  const matched = songRecord({ song_id: 'SOEDGEMATCH', artist_id: 'AREDGE1', artist_name: 'Édith Edge', title: 'Nœud', duration: 201.5, year: 1999 });
  const play = (o: Record<string, unknown>) => eventRecord({ artist: 'Édith Edge', song: 'Nœud', length: 201.5, ...o });
  const events = [
    // A user who changes level, and two plays in the same millisecond (items 3 and 4).
    play({ userId: '9001', sessionId: 5001, itemInSession: 0, level: 'free', ts: day('2018-11-30T10:00:00.000Z') }),
    play({ userId: '9001', sessionId: 5001, itemInSession: 1, level: 'paid', ts: day('2018-11-30T10:03:00.000Z') }),
    play({ userId: '9001', sessionId: 5002, itemInSession: 3, level: 'paid', ts: day('2018-11-30T23:59:59.999Z') }),
    play({ userId: '9001', sessionId: 5002, itemInSession: 4, level: 'free', ts: day('2018-11-30T23:59:59.999Z'), song: 'Unknown tune' }),
    // Month and year boundaries: new partitions of songplays and time; a Sunday, ISO week 1 of 2019.
    play({ userId: '9002', sessionId: 5003, itemInSession: 0, ts: day('2018-12-31T23:59:59.999Z'), level: 'paid' }),
    play({ userId: '9002', sessionId: 5003, itemInSession: 1, ts: day('2019-01-01T00:00:00.000Z'), level: 'free' }),
    play({ userId: '9002', sessionId: 5003, itemInSession: 2, ts: day('2021-01-03T12:00:00.000Z') }),
    // Logged-out visits: no user, two sessions sharing item numbers.
    eventRecord({ userId: '', page: 'Home', auth: 'Logged Out', sessionId: 5004, itemInSession: 0, firstName: null, lastName: null, gender: null, registration: null, song: null, artist: null, length: null, ts: day('2018-11-30T11:00:00.000Z') }),
    eventRecord({ userId: '', page: 'Home', auth: 'Logged Out', sessionId: 5005, itemInSession: 0, firstName: null, lastName: null, gender: null, registration: null, song: null, artist: null, length: null, ts: day('2018-11-30T11:00:00.000Z') }),
    // Empty strings that become null, an integer written as a float, a float registration.
    play({ userId: '9003', sessionId: 5006, itemInSession: 7.0, firstName: '', location: '', userAgent: '""', registration: 1540919166796.0, ts: day('2018-11-30T12:00:00.000Z') }),
  ];
  // Names: a double-encoded play of a song file's "Björk – Jóga (Ísland)" must match once repaired; a real "Ã"
  // ("SÃO", a name that is garbled only once "Ã©") and a double-encoded non-Latin-1 "’" must stay as they are.
  const names = (sessionId: number, artist: string, song: string) =>
    eventRecord({ userId: '9004', sessionId, itemInSession: 0, artist, song, length: 180.25, ts: day('2018-11-29T08:00:00.000Z') });
  events.push(
    names(5101, doubleEncode('Björk'), doubleEncode('Jóga (Ísland)')),
    names(5102, 'SÃO', 'Ã©tude'),
    names(5103, 'SÃO', doubleEncode('Rock’n’roll')),
  );
  const eventLines = events.map((e) => JSON.stringify(e));
  const duplicate = eventLines[1];
  const bad = [
    '{"artist":null,"auth":"Logged In", oops',
    '[1,2,3]',
    '"just a string"',
    'null',
    'NaN',
    JSON.stringify(eventRecord({ itemInSession: 20, ts: 'yesterday' })),
    JSON.stringify(eventRecord({ itemInSession: 21, ts: 1.5 })),
    '{"page":"NextSong","userId":"8","sessionId":1,"itemInSession":22,"ts":1152921504606846976}',
    JSON.stringify(eventRecord({ itemInSession: -1 })),
    JSON.stringify(eventRecord({ itemInSession: 23, userId: 'abc' })),
    JSON.stringify(eventRecord({ itemInSession: 24, userId: '' })),
    JSON.stringify(eventRecord({ itemInSession: 25, userId: null })),
    JSON.stringify(eventRecord({ itemInSession: 26, page: null })),
    JSON.stringify(eventRecord({ itemInSession: 27, length: true })),
    JSON.stringify(eventRecord({ itemInSession: 28, firstName: { nested: 1 } })),
    JSON.stringify(eventRecord({ itemInSession: 29, sessionId: 'a string longer than forty characters, to be cut short' })),
    JSON.stringify(eventRecord({ itemInSession: 30, status: 1e21 })),
    JSON.stringify(eventRecord({ itemInSession: 31, status: 0.000001 })),
    JSON.stringify(eventRecord({ itemInSession: 32, userId: 'line\nbreak' })),
  ];
  const log = [...eventLines.slice(0, 5), '', duplicate, ...bad, ...eventLines.slice(5)];

  const songs: Record<string, string | Buffer> = {
    'song_data/E/TREDGE01.json': JSON.stringify(matched),
    'song_data/E/TRNAMES1.json': JSON.stringify(songRecord({ song_id: 'SONAMES1', artist_id: 'ARNAMES1', artist_name: 'Björk', title: 'Jóga (Ísland)', duration: 180.25, year: 1997 })),
    'song_data/E/TRNAMES2.json': JSON.stringify(songRecord({ song_id: 'SONAMES2', artist_id: 'ARNAMES2', artist_name: 'SÃO', title: 'Ã©tude', duration: 180.25, year: 1997 })),
    'song_data/E/TRNAMES3.json': JSON.stringify(songRecord({ song_id: 'SONAMES3', artist_id: 'ARNAMES2', artist_name: 'SÃO', title: 'Rock’n’roll', duration: 180.25, year: 1997 })),
    // Unknown year (null partition), an unmatched song, a song listed twice, a partition value needing escapes.
    'song_data/E/TREDGE02.json': JSON.stringify(songRecord({ song_id: 'SOEDGE02', artist_id: 'AREDGE1', year: 0, artist_latitude: 1.5, artist_longitude: -2.25 })),
    'song_data/E/TREDGE03.json': JSON.stringify(songRecord({ song_id: 'SOEDGE03', artist_id: 'AR:odd/100%#', artist_name: 'Odd', artist_location: '  ', year: 2005 })),
    'song_data/E/TREDGE04.json': JSON.stringify(songRecord({ song_id: 'SOEDGE02', artist_id: 'AREDGE1', title: 'Second copy', year: 2001 })),
    'song_data/E/TREDGE05.json.gz': zlib.gzipSync(JSON.stringify(songRecord({ song_id: 'SOEDGE05', artist_id: 'AREDGE5', year: 2010 }))),
    'song_data/E/TREDGE06.json': '\ufeff' + JSON.stringify(songRecord({ song_id: 'SOEDGE06', artist_id: 'AREDGE5', year: 2010 })) + '\r\n',
    'song_data/E/TREDGE07.json': JSON.stringify(songRecord({ song_id: 'SOEDGE07', artist_id: 'AREDGE7', year: 1970 }), null, 2),
    // Bad songs, one kind each.
    'song_data/E/BAD01.json': '{"num_songs": 1, "artist_id": "AR1", "song_id": ',
    'song_data/E/BAD02.json': JSON.stringify(songRecord({ song_id: null })),
    'song_data/E/BAD03.json': JSON.stringify(songRecord({ song_id: 'SOBAD03', year: 123456 })),
    'song_data/E/BAD04.json': JSON.stringify(songRecord({ song_id: 'SOBAD04', year: '1999' })),
    'song_data/E/BAD05.json': JSON.stringify(songRecord({ song_id: 'SO BAD05' })),
    'song_data/E/BAD06.json': JSON.stringify(songRecord({ song_id: 'SOBAD06', year: -1 })),
    'song_data/E/BAD07.json': JSON.stringify(songRecord({ song_id: 'SOBAD07', duration: '218.9' })),
    'song_data/E/BAD08.json': '{"song_id": "SOBAD08",\n"artist_id": "AR8",\n oops}\n',
    // Junk every engine skips: hidden names (Hadoop's rule), non-JSON names, an empty file.
    'song_data/E/.DS_Store': Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]),
    'song_data/E/._TREDGE01.json': Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]),
    'song_data/_hidden/TRHIDDEN.json': JSON.stringify(songRecord({ song_id: 'SOHIDDEN' })),
    'song_data/E/README.md': '# not data\n',
    'song_data/E/empty.json': '',
  };
  const logFile = 'log_data/edge/2018-11-30-edge.json';
  // Where the bad records are: each bad song file's line 1 (BAD08 is not one document, so each of its
  // lines), each bad log line (after the blank first line), and the broken gzip file as a whole.
  const badRecords: Array<[string, number | null]> = [
    ...Object.keys(songs).filter((f) => /BAD0[1-7]/.test(f)).map((f): [string, number] => [f, 1]),
    ['song_data/E/BAD08.json', 1],
    ['song_data/E/BAD08.json', 2],
    ['song_data/E/BAD08.json', 3],
    ...bad.map((_b, i): [string, number] => [logFile, 1 + log.indexOf(bad[i]) + 1]),
    ['log_data/edge/broken.json.gz', null],
  ];
  const files = {
    ...songs,
    // A blank first line: line numbers count blank lines.
    [logFile]: '\n' + log.join('\n') + '\n',
    // The same day delivered again (gzip), and a BOM + CRLF file that repeats one event of the first.
    'log_data/edge/2018-11-30-edge-again.json.gz': zlib.gzipSync(eventLines.slice(0, 3).join('\n') + '\n'),
    'log_data/edge/crlf.json': '\ufeff' + [duplicate, '', eventLines[9]].join('\r\n') + '\r\n',
    'log_data/edge/broken.json.gz': zlib.gzipSync(eventLines[0]).subarray(0, 12),
    'log_data/edge/checksums.md5': 'abc  2018-11-30-edge.json\n',
  };
  return { files, badRecords };
}

/** A small generated dataset with the edge-case files added beside it. */
export async function edgeInput(): Promise<{ input: string; badRecords: Array<[string, number | null]> }> {
  const input = tempDir('sparkify-edge-');
  await generate({ out: input, songs: 150, events: 4000, seed: 5, matchRate: 0.5, days: 3 });
  const { files, badRecords } = edgeFiles();
  return { input: writeTree(files, input), badRecords };
}
