import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { smallParquetFile, type SmallColumn } from '../src/parquet/small-file-writer';
import { tempDir } from './helpers';
import { pythonAsync } from './lake-readers';

// Every catalog type, with nulls, text beyond ASCII, a 64-bit id past JavaScript's exact integers and microseconds.
const COLUMNS: SmallColumn[] = [
  { name: 'song_id', type: 'string', values: ['SOA', null, 'Björk — Jóga', ''] },
  { name: 'duration', type: 'double', values: [1.5, 218.93179, null, -3] },
  { name: 'year', type: 'int', values: [null, 1961, 0, 2018] },
  { name: 'songplay_id', type: 'bigint', values: [9007199254740993n, null, -5n, 0n] },
  { name: 'start_time', type: 'timestamp', values: [1541106106796123n, null, 0n, 1n] },
];

/** pyarrow's reading of Parquet files: the schema's types, and the rows with every value as text. */
const PYARROW_ROWS = `
import json, sys, pyarrow.parquet as pq
out = {}
for f in sys.argv[1:]:
    t = pq.read_table(f)
    out[f] = {'types': [str(x.type) for x in t.schema], 'rows': [[None if v is None else str(v) for v in r.values()] for r in t.to_pylist()]}
print(json.dumps(out))
`;

describe('the small Parquet files writer', () => {
  it('writes files that Polars and pyarrow read back exactly, whatever slice of the rows they hold', async () => {
    const dir = tempDir();
    const whole = path.join(dir, 'whole.parquet');
    const middle = path.join(dir, 'middle.parquet');
    fs.writeFileSync(whole, smallParquetFile(COLUMNS, 0, 4));
    fs.writeFileSync(middle, smallParquetFile(COLUMNS, 1, 2));

    const read = pl.readParquet(whole);
    expect(read.columns).toEqual(COLUMNS.map((c) => c.name));
    expect(read.getColumns().map((s) => String(s.dtype))).toEqual([
      'DataType(String)',
      'DataType(Float64)',
      'DataType(Int32)',
      'DataType(Int64)',
      'DataType(Datetime(us,UTC))',
    ]);
    const exact = read.select(pl.col('songplay_id').cast(pl.Utf8), pl.col('start_time').cast(pl.Int64).cast(pl.Utf8));
    expect(exact.getColumn('songplay_id').toArray()).toEqual(['9007199254740993', null, '-5', '0']);
    expect(exact.getColumn('start_time').toArray()).toEqual(['1541106106796123', null, '0', '1']);
    expect(read.select('song_id', 'duration', 'year').toRecords()).toEqual(
      [0, 1, 2, 3].map((i) => ({ song_id: COLUMNS[0].values[i], duration: COLUMNS[1].values[i], year: COLUMNS[2].values[i] })),
    );
    expect(pl.readParquet(middle).select('song_id', 'year').toRecords()).toEqual([
      { song_id: null, year: 1961 },
      { song_id: 'Björk — Jóga', year: 0 },
    ]);

    const pyarrow = await pythonAsync<Record<string, { types: string[]; rows: Array<Array<string | null>> }>>(PYARROW_ROWS, [whole, middle]);
    expect(pyarrow[whole].types).toEqual(['string', 'double', 'int32', 'int64', 'timestamp[us, tz=UTC]']);
    expect(pyarrow[whole].rows).toEqual([
      ['SOA', '1.5', null, '9007199254740993', '2018-11-01 21:01:46.796123+00:00'],
      [null, '218.93179', '1961', null, null],
      ['Björk — Jóga', null, '0', '-5', '1970-01-01 00:00:00+00:00'],
      ['', '-3.0', '2018', '0', '1970-01-01 00:00:00.000001+00:00'],
    ]);
    expect(pyarrow[middle].rows).toEqual(pyarrow[whole].rows.slice(1, 3));
  });

  it('frames a page beyond 64 KiB in several snappy literals', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `value ${i}`);
    const file = path.join(tempDir(), 'large.parquet');
    fs.writeFileSync(file, smallParquetFile([{ name: 's', type: 'string', values }], 0, values.length));
    expect(pl.readParquet(file).getColumn('s').toArray()).toEqual(values);
  });
});
