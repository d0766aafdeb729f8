import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import { commitTableWrite, readSnapshot, writeDataFiles } from '../src/delta';
import { openStorage } from '../src/storage/open-storage';
import { storageLogStore } from '../src/table-format/delta/storage-log-store';
import { openTableFormat } from '../src/table-format/open-table-format';
import { SPARK_TEST_TIMEOUT_MS, tempDir } from './helpers';
import { songplaysFrame } from './delta-fixtures';
import { readWithSpark } from './delta-spark';

const songplays = tableByName('songplays');

/** The kit's frame in the form the Spark job prints: timestamps as epoch microseconds, every value as text. */
function asText(frame: pl.DataFrame): Record<string, string | null>[] {
  return frame
    .sort('songplay_id')
    .select(...frame.columns.map((c) => (c === 'start_time' ? pl.col(c).cast(pl.Int64) : pl.col(c)).cast(pl.Utf8)))
    .toRecords() as Record<string, string | null>[];
}

describe('Spark with delta-spark reads a table the kit wrote', () => {
  it('has the kit rows and the catalog schema at the latest version (after a checkpoint) and at an older one', async () => {
    const root = path.join(tempDir('delta-spark-'), 'songplays');
    const store = storageLogStore(openStorage(root));
    // 12 commits: a checkpoint at version 10, then two JSON commits after it.
    for (let seed = 0; seed < 12; seed++) {
      await commitTableWrite(store, { table: songplays, adds: writeDataFiles(songplaysFrame(seed), songplays, root), mode: 'overwrite', runId: `run-${seed}` });
    }
    expect(fs.existsSync(path.join(root, '_delta_log', '00000000000000000010.checkpoint.parquet'))).toBe(true);
    expect((await readSnapshot(store)).version).toBe(11);

    const [latest, old] = await readWithSpark([
      { path: root, orderBy: ['songplay_id'] },
      { path: root, orderBy: ['songplay_id'], version: 3 },
    ]);
    expect(latest.schema).toEqual([
      ['songplay_id', 'bigint', false],
      ['start_time', 'timestamp', false],
      ['user_id', 'bigint', false],
      ['level', 'string', true],
      ['song_id', 'string', true],
      ['artist_id', 'string', true],
      ['session_id', 'bigint', false],
      ['location', 'string', true],
      ['user_agent', 'string', true],
      ['year', 'int', false],
      ['month', 'int', false],
    ]);
    const kitLatest = asText(await openTableFormat(path.dirname(root)).readTable({ table: 'songplays', location: root }));
    // Both sides sorted by the numeric id before turning values to text.
    expect(latest.rows).toEqual(kitLatest);
    expect(latest.rows.map((r) => r.session_id)).toEqual(['1011', '583', '139']);
    expect(latest.rows[0].start_time).toBe(String(Date.UTC(2018, 11, 1, 0, 0, 0, 1) * 1000));
    expect(old.rows).toEqual(asText(await openTableFormat(path.dirname(root)).readTable({ table: 'songplays', location: root, version: 3 })));
    expect(old.rows.map((r) => r.session_id)).toEqual(['1003', '583', '139']);
  }, SPARK_TEST_TIMEOUT_MS);
});
