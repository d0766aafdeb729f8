/**
 * Runs `fetch` over items with at most `concurrency` in flight, and hands each result to `consume`
 * one at a time in the items' order, so the output does not depend on which fetch finished first.
 * Fetches run at most `lookahead` items ahead of the consumer, which bounds the memory held.
 */
export async function mapPool<T, R>(
  items: T[],
  concurrency: number,
  fetch: (item: T) => Promise<R>,
  consume: (item: T, result: R) => void | Promise<void>,
  lookahead = concurrency * 2,
): Promise<void> {
  const results = new Map<number, R>();
  let nextToStart = 0;
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

  async function worker(): Promise<void> {
    while (failure === null && nextToStart < items.length) {
      if (nextToStart - nextToConsume >= lookahead) {
        await new Promise<void>((resolve) => workerWaiters.push(resolve));
        continue;
      }
      const index = nextToStart++;
      try {
        results.set(index, await fetch(items[index]));
        wakeConsumer();
      } catch (err) {
        fail(err);
      }
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

  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker);
  await Promise.all([consumer(), ...workers]);
  if (failure !== null) throw (failure as { error: unknown }).error;
}
