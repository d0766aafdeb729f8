import { guardOf, type GuardDef } from '../catalog/guards';
import type { DailyPlays } from '../lake-log/play-days';
import type { RunManifest } from '../lake-log/run-manifest';
import { volumeBand } from '../run/publish-guards';
import { baseLayout, type Figure } from './figure';

/**
 * Charts of the lake's volume: plays per day against the volume guard's band (src/catalog/guards.ts), and what each
 * run loaded and quarantined, from the run manifests.
 */

type BandGuard = Extract<GuardDef, { kind: 'volume-band' }>;

/** One row per day: its plays and, once it has enough trailing days, the band the volume guard judges it by. */
export interface DayVolume {
  day: string;
  plays: number;
  median: number | null;
  low: number | null;
  high: number | null;
  /** 'low' / 'high': outside the band; 'ok': inside; '' when not judged (too little history). */
  verdict: 'ok' | 'low' | 'high' | '';
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function dayVolumes(daily: DailyPlays, guard: BandGuard = guardOf('volume-band')): DayVolume[] {
  return Object.keys(daily)
    .sort()
    .map((day) => {
      const plays = daily[day];
      const band = volumeBand(daily, day, guard);
      if (!band) return { day, plays, median: null, low: null, high: null, verdict: '' as const };
      const verdict = plays < band.low ? 'low' : plays > band.high ? 'high' : 'ok';
      return { day, plays, median: round1(band.median), low: round1(band.low), high: round1(band.high), verdict };
    });
}

/** A fixed width for a static image (the notebooks' PNGs need one); the report's charts fill their page. */
export interface ChartSize {
  width?: number;
}

/** Plays per day as bars (outside the band in red), the band shaded around the trailing median. */
export function playsPerDayChart(daily: DailyPlays, size: ChartSize = {}, guard: BandGuard = guardOf('volume-band')): Figure {
  const rows = dayVolumes(daily, guard);
  const judged = rows.filter((r) => r.verdict !== '');
  const line = { color: '#f28e2b', width: 1, dash: 'dot', shape: 'hvh' };
  // The band shaded behind the bars, one step per judged day (shapes on the `below` layer: a filled trace would
  // cover the bars); its edges as dotted lines, for the legend and the hover labels.
  const halfDay = 12 * 3_600_000;
  const at = (day: string, offset: number) => new Date(Date.parse(`${day}T00:00:00Z`) + offset).toISOString().replace('T', ' ').slice(0, 16);
  const shapes = judged.map((r) => ({
    type: 'rect',
    layer: 'below',
    xref: 'x',
    yref: 'y',
    x0: at(r.day, -halfDay),
    x1: at(r.day, halfDay),
    y0: r.low,
    y1: r.high,
    fillcolor: 'rgba(242,142,43,0.15)',
    line: { width: 0 },
  }));
  return {
    data: [
      {
        type: 'bar',
        name: 'plays',
        x: rows.map((r) => r.day),
        y: rows.map((r) => r.plays),
        marker: { color: rows.map((r) => (r.verdict === 'low' || r.verdict === 'high' ? '#e45756' : '#4c78a8')) },
        hovertemplate: 'day: %{x}<br>plays: %{y}<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: `median of up to ${guard.trailingDays} trailing days`,
        x: judged.map((r) => r.day),
        y: judged.map((r) => r.median),
        line: { color: '#f28e2b', dash: 'dash', width: 2, shape: 'hvh' },
        hovertemplate: 'day: %{x}<br>trailing median: %{y}<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: `band: ${guard.low}× to ${guard.high}× the median`,
        legendgroup: 'band',
        x: judged.map((r) => r.day),
        y: judged.map((r) => r.high),
        line,
        hovertemplate: 'day: %{x}<br>band high: %{y}<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'band low',
        legendgroup: 'band',
        showlegend: false,
        x: judged.map((r) => r.day),
        y: judged.map((r) => r.low),
        line,
        hovertemplate: 'day: %{x}<br>band low: %{y}<extra></extra>',
      },
    ],
    layout: baseLayout('Plays per day (UTC) and the volume guard’s band', {
      ...size,
      height: 400,
      margin: { l: 60, r: 20, t: 50, b: 110 },
      xaxis: { title: { text: 'day (UTC)' }, type: 'date', tickformat: '%b %d' },
      yaxis: { title: { text: 'plays' }, rangemode: 'tozero' },
      legend: { orientation: 'h', x: 0, y: -0.3, yanchor: 'top' },
      bargap: 0.15,
      shapes,
    }),
  };
}

/** Per run (oldest first): the plays it loaded, and the records it quarantined on a second axis. */
export function runVolumeChart(manifests: RunManifest[], size: ChartSize = {}): Figure {
  const labels = manifests.map((m, i) => `${i + 1} ${m.mode === 'incremental' ? 'incr.' : 'full'}`);
  const hover = manifests.map((m) => `${m.runId} (${m.mode ?? 'full'}, ${m.engine})`);
  return {
    data: [
      {
        type: 'bar',
        name: 'plays loaded (NextSong events)',
        x: labels,
        y: manifests.map((m) => m.nextSongEvents?.loaded ?? 0),
        hovertext: hover,
        offsetgroup: 'plays',
        marker: { color: '#4c78a8' },
        hovertemplate: '%{hovertext}<br>plays loaded: %{y}<extra></extra>',
      },
      {
        type: 'bar',
        name: 'records quarantined',
        x: labels,
        y: manifests.map((m) => m.quarantined),
        hovertext: hover,
        yaxis: 'y2',
        offsetgroup: 'quarantined',
        marker: { color: '#e45756' },
        hovertemplate: '%{hovertext}<br>records quarantined: %{y}<extra></extra>',
      },
    ],
    layout: baseLayout('Plays loaded and records quarantined per run', {
      ...size,
      height: 400,
      margin: { l: 60, r: 70, t: 50, b: 110 },
      barmode: 'group',
      xaxis: { title: { text: 'run (oldest first)' }, type: 'category' },
      yaxis: { title: { text: 'plays' }, rangemode: 'tozero' },
      yaxis2: { title: { text: 'quarantined records' }, overlaying: 'y', side: 'right', rangemode: 'tozero', showgrid: false, ...(manifests.every((m) => m.quarantined === 0) ? { range: [0, 1], dtick: 1 } : {}) },
      legend: { orientation: 'h', x: 0, y: -0.3, yanchor: 'top' },
    }),
  };
}
