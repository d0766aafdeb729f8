/**
 * Runs `fetch` over items with at most `concurrency` in flight, and hands each result to `consume`
 * in the items' order, so the output does not depend on which fetch finished first.
 */
export async function mapPool<T, R>(
  items: T[],
  concurrency: number,
  fetch: (item: T) => Promise<R>,
  consume: (item: T, result: R) => void,
): Promise<void> {
  const results = new Map<number, R>();
  const waiters: Array<() => void> = [];
  let nextToStart = 0;
  let nextToConsume = 0;
  let failure: unknown = null;

  const drain = () => {
    while (results.has(nextToConsume)) {
      const result = results.get(nextToConsume)!;
      results.delete(nextToConsume);
      consume(items[nextToConsume], result);
      nextToConsume++;
    }
  };

  async function worker(): Promise<void> {
    while (failure === null && nextToStart < items.length) {
      const index = nextToStart++;
      // Bound memory: a slow early item must not let finished results pile up without limit.
      while (index - nextToConsume >= concurrency * 4 && failure === null) await new Promise<void>((r) => waiters.push(r));
      if (failure !== null) break;
      try {
        results.set(index, await fetch(items[index]));
        drain();
      } catch (err) {
        failure ??= err;
      }
      for (const wake of waiters.splice(0)) wake();
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failure !== null) throw failure;
}
