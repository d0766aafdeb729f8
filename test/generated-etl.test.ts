import { describe, expect, it } from 'vitest';
import pl from 'nodejs-polars';
import { runEtl } from '../src/run/etl';
import { generate } from '../src/generator/generate';
import { readTable } from '../src/table-format/read-table';
import { sampleEvents, tempDir } from './helpers';

describe('generated data through the ETL', () => {
  it('loads without quarantine, with a plausible song match rate and users who change level', async () => {
    const input = tempDir('sparkify-gen-');
    await generate({ out: input, songs: 800, events: 40000, seed: 11, matchRate: 0.3 });
    const output = tempDir();
    const summary = await runEtl({ input, output });
    expect(summary.quarantined).toBe(0);

    const plays = await readTable(output, 'songplays');
    const matched = plays.filter(pl.col('song_id').isNotNull()).height / plays.height;
    expect(matched).toBeGreaterThan(0.25);
    expect(matched).toBeLessThan(0.35);

    // Users whose level changed: count from the raw events, then check the users table took the latest one.
    const events = sampleEvents(input).filter((e) => e.userId !== '');
    const levels = new Map<string, Set<string>>();
    for (const e of events) levels.set(e.userId, (levels.get(e.userId) ?? new Set()).add(e.level));
    const changed = [...levels.values()].filter((l) => l.size > 1).length / levels.size;
    expect(changed).toBeGreaterThan(0.01);
    expect(changed).toBeLessThan(0.25);
    expect((await readTable(output, 'users')).height).toBe(levels.size);
  }, 60_000);
});
