import { TABLES } from '../catalog/tables';
import { freeVsPaidChart, playsByHourChart, playsByWeekdayChart, topArtistsChart, topSongsChart } from '../charts/analytics-charts';
import type { Figure } from '../charts/figure';
import { filesPerTableChart, largestPartitionsChart, rowsPerPartitionChart } from '../charts/skew-charts';
import type { CheckResult } from '../quality/check-result';
import { analyzeSkew } from '../lake/lake-skew';
import { openPublishedLake } from '../lake/published-lake';
import { quarantineSummary, type QuarantineSummary } from '../lake/quarantine-summary';
import { reconciliationCounts, type RunManifest } from '../lake-log/run-manifest';
import { runChecks } from '../quality/run-checks';
import type { TableSkew } from '../layout/skew';
import { readTables } from '../table-format/read-table';
import { dayVolumes, playsPerDayChart, runVolumeChart, type DayVolume } from '../charts/volume-charts';
import { dailyPlaysOf } from '../lake-log/play-days';
import { listRunManifests, readRunManifest } from '../lake-log/read-manifest';
import { asLake, type Lake } from '../table-format/open-lake';

/** Everything the report shows, gathered from one written lake. */
export interface ReportData {
  output: string;
  generatedAt: string;
  manifest: RunManifest | null;
  rowCounts: Record<string, number>;
  checks: CheckResult[];
  quarantine: QuarantineSummary;
  skew: TableSkew[];
  /** Charts by id, in display order, grouped by section. */
  skewCharts: { id: string; figure: Figure }[];
  analyticsCharts: { id: string; figure: Figure }[];
  /** Plays per day against the volume guard's band (from the latest manifest, else counted from songplays), and
   *  the kept runs' manifests, oldest first. */
  volume: { days: DayVolume[]; from: 'manifest' | 'table'; runs: RunManifest[] };
  volumeCharts: { id: string; figure: Figure }[];
}

/** The lake's kept run manifests in commit order, oldest first (what the per-run chart shows). */
export async function runManifests(lake: Lake | string): Promise<RunManifest[]> {
  const { storage } = asLake(lake);
  const manifests: RunManifest[] = [];
  for (const runId of await listRunManifests(storage)) {
    const manifest = await readRunManifest(storage, runId);
    if (manifest?.versions) manifests.push(manifest);
  }
  return manifests.sort((a, b) => (a.seq ?? -1) - (b.seq ?? -1) || (a.runId < b.runId ? -1 : 1));
}

export async function collectReportData(output: Lake | string): Promise<ReportData> {
  const opened = asLake(output);
  const lake = await openPublishedLake(opened);
  const manifest = lake.manifest;
  const frames = await readTables(lake.format, lake.tables);
  const skew = await analyzeSkew(lake);
  const { songplays, time, songs, artists } = frames;
  const daily = manifest?.dailyPlays ?? dailyPlaysOf(songplays);
  const runs = await runManifests(opened);
  return {
    output: opened.location,
    generatedAt: new Date().toISOString(),
    manifest,
    rowCounts: Object.fromEntries(TABLES.map((t) => [t.name, frames[t.name].height])),
    checks: await runChecks(frames, reconciliationCounts(manifest)),
    quarantine: await quarantineSummary(opened),
    skew,
    skewCharts: [
      { id: 'chart-files-per-table', figure: filesPerTableChart(skew) },
      { id: 'chart-rows-per-partition', figure: rowsPerPartitionChart(skew) },
      ...skew
        .filter((t) => t.partitionBy.length > 0)
        .map((t) => ({ id: `chart-largest-${t.table}`, figure: largestPartitionsChart(t) })),
    ],
    analyticsCharts: [
      { id: 'chart-plays-by-hour', figure: playsByHourChart(songplays, time) },
      { id: 'chart-plays-by-weekday', figure: playsByWeekdayChart(songplays, time) },
      { id: 'chart-free-vs-paid', figure: freeVsPaidChart(songplays) },
      { id: 'chart-top-songs', figure: topSongsChart(songplays, songs) },
      { id: 'chart-top-artists', figure: topArtistsChart(songplays, artists) },
    ],
    volume: { days: dayVolumes(daily), from: manifest?.dailyPlays ? 'manifest' : 'table', runs },
    volumeCharts: [
      { id: 'chart-plays-per-day', figure: playsPerDayChart(daily) },
      { id: 'chart-plays-per-run', figure: runVolumeChart(runs) },
    ],
  };
}
