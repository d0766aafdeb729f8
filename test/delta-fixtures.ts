import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { REPO } from './helpers';

export const VENV_PYTHON = path.join(REPO, '.venv', 'bin', 'python');

/** A few songplays rows in two partitions (2018-11, 2018-12), with nulls and a 62-bit id, as the local engine makes them. */
export function songplaysFrame(seed = 0): pl.DataFrame {
  const ts = (iso: string) => new Date(iso);
  return pl.DataFrame({
    songplay_id: [4611686018427387903n - BigInt(seed), 1234567890123n + BigInt(seed), 42n + BigInt(seed)],
    start_time: [ts('2018-11-01T21:01:46.796Z'), ts('2018-11-30T23:59:59.999Z'), ts('2018-12-01T00:00:00.001Z')],
    user_id: [8n, 26n, 97n],
    level: ['free', 'paid', 'paid'],
    song_id: [`SOZCTXZ12AB0182364${seed}`, null, 'SOBONKR12A58A7A7E0'],
    artist_id: ['AR5KOSW1187FB35FF4', null, 'AR4T2IF1187B9ADBB7'],
    session_id: [139n, 583n, 1000n + BigInt(seed)],
    location: ['Phoenix-Mesa-Scottsdale, AZ', 'San Jose-Sunnyvale-Santa Clara, CA', null],
    user_agent: ['Mozilla/5.0 (Windows NT 6.1; WOW64)', 'Mozilla/5.0 (X11; Linux x86_64)', '"Mozilla/5.0"'],
    year: [2018, 2018, 2018],
    month: [11, 11, 12],
  });
}

export function usersFrame(levels: string[] = ['free', 'paid', 'paid']): pl.DataFrame {
  return pl.DataFrame({
    user_id: [8n, 26n, 97n],
    first_name: ['Kaylee', 'Ryan', 'Kate'],
    last_name: ['Summers', 'Smith', null],
    gender: ['F', 'M', 'F'],
    level: levels,
  }).withColumn(pl.Series('latest_event_time', [1541105830796, 1541106106796, 1541107053796], pl.Int64).cast(pl.Datetime('ms', 'UTC')));
}

/** Runs a Python script from .venv (delta-rs, pyarrow) and parses the JSON it prints last. */
export function python<T = any>(script: string, args: string[] = [], env: Record<string, string> = {}): T {
  // Exit without interpreter teardown: deltalake 1.6's native threads sometimes abort the process at exit
  // ("terminate called without an active exception") after the script's work and output are complete.
  const exitCleanly = '\nimport os as _os, sys as _sys\n_sys.stdout.flush()\n_os._exit(0)\n';
  const out = execFileSync(VENV_PYTHON, ['-c', script + exitCleanly, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** delta-rs' view of a table: rows (sorted by the given key, values as JSON-able), schema and version. */
export const READ_WITH_DELTA_RS = `
import json, sys
from deltalake import DeltaTable
path, key = sys.argv[1], sys.argv[2]
version = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] != '' else None
import os
options = None
if path.startswith('s3://'):
    # The local S3 server of the test, from the environment the test gave this process (dummy keys only).
    options = {'AWS_ENDPOINT_URL': os.environ['AWS_ENDPOINT_URL'], 'AWS_ALLOW_HTTP': 'true', 'AWS_REGION': os.environ.get('AWS_REGION', 'us-east-1'),
               'AWS_ACCESS_KEY_ID': os.environ['AWS_ACCESS_KEY_ID'], 'AWS_SECRET_ACCESS_KEY': os.environ['AWS_SECRET_ACCESS_KEY']}
dt = DeltaTable(path, version=version, storage_options=options)
t = dt.to_pyarrow_table().sort_by(key)
rows = t.to_pylist()
for r in rows:
    for k, v in r.items():
        if hasattr(v, 'isoformat'): r[k] = v.isoformat()
        elif isinstance(v, int) and abs(v) > 2**53: r[k] = str(v)
fields = [[f.name, str(f.type), f.nullable] for f in dt.schema().fields]
print(json.dumps({'version': dt.version(), 'rows': rows, 'schema': fields, 'partitions': dt.metadata().partition_columns,
                  'files': len(dt.file_uris()), 'arrow_types': {f.name: str(f.type) for f in t.schema}}))
`;
