import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { tableByName } from '../catalog/tables';
import { commitTableWrite, decodeDataPath, writeDataFiles, type AddAction } from '../delta';
import { openStorage } from '../storage/open-storage';
import { storageLogStore } from '../table-format/delta/storage-log-store';

/** Rows in each of the table's files. */
export const THOUSAND_FILE_ROWS = 50;

/**
 * A songplays Delta table at `root` of 1,000 partitions (years 1000…1083, months 1…12), each holding one copy of
 * the same real 50-row data file, committed as one write: many files to read without writing them through Polars
 * (that takes minutes). bench/delta-open-time.js times reading it; test/delta-read-table.test.ts checks its rows.
 */
export async function writeThousandFileTable(root: string): Promise<void> {
  const songplays = tableByName('songplays');
  const n = THOUSAND_FILE_ROWS;
  const ids = Array.from({ length: n }, (_, i) => BigInt(i));
  const template = pl.DataFrame({
    songplay_id: ids,
    start_time: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2018, 0, 1) + i * 1000)),
    user_id: ids,
    level: Array.from({ length: n }, (_, i) => (i % 2 ? 'paid' : 'free')),
    song_id: Array.from({ length: n }, () => null),
    artist_id: Array.from({ length: n }, () => null),
    session_id: ids,
    location: Array.from({ length: n }, () => 'X'),
    user_agent: Array.from({ length: n }, () => 'Y'),
    year: Array.from({ length: n }, () => 2018),
    month: Array.from({ length: n }, () => 1),
  });
  const [one] = writeDataFiles(template, songplays, path.join(root, '_template'));
  const source = path.join(root, '_template', ...decodeDataPath(one.path).split('/'));
  const adds: AddAction[] = Array.from({ length: 1000 }, (_, i) => {
    const [year, month] = [1000 + Math.floor(i / 12), 1 + (i % 12)];
    const key = `year=${year}/month=${month}/part-${i}.parquet`;
    fs.mkdirSync(path.dirname(path.join(root, key)), { recursive: true });
    fs.copyFileSync(source, path.join(root, key));
    return { ...one, path: key, partitionValues: { year: String(year), month: String(month) } };
  });
  await commitTableWrite(storageLogStore(openStorage(root)), { table: songplays, adds, mode: 'overwrite', runId: 'run-a' });
}
