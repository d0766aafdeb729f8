import pl from 'nodejs-polars';
import { TABLES } from '../src/catalog/tables';
import { readTable } from '../src/table-format/read-table';
import { spawn } from 'node:child_process';
import { VENV_PYTHON } from './delta-fixtures';

/** One row as text, the same way in JS and Python: timestamps as epoch ms, whole doubles without ".0", null as "null". */
function rowText(values: unknown[]): string {
  return values
    .map((v) => (v === null || v === undefined ? 'null' : v instanceof Date ? String(v.getTime()) : String(v)))
    .join('|');
}

/** Every table of a lake as the kit reads it: sorted row texts, by table. */
export async function kitRows(lake: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    // 64-bit ids as text: JS numbers would round them.
    const ids = table.columns.filter((c) => c.type === 'bigint').map((c) => pl.col(c.name).cast(pl.Utf8));
    const frame = (await readTable(lake, table.name)).withColumns(...ids);
    out[table.name] = frame.rows().map((r) => rowText(r as unknown[])).sort();
  }
  return out;
}

const DELTA_RS_ROWS = `
import json, os, sys, datetime
from deltalake import DeltaTable
lake, tables = sys.argv[1], json.loads(sys.argv[2])
options = None
if lake.startswith('s3://'):
    options = {'AWS_ENDPOINT_URL': os.environ['AWS_ENDPOINT_URL'], 'AWS_ALLOW_HTTP': 'true', 'AWS_REGION': os.environ.get('AWS_REGION', 'us-east-1'),
               'AWS_ACCESS_KEY_ID': os.environ['AWS_ACCESS_KEY_ID'], 'AWS_SECRET_ACCESS_KEY': os.environ['AWS_SECRET_ACCESS_KEY'],
               'AWS_S3_ALLOW_UNSAFE_RENAME': 'true'}
def text(v):
    if v is None: return 'null'
    if isinstance(v, datetime.datetime):
        return str((v - datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)) // datetime.timedelta(milliseconds=1))
    if isinstance(v, float): return str(int(v)) if v.is_integer() else repr(v)
    return str(v)
out = {}
for name, columns in tables.items():
    dt = DeltaTable(lake.rstrip('/') + '/' + name, storage_options=options)
    t = dt.to_pyarrow_table(columns=columns)
    out[name] = {'version': dt.version(), 'rows': sorted('|'.join(text(r[c]) for c in columns) for r in t.to_pylist())}
print(json.dumps(out))
`;

/**
 * A Python script from .venv, without blocking this process (the moto server it started must keep answering),
 * parsed from the JSON it prints last.
 */
export function pythonAsync<T = any>(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<T> {
  // Exit without interpreter teardown (deltalake's native threads may abort at exit; see delta-fixtures.ts).
  const exitCleanly = '\nimport os as _os, sys as _sys\n_sys.stdout.flush()\n_os._exit(0)\n';
  return new Promise((resolve, reject) => {
    const child = spawn(VENV_PYTHON, ['-c', script + exitCleanly, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`python exited ${code}: ${stderr}`));
      const lines = stdout.trim().split('\n');
      resolve(JSON.parse(lines[lines.length - 1]) as T);
    });
  });
}

/** Every table of a lake as delta-rs reads it (its latest version), rows as kitRows gives them, and each table's version. */
export function deltaRsRows(lake: string, env: Record<string, string> = {}): Promise<Record<string, { version: number; rows: string[] }>> {
  const columns = Object.fromEntries(TABLES.map((t) => [t.name, t.columns.map((c) => c.name)]));
  return pythonAsync(DELTA_RS_ROWS, [lake, JSON.stringify(columns)], env);
}
