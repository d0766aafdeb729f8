import { describe, expect, it } from 'vitest';
import { OrderedLimiter } from '../src/pool';

describe('OrderedLimiter', () => {
  it('runs at most `limit` tasks at once, the lowest waiting index first, and hands back each result or error', async () => {
    const limiter = new OrderedLimiter(2);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const finish = new Map<number, () => void>();
    const task = (index: number) => () => {
      started.push(index);
      most = Math.max(most, ++running);
      return new Promise<number>((resolve, reject) => {
        finish.set(index, () => {
          running--;
          if (index === 4) reject(new Error('task 4 failed'));
          else resolve(index * 10);
        });
      });
    };
    // Handed over out of order, as concurrent fetches finish.
    const results = [5, 0, 3, 4, 1, 2].map((i) => [i, limiter.run(i, task(i)).then((value) => ({ value }), (error: Error) => ({ error: error.message }))] as const);
    expect(started).toEqual([5, 0]);
    for (const next of [0, 5, 1, 2, 3, 4]) {
      finish.get(next)!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    // 5 and 0 started at once; then, as slots freed, 1 and 2 (the lowest waiting), then 3, then 4.
    expect(started).toEqual([5, 0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    for (const [i, result] of results) expect(await result).toEqual(i === 4 ? { error: 'task 4 failed' } : { value: i * 10 });
  });
});
