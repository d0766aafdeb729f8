import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEtl } from '../src/run/etl';
import { generate } from '../src/generator/generate';
import { TABLES } from '../src/catalog/tables';
import { readTable } from '../src/table-format/read-table';
import type { Progress } from '../src/progress';
import { tempDir } from './helpers';

/** Runs the ETL with SPARKIFY_EVENT_BUCKETS set (the local engine's buckets of users), returning its log too. */
async function etlWithBuckets(input: string, buckets: number | undefined) {
  const output = tempDir();
  const log: string[] = [];
  const progress: Progress = { log: (line) => void log.push(line), tick: () => {} };
  const before = process.env.SPARKIFY_EVENT_BUCKETS;
  if (buckets === undefined) delete process.env.SPARKIFY_EVENT_BUCKETS;
  else process.env.SPARKIFY_EVENT_BUCKETS = String(buckets);
  try {
    return { output, log, summary: await runEtl({ input, output, progress }) };
  } finally {
    if (before === undefined) delete process.env.SPARKIFY_EVENT_BUCKETS;
    else process.env.SPARKIFY_EVENT_BUCKETS = before;
  }
}

describe('the local engine in buckets of users', () => {
  it('writes the same tables, counts and quarantine as in one piece, duplicates and bad records included', async () => {
    const input = tempDir('sparkify-buckets-');
    await generate({ out: input, songs: 600, events: 30000, seed: 5 });
    const logs = path.join(input, 'log_data');
    const day = fs.readdirSync(path.join(logs, '2018', '11')).sort()[3];
    // A re-sent file (every event of a day delivered twice, later in input order) and a file with bad records.
    fs.copyFileSync(path.join(logs, '2018', '11', day), path.join(logs, 'zz-resent.json'));
    const good = fs.readFileSync(path.join(logs, '2018', '11', day), 'utf8').split('\n')[0];
    fs.writeFileSync(path.join(logs, 'zz-bad.json'), [good, '{"userId": 7', JSON.stringify({ ...JSON.parse(good), sessionId: 'x' })].join('\n'));

    const whole = await etlWithBuckets(input, 1);
    const bucketed = await etlWithBuckets(input, 3);
    expect(bucketed.log.some((line) => line.includes('modelled in 3 buckets of users'))).toBe(true);
    expect(whole.log.some((line) => line.includes('buckets of users'))).toBe(false);

    expect(bucketed.summary.quarantined).toBe(2);
    expect(bucketed.summary.quarantined).toBe(whole.summary.quarantined);
    expect(bucketed.summary.nextSongEvents).toEqual(whole.summary.nextSongEvents);
    // The re-sent day counts once: fewer distinct plays than loaded ones.
    expect(whole.summary.nextSongEvents!.distinct).toBeLessThan(whole.summary.nextSongEvents!.loaded);
    for (const table of TABLES) {
      const columns = table.columns.map((c) => c.name);
      const a = (await readTable(whole.output, table.name)).sort(columns);
      const b = (await readTable(bucketed.output, table.name)).sort(columns);
      expect(b.height, table.name).toBe(a.height);
      expect(b.frameEqual(a, true), table.name).toBe(true);
    }
    const written = (s: typeof whole.summary) => s.tables.map((t) => [t.table, t.rows, t.partitions]);
    expect(written(bucketed.summary)).toEqual(written(whole.summary));
  }, 120_000);
});
