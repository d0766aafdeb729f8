import type pl from 'nodejs-polars';
import { playsBy, playsByLevel, topMatchedArtists, topMatchedSongs } from '../explore/analysis';
import { baseLayout, type Figure } from './figure';

/**
 * Charts of listening behaviour over the star schema's frames (as read by readTable). Each takes the tables
 * it needs and returns a Plotly figure; the figures come from the same queries the notebooks show (explore/analysis).
 */

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Plays per hour of day (UTC), all 24 hours shown. */
export function playsByHourChart(songplays: pl.DataFrame, time: pl.DataFrame): Figure {
  const counts = new Map(playsBy(songplays, time, 'hour').map((r) => [r.hour, r.count]));
  const hours = Array.from({ length: 24 }, (_, h) => h);
  return {
    data: [{ type: 'bar', x: hours, y: hours.map((h) => counts.get(h) ?? 0), name: 'plays', marker: { color: '#4c78a8' } }],
    layout: baseLayout('Plays by hour of day (UTC)', { xaxis: { title: { text: 'hour' }, dtick: 2 }, yaxis: { title: { text: 'plays' } } }),
  };
}

/** Plays per ISO weekday, Monday first. */
export function playsByWeekdayChart(songplays: pl.DataFrame, time: pl.DataFrame): Figure {
  const counts = new Map(playsBy(songplays, time, 'weekday').map((r) => [r.weekday, r.count]));
  return {
    data: [{ type: 'bar', x: WEEKDAYS, y: WEEKDAYS.map((_, i) => counts.get(i + 1) ?? 0), name: 'plays', marker: { color: '#72b7b2' } }],
    layout: baseLayout('Plays by weekday', { yaxis: { title: { text: 'plays' } } }),
  };
}

/** Plays by the level (free / paid) the user had at the time of the play. */
export function freeVsPaidChart(songplays: pl.DataFrame): Figure {
  const levels = playsByLevel(songplays);
  return {
    data: [{ type: 'pie', labels: levels.map((l) => String(l.level)), values: levels.map((l) => l.plays), hole: 0.4, sort: false }],
    layout: baseLayout('Plays by level: free vs paid'),
  };
}

/** The most played songs among plays matched to a song. */
export function topSongsChart(songplays: pl.DataFrame, songs: pl.DataFrame, limit = 10): Figure {
  const top = topMatchedSongs(songplays, songs, limit);
  return horizontalBar(`Top ${limit} songs (matched plays)`, top.map((r) => [`${r.title ?? r.song_id}`, r.count]));
}

/** The most played artists among plays matched to a song. */
export function topArtistsChart(songplays: pl.DataFrame, artists: pl.DataFrame, limit = 10): Figure {
  const top = topMatchedArtists(songplays, artists, limit);
  return horizontalBar(`Top ${limit} artists (matched plays)`, top.map((r) => [`${r.name ?? r.artist_id}`, r.count]));
}

function horizontalBar(title: string, rows: [string, number][]): Figure {
  // Largest at the top: Plotly draws the first category at the bottom.
  const ordered = [...rows].reverse();
  return {
    data: [{ type: 'bar', orientation: 'h', y: ordered.map((r) => r[0]), x: ordered.map((r) => r[1]), marker: { color: '#f58518' } }],
    layout: baseLayout(title, { margin: { l: 60, r: 20, t: 50, b: 50 }, yaxis: { automargin: true }, xaxis: { title: { text: 'plays' } } }),
  };
}
