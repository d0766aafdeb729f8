import * as path from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import { commitTableWrite, readSnapshot, writeDataFiles } from '../src/delta';
import { openStorage } from '../src/storage/open-storage';
import { storageLogStore } from '../src/table-format/delta/storage-log-store';
import { openTableFormat } from '../src/table-format/open-table-format';
import { writeThousandFileTable } from '../src/bench/thousand-file-table';
import { tempDir } from './helpers';
import { python, songplaysFrame } from './delta-fixtures';

const songplays = tableByName('songplays');
const songs = tableByName('songs');

/** A Delta table at `root` (a lake's `<lake>/<table>` folder), read as every reader reads one: through the table format. */
function readDeltaTable(root: string, table: { name: string }, options: { version?: number } = {}): Promise<pl.DataFrame> {
  return openTableFormat(path.dirname(root)).readTable({ table: table.name, location: root, version: options.version });
}

/**
 * delta-rs writes `songs` (partitioned by year, artist_id) with a null year: its folder is year=__HIVE_DEFAULT_PARTITION__
 * and the log records null. Its strings are large_string/string_view and its column order differs from the catalog's.
 */
const WRITE_SONGS_WITH_DELTA_RS = `
import json, sys
import pyarrow as pa
from deltalake import write_deltalake
path = sys.argv[1]
t = pa.table({
    'duration': pa.array([218.93, 120.5, None], pa.float64()),
    'song_id': pa.array(['SOA', 'SOB', 'SOC'], pa.large_string()),
    'title': ['A song', None, 'Ça va'],
    'artist_id': ['AR1', 'AR1', 'AR2'],
    'year': pa.array([2004, None, 2004], pa.int32()),
})
write_deltalake(path, t, partition_by=['year', 'artist_id'])
print(json.dumps({'ok': True}))
`;

describe('reading a Delta table (TableFormat.readTable)', () => {
  it('reads a table delta-rs wrote: partition values from the log (a null one too), catalog types and order', async () => {
    const root = path.join(tempDir('delta-read-'), 'songs');
    python(WRITE_SONGS_WITH_DELTA_RS, [root]);
    const store = storageLogStore(openStorage(root));
    const snapshot = await readSnapshot(store);
    expect(snapshot.files.map((f) => f.partitionValues.year).sort()).toEqual(['2004', '2004', null]);

    const frame = await readDeltaTable(root, songs);
    expect(frame.columns).toEqual(['song_id', 'title', 'artist_id', 'year', 'duration']);
    expect(frame.dtypes.map(String)).toEqual(['String', 'String', 'String', 'Int32', 'Float64'].map((t) => String((pl as any)[t])));
    expect(frame.sort('song_id').toRecords()).toEqual([
      { song_id: 'SOA', title: 'A song', artist_id: 'AR1', year: 2004, duration: 218.93 },
      { song_id: 'SOB', title: null, artist_id: 'AR1', year: null, duration: 120.5 },
      { song_id: 'SOC', title: 'Ça va', artist_id: 'AR2', year: 2004, duration: null },
    ]);
  });

  it('reads a table the module wrote, at its latest and an older version, with microsecond UTC timestamps', async () => {
    const root = path.join(tempDir('delta-read-'), 'songplays');
    const store = storageLogStore(openStorage(root));
    await commitTableWrite(store, { table: songplays, adds: writeDataFiles(songplaysFrame(0), songplays, root), mode: 'overwrite', runId: 'run-a' });
    await commitTableWrite(store, { table: songplays, adds: writeDataFiles(songplaysFrame(1), songplays, root), mode: 'overwrite', runId: 'run-b' });

    const latest = (await readDeltaTable(root, songplays)).sort('songplay_id');
    expect(latest.columns).toEqual(songplays.columns.map((c) => c.name));
    expect(String(latest.getColumn('start_time').dtype)).toBe(String(pl.Datetime('us', 'UTC')));
    // Int64 as text: toRecords would round a 62-bit id through a JS number.
    expect(latest.select(pl.col('songplay_id').cast(pl.Utf8), 'session_id', 'year', 'month').toRecords()).toEqual([
      { songplay_id: '43', session_id: 1001, year: 2018, month: 12 },
      { songplay_id: '1234567890124', session_id: 583, year: 2018, month: 11 },
      { songplay_id: '4611686018427387902', session_id: 139, year: 2018, month: 11 },
    ]);
    // nodejs-polars types toArray() without Date, which is what a Datetime column gives.
    expect((latest.getColumn('start_time').toArray() as unknown as Date[]).map((d) => d.toISOString())).toEqual([
      '2018-12-01T00:00:00.001Z',
      '2018-11-30T23:59:59.999Z',
      '2018-11-01T21:01:46.796Z',
    ]);
    // Every value round-trips: the frame written equals the frame read, after the same casts and order.
    const written = songplaysFrame(0).select(...latest.columns);
    const old = await readDeltaTable(root, songplays, { version: 0 });
    const comparable = (f: pl.DataFrame) => f.sort('songplay_id').select(pl.col('songplay_id').cast(pl.Utf8), 'level', 'song_id', 'location', 'year', 'month').toRecords();
    expect(comparable(old)).toEqual(comparable(written));
  });

  it('an empty table gives an empty frame with the catalog schema', async () => {
    const root = path.join(tempDir('delta-read-'), 'songplays');
    const store = storageLogStore(openStorage(root));
    await commitTableWrite(store, { table: songplays, adds: writeDataFiles(songplaysFrame(0).head(0), songplays, root), mode: 'overwrite', runId: 'run-a' });
    const frame = await readDeltaTable(root, songplays);
    expect(frame.height).toBe(0);
    expect(frame.columns).toEqual(songplays.columns.map((c) => c.name));
    expect(frame.dtypes.map(String)).toEqual(
      [pl.Int64, pl.Datetime('us', 'UTC'), pl.Int64, pl.String, pl.String, pl.String, pl.Int64, pl.String, pl.String, pl.Int32, pl.Int32].map(String),
    );
  });

  it('reads a thousand files (one partition value per file, repeated inside Polars)', async () => {
    const root = path.join(tempDir('delta-read-'), 'songplays');
    await writeThousandFileTable(root);
    // Its speed is measured by bench/delta-open-time.js, not asserted here.
    const read = await readDeltaTable(root, songplays);
    expect(read.height).toBe(50_000);
    const perPartition = read.groupBy(['year', 'month']).agg(pl.len().alias('rows'));
    expect(perPartition.height).toBe(1000);
    expect(perPartition.filter(pl.col('rows').neq(50)).height).toBe(0);
    expect(read.filter(pl.col('year').eq(1083).and(pl.col('month').eq(4))).height).toBe(50);
  }, 60_000);
});
