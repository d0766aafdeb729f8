import { spawn } from 'node:child_process';
import type { Progress } from '../../progress';
import type { SubmitCommand } from './submit-command';

/** Lines the step runner prints to say where it is (see step_runner.py). */
const PROGRESS_PREFIX = 'PROGRESS ';
const STDERR_TAIL = 200;

/**
 * Runs spark-submit, showing the runner's progress lines as they come. On failure the error names the
 * exception Spark or the runner raised (the JVM's log is long; its tail is kept for that).
 */
export function runSparkSubmit(command: SubmitCommand, progress: Progress): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.command, command.args, {
      env: { ...process.env, ...command.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const lines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const parts = (pending + chunk).split('\n');
        pending = parts.pop() ?? '';
        parts.forEach(onLine);
      });
      stream.on('end', () => pending && onLine(pending));
    };
    lines(child.stdout!, (line) => {
      if (line.startsWith(PROGRESS_PREFIX)) progress.log(`spark: ${line.slice(PROGRESS_PREFIX.length)}`);
    });
    lines(child.stderr!, (line) => {
      tail.push(line);
      if (tail.length > STDERR_TAIL) tail.shift();
    });
    child.on('error', (err) => reject(new Error(`cannot start ${command.command}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new SparkSubmitError(`spark-submit failed (${signal ?? `exit ${code}`}): ${failureLine(tail)}`, tail));
    });
  });
}

/** A failed spark-submit, with the end of its stderr (the message keeps only the most telling line). */
export class SparkSubmitError extends Error {
  constructor(
    message: string,
    readonly stderrTail: string[],
  ) {
    super(message);
  }
}

/** The most telling line of Spark's stderr: the last exception the runner or the JVM raised. */
export function failureLine(stderr: string[]): string {
  const exception = [...stderr].reverse().find((l) => /^\S*(Error|Exception)\b.*:/.test(l.trim()));
  return (exception ?? stderr.filter((l) => l.trim() !== '').pop() ?? 'no output').trim();
}
