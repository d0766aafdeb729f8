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
