import * as path from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { decodeDataPath, history, readSnapshot } from '../src/delta';
import { openStorage } from '../src/storage/open-storage';
import { storageLogStore } from '../src/table-format/delta/storage-log-store';
import { tempDir } from './helpers';
import { python } from './delta-fixtures';

/** delta-rs writes a partitioned table: a create, an overwrite, an append, then a checkpoint and one more append. */
const WRITE_WITH_DELTA_RS = `
import json, sys
import pyarrow as pa
from deltalake import DeltaTable, write_deltalake
path = sys.argv[1]
def batch(ids, level, month):
    return pa.table({'user_id': pa.array(ids, pa.int64()), 'level': [level] * len(ids), 'month': pa.array([month] * len(ids), pa.int32())})
write_deltalake(path, batch([1, 2], 'free', 11), partition_by=['month'])
write_deltalake(path, batch([3, 4, 5], 'paid', 11), partition_by=['month'], mode='overwrite')
write_deltalake(path, batch([6], 'free', 12), mode='append')
DeltaTable(path).create_checkpoint()
write_deltalake(path, batch([7, 8], 'paid', 12), mode='append')
dt = DeltaTable(path)
print(json.dumps({'version': dt.version(), 'rows': dt.to_pyarrow_table().num_rows, 'files': sorted(dt.file_uris())}))
`;

describe('the kit reads a table delta-rs wrote', () => {
  it('gets the same version, files and rows, from delta-rs checkpoint plus later commits', async () => {
    const root = path.join(tempDir('delta-foreign-'), 'events');
    const written = python(WRITE_WITH_DELTA_RS, [root]);
    const store = storageLogStore(openStorage(root));
    const snapshot = await readSnapshot(store);
    expect(snapshot.version).toBe(written.version);
    expect(snapshot.checkpointVersion).toBe(2);
    expect(snapshot.metadata.partitionColumns).toEqual(['month']);
    expect(snapshot.files.map((f) => path.join(root, decodeDataPath(f.path))).sort()).toEqual(written.files.map((u: string) => u.replace(/^file:\/\//, '')).sort());

    // Rows: the Parquet files of the snapshot plus the partition value from the log.
    const frames = snapshot.files.map((f) => pl.readParquet(path.join(root, decodeDataPath(f.path))).withColumn(pl.lit(Number(f.partitionValues.month)).alias('month')));
    const rows = pl.concat(frames).sort('user_id').toRecords();
    expect(rows.length).toBe(written.rows);
    expect(rows.map((r) => [r.user_id, r.level, r.month])).toEqual([
      [3, 'paid', 11], [4, 'paid', 11], [5, 'paid', 11], [6, 'free', 12], [7, 'paid', 12], [8, 'paid', 12],
    ]);
    // Time travel to the first version (before the overwrite) and the history delta-rs left.
    const first = await readSnapshot(store, { version: 0 });
    expect(first.files).toHaveLength(1);
    expect((await history(store)).map((h) => [h.version, h.commitInfo?.operation])).toEqual([
      [0, 'WRITE'], [1, 'WRITE'], [2, 'WRITE'], [3, 'WRITE'],
    ]);
  });
});

describe('history of a log written by hand', () => {
  it("finds each commit's commitInfo on whichever line it is, spaced or not, and none where there is none", async () => {
    const root = tempDir('delta-history-');
    const storage = openStorage(root);
    const protocol = JSON.stringify({ protocol: { minReaderVersion: 1, minWriterVersion: 2 } });
    const commits = [
      [JSON.stringify({ commitInfo: { timestamp: 1000, operation: 'CREATE' } }), protocol],
      [JSON.stringify({ add: { path: 'a.parquet', partitionValues: {}, size: 1, modificationTime: 1, dataChange: true } }), '  {  "commitInfo" : {"timestamp": 2000, "operation": "WRITE"}}'],
      [JSON.stringify({ add: { path: 'b.parquet', partitionValues: {}, size: 1, modificationTime: 1, dataChange: true } })],
    ];
    for (const [v, lines] of commits.entries()) await storage.write(`_delta_log/${String(v).padStart(20, '0')}.json`, lines.join('\r\n') + '\n');
    const entries = await history(storageLogStore(storage));
    expect(entries.map((h) => [h.version, h.commitInfo?.operation ?? null, h.commitInfo?.timestamp ?? null])).toEqual([
      [0, 'CREATE', 1000], [1, 'WRITE', 2000], [2, null, null],
    ]);
  });
});
