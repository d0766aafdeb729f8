import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Progress } from '../../progress';
import type { SubmitCommand } from './submit-command';

/** Lines the step runner prints to say where it is (see step_runner.py). */
const PROGRESS_PREFIX = 'PROGRESS ';
/** Lines kept of each stream: a Py4J traceback with its Java stack is a few hundred. */
const TAIL = 400;
/** The longest piece of an exception's text the one-line message carries (task input splits can be pages long). */
const MAX_PART = 300;

/**
 * Runs spark-submit, showing the runner's progress lines as they come. On failure the error names the root cause
 * (failureLine) and a file with the end of both of spark-submit's streams. Both matter: the JVM logs on stderr,
 * while spark-submit hands the Python driver's stderr to its own stdout, so the runner's traceback — the Py4J
 * error carrying the executor's exception — arrives on stdout.
 */
export function runSparkSubmit(command: SubmitCommand, progress: Progress): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...command.env };
    const child = spawn(command.command, command.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdoutTail: string[] = [];
    const stderrTail: string[] = [];
    const keep = (tail: string[], line: string) => {
      tail.push(line);
      if (tail.length > TAIL) tail.shift();
    };
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
      else keep(stdoutTail, line);
    });
    lines(child.stderr!, (line) => keep(stderrTail, line));
    child.on('error', (err) => reject(new Error(`cannot start ${command.command}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const log = writeFailureLog(command, stdoutTail, stderrTail, env);
      const where = log ? `; spark-submit's output: ${log}` : '';
      reject(new SparkSubmitError(`spark-submit failed (${signal ?? `exit ${code}`}): ${failureLine(stderrTail, stdoutTail)}${where}`, stderrTail, stdoutTail, log));
    });
  });
}

/** A failed spark-submit, with the end of its streams (the message keeps only the most telling line). */
export class SparkSubmitError extends Error {
  constructor(
    message: string,
    readonly stderrTail: string[],
    readonly stdoutTail: string[] = [],
    /** The file holding both tails, named in the message; null when it could not be written. */
    readonly logFile: string | null = null,
  ) {
    super(message);
  }
}

/**
 * The end of both streams in a file under the temp folder, for the message to name. The command line is in it (it
 * holds no credentials: s3aConf never puts any there); any secret of the environment found in the output is masked
 * all the same.
 */
function writeFailureLog(command: SubmitCommand, stdout: string[], stderr: string[], env: NodeJS.ProcessEnv): string | null {
  const secrets = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'].map((k) => env[k]).filter((v): v is string => !!v && v.length >= 4);
  const mask = (text: string) => secrets.reduce((t, s) => t.split(s).join('****'), text);
  const file = path.join(os.tmpdir(), `sparkify-spark-submit-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
  const text = [
    `$ ${[command.command, ...command.args].join(' ')}`,
    `--- stdout (last ${stdout.length} lines besides progress)`,
    ...stdout,
    `--- stderr (last ${stderr.length} lines)`,
    ...stderr,
    '',
  ].join('\n');
  try {
    fs.writeFileSync(file, mask(text));
    return file;
  } catch {
    return null;
  }
}

const clip = (text: string): string => (text.length > MAX_PART ? `${text.slice(0, MAX_PART)}…` : text);

/** A task that failed on an executor, as Spark reports it: `Lost task 0.3 in stage 0.0 (TID 3) (host executor 1): <exception>`. */
const LOST_TASK = /Lost task (\S+) in stage (\S+) \(TID \d+\) \(([^()]*)\): (.+)$/;
/** How often the task failed before Spark gave up: `Task 0 in stage 0.0 failed 4 times`. */
const TASK_FAILED = /\b(Task \S+ in stage \S+ failed \d+ times?)\b/;
/** A Python exception line, the last of a traceback: `module.Name(Error|Exception…): message`, at the start of a line. */
const PYTHON_EXCEPTION = /^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b.*$/;
const CAUSED_BY = /^Caused by: (.+)$/;

/**
 * The last `Caused by:` of the Java stack trace that starts at `lines[from]`: its root cause. The trace runs while
 * lines are stack frames (indented), causes, `Driver stacktrace:` or blank.
 */
function rootCauseOf(lines: string[], from: number): string | null {
  let root: string | null = null;
  for (let i = from + 1; i < lines.length; i++) {
    const line = lines[i];
    const cause = CAUSED_BY.exec(line.trim());
    if (cause) root = cause[1];
    else if (!(line.trim() === '' || /^\s/.test(line) || /^(Driver stacktrace:|Suppressed:)/.test(line.trim()))) break;
  }
  return root;
}

/**
 * A task's exception when it is Python's (`PythonException: Traceback …` followed by the traceback): the
 * traceback's last line, the Python error itself.
 */
function pythonErrorOf(lines: string[], from: number): string | null {
  let error: string | null = null;
  for (let i = from + 1; i < lines.length && !/^\s+at /.test(lines[i]); i++) if (PYTHON_EXCEPTION.test(lines[i])) error = lines[i].trim();
  return error;
}

/**
 * The most telling line of a failed spark-submit, from the end of its stderr and stdout:
 * 1. a task that failed on an executor: the executor's exception, or its root cause (its last `Caused by:`; the
 *    Python error for a Python task), with where it ran and how often it failed — what the Py4J traceback on stdout
 *    says after "most recent failure", or else the last `Lost task` warning on stderr;
 * 2. else the last Python exception of the runner's traceback, and for a Py4J error the Java exception and root
 *    cause beneath it;
 * 3. else the last exception line of stderr, else the last line of output.
 */
export function failureLine(stderr: string[], stdout: string[] = []): string {
  for (const stream of [stdout, stderr]) {
    const at = findLast(stream, (l) => LOST_TASK.test(l));
    if (at < 0) continue;
    const [, task, stage, where, exception] = LOST_TASK.exec(stream[at])!;
    const cause = /PythonException\b/.test(exception) ? pythonErrorOf(stream, at) : rootCauseOf(stream, at);
    const failed = [...stdout, ...stderr].map((l) => TASK_FAILED.exec(l)?.[1]).find(Boolean);
    return `${clip(cause ?? exception.trim())} (task ${task} in stage ${stage} on ${where}${failed ? `; ${failed}` : ''})`;
  }
  const python = findLast(stdout, (l) => PYTHON_EXCEPTION.test(l));
  if (python >= 0) {
    const next = stdout[python + 1] ?? '';
    // Py4J puts the Java exception on the next line, after ": ".
    if (!next.startsWith(': ')) return clip(stdout[python].trim());
    const java = next.slice(2).trim();
    const root = rootCauseOf(stdout, python + 1);
    return root && root !== java ? `${clip(java)}; caused by ${clip(root)}` : clip(java);
  }
  const exception = [...stderr].reverse().find((l) => /^\S*(Error|Exception)\b.*:/.test(l.trim()));
  return clip((exception ?? [...stderr, ...stdout].filter((l) => l.trim() !== '').pop() ?? 'no output').trim());
}

function findLast(lines: string[], test: (line: string) => boolean): number {
  for (let i = lines.length - 1; i >= 0; i--) if (test(lines[i])) return i;
  return -1;
}
