import type { SourceDef } from './types';

/**
 * The raw sources, declared with explicit types. Never inferred: Polars' inference fails on the
 * real song files (the first file has a null latitude, so the column is typed NULL and later values break it).
 * A record whose field does not have its declared type is quarantined, not coerced.
 */
export const SONG_SOURCE: SourceDef = {
  name: 'raw_songs',
  folder: 'song_data',
  doc: 'Million Song Dataset metadata: one JSON object per file, one file per track.',
  fields: [
    { name: 'num_songs', type: 'integer', required: false, doc: 'Always 1 in the MSD files; unused.' },
    { name: 'artist_id', type: 'string', required: true, pattern: '^\\S+$', doc: 'MSD artist id (AR…).' },
    { name: 'artist_latitude', type: 'number', required: false, doc: 'Often null.' },
    { name: 'artist_longitude', type: 'number', required: false, doc: 'Often null.' },
    { name: 'artist_location', type: 'string', required: false, doc: 'Free text; often empty.' },
    { name: 'artist_name', type: 'string', required: false, doc: 'As credited on this track.' },
    { name: 'song_id', type: 'string', required: true, pattern: '^\\S+$', doc: 'MSD song id (SO…).' },
    { name: 'title', type: 'string', required: false, doc: 'Song title.' },
    { name: 'duration', type: 'number', required: false, doc: 'Seconds.' },
    { name: 'year', type: 'integer', required: false, minimum: 0, maximum: 9999, doc: 'Release year; 0 when unknown.' },
  ],
};

export const EVENT_SOURCE: SourceDef = {
  name: 'raw_events',
  folder: 'log_data',
  doc: 'App event log: JSON Lines, one file per day.',
  fields: [
    { name: 'artist', type: 'string', required: false, doc: 'Null on non-song pages.' },
    { name: 'auth', type: 'string', required: false, doc: 'Logged In / Logged Out / Guest / Cancelled.' },
    { name: 'firstName', type: 'string', required: false, doc: 'Null for logged-out events.' },
    { name: 'gender', type: 'string', required: false, doc: 'M / F; null for logged-out events.' },
    { name: 'itemInSession', type: 'integer', required: true, minimum: 0, doc: 'Position of the event in its session, from 0.' },
    { name: 'lastName', type: 'string', required: false, doc: 'Null for logged-out events.' },
    { name: 'length', type: 'number', required: false, doc: 'Song duration in seconds; null on non-song pages.' },
    { name: 'level', type: 'string', required: false, doc: 'free / paid at the time of the event.' },
    { name: 'location', type: 'string', required: false, doc: 'User metro area.' },
    { name: 'method', type: 'string', required: false, doc: 'HTTP method.' },
    { name: 'page', type: 'string', required: true, doc: 'NextSong marks a song play.' },
    { name: 'registration', type: 'number', required: false, doc: 'Epoch milliseconds, written as a float.' },
    { name: 'sessionId', type: 'integer', required: true, minimum: 0, doc: 'Globally unique session number.' },
    { name: 'song', type: 'string', required: false, doc: 'Null on non-song pages.' },
    { name: 'status', type: 'integer', required: false, doc: 'HTTP status.' },
    { name: 'ts', type: 'integer', required: true, doc: 'Event time, epoch milliseconds (UTC).' },
    { name: 'userAgent', type: 'string', required: false, doc: 'Browser user agent, itself wrapped in quotes.' },
    {
      name: 'userId',
      type: 'string',
      required: false,
      pattern: '^[0-9]{0,18}$',
      // A song play without a user cannot join users: it is a bad record, not a logged-out visit.
      requiredWhen: { field: 'page', equals: 'NextSong' },
      doc: 'Digits, or empty for logged-out events (never on NextSong).',
    },
  ],
};

export const SOURCES: SourceDef[] = [SONG_SOURCE, EVENT_SOURCE];
