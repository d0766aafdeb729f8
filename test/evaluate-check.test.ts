import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { evaluateCheck } from '../src/quality/evaluate-check';

describe('evaluateCheck', () => {
  it('unique over a key of two columns: rows that share both values fail, rows that share one pass', async () => {
    const sessions = pl.DataFrame({ user_id: [1, 1, 1, 2], session_id: [10, 10, 11, 10] });
    const result = await evaluateCheck('sessions', { kind: 'unique', columns: ['user_id', 'session_id'] }, { sessions }, {});
    expect(result.status).toBe('fail');
    expect(result.failingRows).toBe(2);
    const distinct = pl.DataFrame({ user_id: [1, 1, 2], session_id: [10, 11, 10] });
    const passing = await evaluateCheck('sessions', { kind: 'unique', columns: ['user_id', 'session_id'] }, { sessions: distinct }, {});
    expect(passing.status).toBe('pass');
  });

  it('unique over one column counts what isDuplicated counts (nulls as one value), whatever the order', async () => {
    // Counted by sorting (evaluate-check.ts): the same count as Polars' isDuplicated on random keys with repeats and nulls.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (const [rows, distinct, nulls] of [[1000, 900, 0], [1000, 2000, 1], [1000, 50, 3], [3, 3, 2], [0, 1, 0]]) {
      const ids = Array.from({ length: rows }, (_, i) => (i < nulls ? null : next() % distinct));
      const frame = pl.DataFrame({ id: pl.Series('id', ids, pl.Int64) }).sample({ frac: 1, shuffle: true, seed: 1 });
      const expected = frame.filter(pl.col('id').isDuplicated()).height;
      const result = await evaluateCheck('t', { kind: 'unique', columns: ['id'] }, { t: frame }, {});
      expect([rows, distinct, nulls, result.failingRows]).toEqual([rows, distinct, nulls, expected]);
      expect(result.status).toBe(expected === 0 ? 'pass' : 'fail');
    }
  });
});
