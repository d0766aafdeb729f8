// What a long-lived Delta table costs to open, printed (the figures were in the test suite until it stopped timing):
// 100 full replaces committed with and without checkpoints, then the time to open the latest version with the kit's
// reader and with delta-rs; a checkpoint of a songs-sized table (6,000 adds); a read of a 1,000-file table; and the
// commits and opens on the moto S3 server. The commits reuse one data file's add action under new names (the log,
// not the data, is measured). What a reader must see in these tables is tested by test/delta-long-log.test.ts and
// test/delta-read-table.test.ts.
//   npm run build && node bench/delta-open-time.js      (after npm run setup:python: delta-rs and moto from .venv)
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const pl = require('nodejs-polars');
const { startMotoServer, motoClientEnv } = require('../scripts/moto-server.js');

const ROOT = path.join(__dirname, '..');
const { commit, readSnapshot, writeActions, writeCheckpoint, writeDataFiles } = require('../dist/delta');
const { tableByName } = require('../dist/catalog/tables');
const { openStorage } = require('../dist/storage/open-storage');
const { s3Client } = require('../dist/storage/s3-client');
const { storageLogStore } = require('../dist/table-format/delta/storage-log-store');
const { openTableFormat } = require('../dist/table-format/open-table-format');
const { writeThousandFileTable } = require('../dist/bench/thousand-file-table');

const users = tableByName('users');
const songs = tableByName('songs');
const songplays = tableByName('songplays');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'delta-open-time-'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

/** Fails the benchmark when what it measured is not what it meant to (the tests say why such a table must open so). */
function check(ok, what) {
  if (!ok) throw new Error(`delta-open-time: ${what}`);
}

async function timed(work) {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

function usersFrame() {
  return pl.DataFrame({
    user_id: [8n, 26n, 97n],
    first_name: ['Kaylee', 'Ryan', 'Kate'],
    last_name: ['Summers', 'Smith', null],
    gender: ['F', 'M', 'F'],
    level: ['free', 'paid', 'paid'],
  }).withColumn(pl.Series('latest_event_time', [1541105830796, 1541106106796, 1541107053796], pl.Int64).cast(pl.Datetime('ms', 'UTC')));
}

const DELTA_RS_OPEN = `
import json, sys, time
t0 = time.perf_counter()
from deltalake import DeltaTable
dt = DeltaTable(sys.argv[1])
files = len(dt.file_uris())
print(json.dumps({'ms': (time.perf_counter() - t0) * 1000, 'version': dt.version(), 'files': files}))
import os as _os
sys.stdout.flush()
_os._exit(0)
`;

/** delta-rs from .venv: import + DeltaTable + file list. (_exit: deltalake's native threads can abort at teardown.) */
function deltaRsOpen(root) {
  const out = execFileSync(path.join(ROOT, '.venv', 'bin', 'python'), ['-c', DELTA_RS_OPEN, root], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1));
}

/** 100 full replaces, each commit timed (the checkpointing ones included). */
async function hundredCommits(store, template, checkpointInterval) {
  const latencies = [];
  let snapshot = null;
  for (let v = 0; v < 100; v++) {
    const add = { ...template, path: `part-${v}.parquet` };
    const actions = writeActions({ table: users, adds: [add], mode: 'overwrite', runId: `run-${v}` }, snapshot);
    latencies.push((await timed(() => commit(store, actions, { expectedVersion: v, checkpointInterval }))).ms);
    snapshot = await readSnapshot(store);
  }
  return latencies;
}

/** Five opens by a fresh reader each: _last_checkpoint, listing, checkpoint, JSON commits. */
async function kitOpens(location) {
  const opens = [];
  for (let i = 0; i < 5; i++) {
    const { value: snapshot, ms: took } = await timed(() => readSnapshot(storageLogStore(openStorage(location))));
    check(snapshot.version === 99 && snapshot.files.length === 1, `${location} opened at version ${snapshot.version} with ${snapshot.files.length} files`);
    opens.push(took);
  }
  return opens;
}

async function folderOpens(template) {
  for (const interval of [0, 10]) {
    const root = path.join(temp, `users-${interval}`);
    const latencies = await hundredCommits(storageLogStore(openStorage(root)), template, interval);
    const opens = await kitOpens(root);
    const rs = [0, 1, 2].map(() => deltaRsOpen(root));
    check(rs[0].version === 99 && rs[0].files === 1, `delta-rs opened ${root} at version ${rs[0].version}`);
    console.log(
      `folder, ${interval ? 'checkpoint every 10' : 'no checkpoint'}: commit median ${ms(median(latencies))} ` +
        `(max ${ms(Math.max(...latencies))}, checkpointing commits included); kit open median ${ms(median(opens))}; ` +
        `delta-rs open (import + DeltaTable + file list) median ${ms(median(rs.map((r) => r.ms)))}`,
    );
  }
}

async function bigCheckpoint(template) {
  const root = path.join(temp, 'big');
  const store = storageLogStore(openStorage(root));
  const adds = Array.from({ length: 6000 }, (_, i) => ({ ...template, path: `year=${1950 + (i % 60)}/artist_id=AR${i}/part-0.parquet`, partitionValues: { year: String(1950 + (i % 60)), artist_id: `AR${i}` } }));
  await commit(store, writeActions({ table: songs, adds, mode: 'overwrite', runId: 'big' }, null), { expectedVersion: 0 });
  const written = await timed(() => writeCheckpoint(store, 0));
  const opened = await timed(() => readSnapshot(storageLogStore(openStorage(root))));
  check(opened.value.files.length === 6000, `the 6,000-add checkpoint opened with ${opened.value.files.length} files`);
  console.log(`checkpoint of 6,000 adds: written in ${written.ms.toFixed(0)} ms (${(written.value.bytes / 1024).toFixed(0)} KiB), opened from it in ${opened.ms.toFixed(0)} ms`);
}

/** A table of 1,000 one-file partitions (src/bench/thousand-file-table.ts), read three times. */
async function thousandFiles() {
  const root = path.join(temp, 'songplays');
  await writeThousandFileTable(root);
  const reads = [];
  for (let i = 0; i < 3; i++) {
    const read = await timed(() => openTableFormat(path.dirname(root)).readTable({ table: songplays.name, location: root }));
    check(read.value.height === 50_000, `the 1,000-file table read ${read.value.height} rows`);
    reads.push(read.ms);
  }
  console.log(`read of a 1,000-file table (50,000 rows, one partition value per file): median ${ms(median(reads))} of 3`);
}

async function s3Opens(template) {
  const server = await startMotoServer();
  try {
    Object.assign(process.env, motoClientEnv(server.endpoint));
    const { CreateBucketCommand } = require('@aws-sdk/client-s3');
    await s3Client().send(new CreateBucketCommand({ Bucket: 'delta-open' }));
    const location = 's3://delta-open/lake/users';
    const latencies = await hundredCommits(storageLogStore(openStorage(location)), template, 10);
    const opens = await kitOpens(location);
    console.log(`moto S3, checkpoint every 10: commit median ${ms(median(latencies))} (max ${ms(Math.max(...latencies))}); kit open median ${ms(median(opens))}`);
  } finally {
    await server.stop();
  }
}

async function main() {
  console.log(`delta-open-time on ${os.cpus().length} cores (Node ${process.version}), load average ${os.loadavg()[0].toFixed(2)}`);
  const template = writeDataFiles(usersFrame(), users, path.join(temp, 'template'))[0];
  await folderOpens(template);
  await bigCheckpoint(template);
  await thousandFiles();
  await s3Opens(template);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(temp, { recursive: true, force: true }));
