/** Progress lines on stderr (stdout stays for results), throttled so long runs stay readable. */
export interface Progress {
  log(message: string): void;
  /** A counter: printed at most every `intervalMs`, and always when done === total. */
  tick(label: string, done: number, total: number, detail?: string): void;
}

export function consoleProgress(stream: NodeJS.WritableStream = process.stderr, intervalMs = 1000): Progress {
  const started = Date.now();
  const lastTick = new Map<string, number>();
  const stamp = () => `[${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s]`;
  return {
    log(message) {
      stream.write(`${stamp()} ${message}\n`);
    },
    tick(label, done, total, detail) {
      const now = Date.now();
      if (done !== total && now - (lastTick.get(label) ?? 0) < intervalMs) return;
      lastTick.set(label, now);
      stream.write(`${stamp()} ${label}: ${done}/${total}${detail ? ` ${detail}` : ''}\n`);
    },
  };
}

export const silentProgress: Progress = { log() {}, tick() {} };
