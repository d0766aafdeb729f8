import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

export const REPO = path.resolve(__dirname, '..');
/** The real Sparkify sample, committed under data/sample. */
export const SAMPLE = path.join(REPO, 'data', 'sample');
/**
 * Limit for a test that starts spark-submit: a JVM start plus a run is 1-2 min on an idle 2-core machine and
 * several times that under load. This only guards against a hang; Spark's speed is measured in bench/.
 */
export const SPARK_TEST_TIMEOUT_MS = 600_000;

export function tempDir(prefix = 'sparkify-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Every file under dir, recursively, relative and sorted. */
export function walkFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory() || (e.isSymbolicLink() && fs.statSync(full).isDirectory())) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

export type Json = Record<string, any>;

/** The sample's log events, parsed directly (independently of the kit's reader). */
export function sampleEvents(root = SAMPLE): Json[] {
  return walkFiles(path.join(root, 'log_data'))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) =>
      fs
        .readFileSync(path.join(root, 'log_data', f), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l)),
    );
}

export function sampleSongs(root = SAMPLE): Json[] {
  return walkFiles(path.join(root, 'song_data'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(root, 'song_data', f), 'utf8')));
}

/** Runs the built CLI (npm test builds dist/ first). */
export function cli(args: string[], options: { env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, [path.join(REPO, 'bin', 'sparkify.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes files given as relative path → content under a new temp folder. */
/**
 * The CLI in a child process without blocking this one: what a test needs when a server it started in this process
 * (moto) must keep answering, and draining its log, while the CLI runs.
 */
export function cliAsync(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'sparkify.js'), ...args], { env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function writeTree(files: Record<string, string | Buffer>, root = tempDir('sparkify-input-')): string {
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

/** Rows of a frame as plain objects, sorted by their JSON text, for order-independent comparison. */
export function sortedRows(frame: { toRecords(): Json[] }): Json[] {
  return frame
    .toRecords()
    .map((r) => JSON.parse(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** The data files of a table's latest Delta version, relative to the table root (`<runId>/year=…/…parquet`), sorted. */
export async function activeFiles(output: string, table: string): Promise<string[]> {
  const { DeltaFormat } = await import('../src/table-format/delta/delta-format');
  return (await new DeltaFormat(output).listFiles({ table, location: path.join(output, table) })).map((f) => f.path);
}

/** A run's quarantine file in a folder lake, `_quarantine/<runId>/part-00000.jsonl`. */
export function quarantineFile(output: string, runId: string): string {
  return path.join(output, '_quarantine', runId, 'part-00000.jsonl');
}

/**
 * A run's quarantine in a folder lake as written, whichever engine wrote it: every `part-*` file of
 * `_quarantine/<runId>/` in name order (the local engine writes `part-00000.jsonl`, Spark one file per task).
 */
export function quarantineText(output: string, runId: string): string {
  const dir = path.join(output, '_quarantine', runId);
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith('part-'))
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name), 'utf8'))
    .join('');
}
