/**
 * The guards that keep a run from publishing a lake worse than the one it replaces, declared as data like the checks
 * (anchors: dbt source freshness, Great Expectations and Soda volume monitors). The gate evaluates them before any
 * commit against the lake's current tables (their Delta statistics, no table is read) and the run's own counts. A
 * blocking guard stops the run unless its override flag is given; the manifest records every override used.
 */
export type GuardDef = (
  /** A run whose sources hold no loadable record never replaces a table that has rows. */
  | { kind: 'no-records' }
  /** A full run may not shrink a table by more than `maxDrop` (a share of its rows) against its current version. */
  | { kind: 'shrink'; maxDrop: number }
  /** No source may have more than `maxShare` of its records quarantined. */
  | { kind: 'quarantine-share'; maxShare: number }
  /**
   * The run adds plays newer than the lake's: its newest play is not older than the lake's, falls on a day the lake
   * does not hold yet (incremental: a day it appended), and is not more than `maxAheadDays` after the run's clock.
   */
  | { kind: 'freshness'; maxAheadDays: number }
  /**
   * Each day a run adds has plays within [low × median, high × median] of the up to `trailingDays` days before it
   * that hold plays (judged once at least `minTrailingDays` of them do). A full run judges every day of its table, an
   * incremental run the days it appended.
   */
  | { kind: 'volume-band'; trailingDays: number; minTrailingDays: number; low: number; high: number }
) & {
  severity: 'error' | 'warn';
  /** The `sparkify etl` flag that lets a run through this guard (recorded in the run manifest). */
  override: string;
  /** Why the threshold is what it is. */
  doc: string;
};

export const GUARDS: GuardDef[] = [
  {
    kind: 'no-records',
    severity: 'error',
    override: 'allow-empty',
    doc: 'an empty delivery (folders present, files missing or all bad) is not a day with no plays: it would wipe the lake',
  },
  {
    kind: 'shrink',
    maxDrop: 0.5,
    severity: 'error',
    override: 'allow-shrink',
    doc:
      'a full run rebuilds every table from all the input, so its tables only grow day by day; losing over half the rows ' +
      'means input went missing (a partial copy, a wrong prefix), not that the business shrank',
  },
  {
    kind: 'quarantine-share',
    maxShare: 0.1,
    severity: 'error',
    override: 'allow-quarantine',
    doc:
      'the real sample and the generated data quarantine no record; a few bad lines a day are the quarantine\'s job, ' +
      "but past a tenth of a source the feed's format changed, and the tables would silently lose that share",
  },
  {
    kind: 'freshness',
    maxAheadDays: 1,
    severity: 'warn',
    override: 'allow-stale',
    doc:
      'a delivery whose newest event is older than what the lake holds, or that adds no day the lake lacks, is late, ' +
      'repeated or misdirected; one whose newest event is over a day after the run started has a broken clock or time ' +
      'zone: worth seeing, not blocking',
  },
  {
    kind: 'volume-band',
    trailingDays: 28,
    minTrailingDays: 7,
    low: 0.2,
    high: 4,
    severity: 'warn',
    override: 'allow-volume',
    doc:
      "against the median of the up to 28 days before it, each day of the real sample (November 2018) has 0.24 to " +
      '3.0 times its plays (lowest its Thanksgiving Sunday, highest mid-month: the sample grows through the month), ' +
      'and each day of generated data 0.39 to 1.35 times (weekends dip); [0.2, 4] leaves both quiet, while a day at a ' +
      "tenth of its usual volume (a lost file, a half-delivered day) or a replayed feed warns. Seven days at least, so a " +
      "week's rhythm is in the median",
  },
];

/** The guard of a kind (each kind is declared once). */
export function guardOf<K extends GuardDef['kind']>(kind: K): Extract<GuardDef, { kind: K }> {
  const guard = GUARDS.find((g) => g.kind === kind);
  if (!guard) throw new Error(`no guard of kind ${kind} in src/catalog/guards.ts`);
  return guard as Extract<GuardDef, { kind: K }>;
}
