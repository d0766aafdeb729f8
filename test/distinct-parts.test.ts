import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { DistinctParts } from '../src/engines/local/distinct-parts';

describe('DistinctParts', () => {
  it('holds the rows of many buckets each once, made distinct as they pile up', () => {
    const parts = new DistinctParts();
    // 12 buckets of 50,000 start times from a pool of 120,000: the held rows pass 200,000, so they are made distinct midway.
    for (let b = 0; b < 12; b++) {
      const start = (b * 37_000) % 120_000;
      parts.add(pl.DataFrame({ start_time: Array.from({ length: 50_000 }, (_, i) => (start + i) % 120_000) }));
    }
    const all = parts.all().sort('start_time');
    expect(all.height).toBe(120_000);
    expect(all.getColumn('start_time').toArray()).toEqual(Array.from({ length: 120_000 }, (_, i) => i));
  });

  it('hands one bucket\'s frame back as it is', () => {
    const parts = new DistinctParts();
    const frame = pl.DataFrame({ start_time: [3, 1, 2] });
    parts.add(frame);
    expect(parts.all()).toBe(frame);
  });
});
