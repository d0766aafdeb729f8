import { describe, expect, it } from 'vitest';
import { retryOnceIfTransient } from '../src/engines/spark/spark-engine';
import { SparkSubmitError } from '../src/engines/spark/run-submit';

// The retry decision only: the failure it is for (pyspark's 15 s accept window missed on a loaded machine)
// cannot be produced on demand.
const acceptTimedOut = () =>
  new SparkSubmitError('spark-submit failed (exit 1): py4j.protocol.Py4JJavaError: …', ['…', 'Caused by: java.net.SocketTimeoutException: Accept timed out', '…']);

function attempts(...failures: Array<Error | null>) {
  const calls: number[] = [];
  const run = async () => {
    calls.push(calls.length + 1);
    const failure = failures[calls.length - 1];
    if (failure) throw failure;
  };
  return { run, calls };
}

describe('retryOnceIfTransient', () => {
  const logged: string[] = [];
  const progress = { log: (m: string) => logged.push(m) };

  it('runs the step once more after an accept timeout, and says so', async () => {
    const { run, calls } = attempts(acceptTimedOut(), null);
    await retryOnceIfTransient(run, progress);
    expect(calls).toEqual([1, 2]);
    expect(logged.at(-1)).toMatch(/known transient failure of a loaded machine, running the step once more$/);
  });

  it('only once: a second accept timeout is the error', async () => {
    const second = acceptTimedOut();
    const { run, calls } = attempts(acceptTimedOut(), second);
    await expect(retryOnceIfTransient(run, progress)).rejects.toBe(second);
    expect(calls).toEqual([1, 2]);
  });

  it('any other failure is final', async () => {
    const other = new SparkSubmitError('spark-submit failed (exit 1): AnalysisException: …', ['pyspark.errors.exceptions.captured.AnalysisException: …']);
    const { run, calls } = attempts(other);
    await expect(retryOnceIfTransient(run, progress)).rejects.toBe(other);
    expect(calls).toEqual([1]);
    const plain = attempts(new Error('cannot start spark-submit: ENOENT'));
    await expect(retryOnceIfTransient(plain.run, progress)).rejects.toThrow('ENOENT');
    expect(plain.calls).toEqual([1]);
  });
});
