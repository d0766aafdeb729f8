import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import { commitTableWrite, decodeDataPath, history, readSnapshot, vacuum, writeDataFiles } from '../src/delta';
import { openStorage } from '../src/storage/open-storage';
import { storageLogStore } from '../src/table-format/delta/storage-log-store';
import { tempDir } from './helpers';
import { python, READ_WITH_DELTA_RS, usersFrame } from './delta-fixtures';

const users = tableByName('users');
const LEVELS = ['free', 'paid'];

/** Commits `count` full replaces of the users table; run i gives user 8 the level LEVELS[i % 2] and last name `L<i>`. */
async function replaces(root: string, count: number, checkpointInterval?: number) {
  const store = storageLogStore(openStorage(root));
  for (let i = 0; i < count; i++) {
    const frame = usersFrame([LEVELS[i % 2], 'paid', 'free']).withColumn(pl.lit(`L${i}`).alias('last_name'));
    await commitTableWrite(store, { table: users, adds: writeDataFiles(frame, users, root), mode: 'overwrite', runId: `run-${i}`, checkpointInterval });
  }
  return store;
}

const CHECKPOINT_VIEW = `
import json, sys
import pyarrow.parquet as pq
t = pq.read_table(sys.argv[1])
print(json.dumps({'types': {f.name: str(f.type) for f in t.schema}, 'rows': t.num_rows}))
`;

describe('checkpoints and retention', () => {
  it('a table of 12 commits has a checkpoint at 10 that delta-rs and the kit read, at the latest version and at 10', async () => {
    const root = path.join(tempDir('delta-cp-'), 'users');
    const store = await replaces(root, 12);
    const log = path.join(root, '_delta_log');
    expect(fs.existsSync(path.join(log, '00000000000000000010.checkpoint.parquet'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(log, '_last_checkpoint'), 'utf8'))).toMatchObject({ version: 10, numOfAddFiles: 1 });

    const cp = python(CHECKPOINT_VIEW, [path.join(log, '00000000000000000010.checkpoint.parquet')]);
    expect(cp.types.add).toContain('partitionValues: map<string, string');
    expect(cp.types.metaData).toContain('configuration: map<string, string');
    expect(cp.rows).toBe(2 + 1 + 10); // protocol, metaData, the active file, and the 10 files replaced since (tombstones)

    const snapshot = await readSnapshot(store);
    expect(snapshot.version).toBe(11);
    expect(snapshot.checkpointVersion).toBe(10);
    expect(snapshot.files).toHaveLength(1);

    const latest = python(READ_WITH_DELTA_RS, [root, 'user_id']);
    expect(latest.version).toBe(11);
    expect(latest.rows[0]).toMatchObject({ user_id: 8, last_name: 'L11', level: 'paid' });
    // Without the commits before it, only the checkpoint can give version 10: both readers must use it.
    for (let v = 0; v < 10; v++) fs.renameSync(path.join(log, `${String(v).padStart(20, '0')}.json`), path.join(root, `hidden-${v}.json.bak`));
    const atTen = python(READ_WITH_DELTA_RS, [root, 'user_id', '10']);
    expect(atTen.rows[0]).toMatchObject({ user_id: 8, last_name: 'L10', level: 'free' });
    const kitTen = await readSnapshot(store, { version: 10 });
    expect(kitTen.checkpointVersion).toBe(10);
    const rows = pl.readParquet(path.join(root, decodeDataPath(kitTen.files[0].path))).sort('user_id').toRecords();
    expect(rows[0]).toMatchObject({ user_id: 8, last_name: 'L10', level: 'free' });
  });

  it('vacuum keeps the last N versions readable, deletes the files and log entries only older versions needed', async () => {
    const root = path.join(tempDir('delta-vacuum-'), 'users');
    const store = await replaces(root, 13); // versions 0..12, checkpoint at 10
    const dataFiles = () => fs.readdirSync(root).filter((f) => f.endsWith('.parquet'));
    expect(dataFiles()).toHaveLength(13);
    // A data file newer than the newest commit: an in-flight writer's, which vacuum must leave alone.
    const inFlight = writeDataFiles(usersFrame(), users, root, Date.now() + 1000)[0];
    const future = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, decodeDataPath(inFlight.path)), future, future);

    const result = await vacuum(store, { keepVersions: 3 });
    expect(result.oldestKeptVersion).toBe(10);
    expect(result.deletedDataFiles).toHaveLength(10); // the files of versions 0..9
    expect(result.deletedLogEntries).toEqual([...Array(10).keys()].map((v) => `_delta_log/${String(v).padStart(20, '0')}.json`));
    expect(dataFiles()).toHaveLength(4); // versions 10, 11, 12 and the in-flight file
    expect(dataFiles()).toContain(decodeDataPath(inFlight.path));

    for (const [version, name] of [[10, 'L10'], [11, 'L11'], [12, 'L12']] as const) {
      expect(python(READ_WITH_DELTA_RS, [root, 'user_id', String(version)]).rows[0].last_name).toBe(name);
      expect((await readSnapshot(store, { version })).version).toBe(version);
    }
    expect(() => python(READ_WITH_DELTA_RS, [root, 'user_id', '9'])).toThrow();
    await expect(readSnapshot(store, { version: 9 })).rejects.toThrow(/no longer in _delta_log/);
    expect((await history(store)).map((h) => h.version)).toEqual([10, 11, 12]);
  });
});
