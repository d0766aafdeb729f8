/**
 * Bounded concurrency over promises, the kit's one pool. `runPool` is its worker loop; `mapConcurrent` collects
 * results in the items' order and `mapPool` hands them to a consumer in that order, both on it. `OrderedLimiter`
 * admits tasks handed over one at a time, as they come (no list to loop over), the lowest index first.
 */

/**
 * Runs task(0) … task(count - 1), at most `concurrency` at once, started in index order: `concurrency` workers each
 * take the next index when their task is done. A failure rejects at once; the other workers go on to the end.
 */
export async function runPool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** `fn` over items, at most `concurrency` at once, started in order; the results in the items' order. */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  await runPool(items.length, concurrency, async (i) => {
    out[i] = await fn(items[i]);
  });
  return out;
}

/**
 * Runs `fetch` over items with at most `concurrency` in flight, and hands each result to `consume`
 * one at a time in the items' order, so the output does not depend on which fetch finished first.
 * Fetches run at most `lookahead` items ahead of the consumer, which bounds the memory held.
 * After a failure no fetch starts; the first failure is thrown once the fetches running have ended.
 */
export async function mapPool<T, R>(
  items: T[],
  concurrency: number,
  fetch: (item: T) => Promise<R>,
  consume: (item: T, result: R) => void | Promise<void>,
  lookahead = concurrency * 2,
): Promise<void> {
  const results = new Map<number, R>();
  let nextToConsume = 0;
  let failure: { error: unknown } | null = null;
  let workerWaiters: Array<() => void> = [];
  let consumerWaiter: (() => void) | null = null;

  const wakeWorkers = () => {
    const waiters = workerWaiters;
    workerWaiters = [];
    for (const wake of waiters) wake();
  };
  const wakeConsumer = () => {
    const wake = consumerWaiter;
    consumerWaiter = null;
    wake?.();
  };
  const fail = (error: unknown) => {
    failure ??= { error };
    wakeWorkers();
    wakeConsumer();
  };

  async function fetchOne(index: number): Promise<void> {
    while (failure === null && index - nextToConsume >= lookahead) await new Promise<void>((resolve) => workerWaiters.push(resolve));
    if (failure !== null) return;
    try {
      results.set(index, await fetch(items[index]));
      wakeConsumer();
    } catch (err) {
      fail(err);
    }
  }

  async function consumer(): Promise<void> {
    while (failure === null && nextToConsume < items.length) {
      if (!results.has(nextToConsume)) {
        await new Promise<void>((resolve) => (consumerWaiter = resolve));
        continue;
      }
      const result = results.get(nextToConsume)!;
      results.delete(nextToConsume);
      try {
        await consume(items[nextToConsume], result);
      } catch (err) {
        fail(err);
        return;
      }
      nextToConsume++;
      wakeWorkers();
    }
  }

  await Promise.all([consumer(), runPool(items.length, Math.max(1, concurrency), fetchOne)]);
  if (failure !== null) throw (failure as { error: unknown }).error;
}

/**
 * Runs tasks at most `limit` at a time, the lowest index first among those waiting: tasks handed over out of order
 * (as concurrent fetches finish) still start about in order, and never more than `limit` run at once.
 */
export class OrderedLimiter {
  private running = 0;
  private readonly waiting = new Map<number, () => void>();

  constructor(private readonly limit: number) {}

  run<T>(index: number, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(index, () => {
        this.running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.startWaiting();
          });
      });
      this.startWaiting();
    });
  }

  private startWaiting(): void {
    while (this.running < this.limit && this.waiting.size > 0) {
      const index = Math.min(...this.waiting.keys());
      const start = this.waiting.get(index)!;
      this.waiting.delete(index);
      start();
    }
  }
}
