// One contender of a commit race (test/delta-concurrency.test.ts): reads the table's latest snapshot, writes its
// data files, says it is ready and waits for the go file, then commits. Prints one JSON line: its version or its error.
// Runs the built module (dist/), as a second process would.
const path = require('node:path');
const fs = require('node:fs');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const pl = require('nodejs-polars');
const delta = require('../dist/delta');
const { openStorage } = require('../dist/storage/open-storage');
const { storageLogStore } = require('../dist/table-format/delta/storage-log-store');
const { tableByName } = require('../dist/catalog/tables');

async function main() {
  const [location, mode, runId, goFile, staging] = process.argv.slice(2);
  const table = tableByName('users');
  const s3 = location.startsWith('s3://') ? new S3Client({ forcePathStyle: true }) : null;
  const store = storageLogStore(openStorage(location));
  const frame = pl.DataFrame({ user_id: [BigInt(process.pid)], first_name: [runId], last_name: [null], gender: ['F'], level: ['paid'] }).withColumn(
    pl.Series('latest_event_time', [Date.now()], pl.Int64).cast(pl.Datetime('ms', 'UTC')),
  );
  const root = s3 ? staging : location;
  const adds = delta.writeDataFiles(frame, table, root);
  if (s3) {
    const { bucket, prefix } = /^s3:\/\/(?<bucket>[^/]+)\/(?<prefix>.*)$/.exec(location).groups;
    for (const add of adds) {
      const key = delta.decodeDataPath(add.path);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}/${key}`, Body: fs.readFileSync(path.join(root, key)) }));
    }
  }
  const snapshot = await delta.readSnapshot(store);
  const actions = delta.writeActions({ table, adds, mode, runId }, snapshot);
  console.log(JSON.stringify({ ready: true, readVersion: snapshot.version }));
  while (!fs.existsSync(goFile)) await new Promise((r) => setTimeout(r, 2));
  const started = performance.now();
  try {
    const result = await delta.commit(store, actions, { expectedVersion: snapshot.version + 1 });
    console.log(JSON.stringify({ runId, version: result.version, attempts: result.attempts, ms: performance.now() - started }));
  } catch (err) {
    if (!(err instanceof delta.CommitConflictError)) throw err;
    console.log(JSON.stringify({ runId, conflict: err.message }));
  }
}

main().catch((err) => {
  console.error(err.stack);
  process.exit(1);
});
