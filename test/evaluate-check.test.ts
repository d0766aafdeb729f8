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
});
