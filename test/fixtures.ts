import type { Json } from './helpers';

/** A log event shaped like the real ones (field order and types), with overrides. */
export function eventRecord(overrides: Json = {}): Json {
  return {
    artist: 'Des\'ree',
    auth: 'Logged In',
    firstName: 'Kaylee',
    gender: 'F',
    itemInSession: 1,
    lastName: 'Summers',
    length: 246.30812,
    level: 'free',
    location: 'Phoenix-Mesa-Scottsdale, AZ',
    method: 'PUT',
    page: 'NextSong',
    registration: 1540344794796.0,
    sessionId: 139,
    song: 'You Gotta Be',
    status: 200,
    ts: 1541106106796,
    userAgent: '"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36"',
    userId: '8',
    ...overrides,
  };
}

export function songRecord(overrides: Json = {}): Json {
  return {
    num_songs: 1,
    artist_id: 'ARD7TVE1187B99BFB1',
    artist_latitude: null,
    artist_longitude: null,
    artist_location: 'California - LA',
    artist_name: 'Casual',
    song_id: 'SOMZWCG12A8C13C480',
    title: "I Didn't Mean To",
    duration: 218.93179,
    year: 0,
    ...overrides,
  };
}

export const jsonLines = (records: Json[]): string => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
