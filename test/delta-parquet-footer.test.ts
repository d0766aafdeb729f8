import * as fs from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import { fixParquetFooter, writeDataFiles } from '../src/delta';
import { footerStats } from '../src/delta/parquet-footer-stats';
import { footerOfTail } from '../src/parquet/footer';
import { tempDir } from './helpers';
import { python, songplaysFrame } from './delta-fixtures';

const PYARROW_VIEW = `
import json, sys
import pyarrow.dataset as ds, pyarrow.parquet as pq, pyarrow.compute as pc
path = sys.argv[1]
dataset = ds.dataset(path, format='parquet')
types = {f.name: str(f.type) for f in dataset.schema}
out = {'types': types, 'arrow_schema_key': any(b'ARROW:schema' in (pq.read_metadata(f).metadata or {}) for f in dataset.files)}
try:
    paid = dataset.to_table(filter=ds.field('level') == 'paid')
    out['paid'] = paid.num_rows
    out['sorted'] = paid.sort_by('location').column('location').to_pylist()
except Exception as e:
    out['error'] = str(e)
print(json.dumps(out))
`;

describe('Parquet footer without ARROW:schema', () => {
  it('nodejs-polars alone makes pyarrow read string_view and fail to filter (the problem being fixed)', () => {
    const file = path.join(tempDir('footer-'), 'raw.parquet');
    songplaysFrame().writeParquet(file);
    const view = python(PYARROW_VIEW, [file]);
    expect(view.types.level).toBe('string_view');
    expect(view.error).toMatch(/no kernel matching input types/);
  });

  it('after fixParquetFooter pyarrow reads plain strings, filters and sorts them; the data is unchanged', () => {
    const file = path.join(tempDir('footer-'), 'fixed.parquet');
    const frame = songplaysFrame();
    frame.writeParquet(file);
    const before = fs.statSync(file).size;
    expect(fixParquetFooter(file)).toBe(true);
    expect(fixParquetFooter(file)).toBe(false); // nothing left to remove
    expect(fs.statSync(file).size).toBeLessThan(before);
    const view = python(PYARROW_VIEW, [file]);
    expect(view.arrow_schema_key).toBe(false);
    expect(view.types.level).toBe('string');
    expect(view.paid).toBe(2);
    expect(view.sorted).toEqual(['San Jose-Sunnyvale-Santa Clara, CA', null]);
    // Polars still reads every value back (offsets of the data pages did not move).
    expect(pl.readParquet(file).sort('songplay_id').toRecords()).toEqual(frame.sort('songplay_id').toRecords());
  });

  it('the data files writeDataFiles makes read in pyarrow with strings and UTC-microsecond timestamps', () => {
    const root = tempDir('footer-table-');
    writeDataFiles(songplaysFrame(), tableByName('songplays'), root);
    const view = python(PYARROW_VIEW, [root]);
    expect(view.arrow_schema_key).toBe(false);
    expect(view.types).toMatchObject({ level: 'string', start_time: 'timestamp[us, tz=UTC]', songplay_id: 'int64', user_id: 'int64' });
    expect(view.paid).toBe(2);
  });

  it("a Polars-written file's footer statistics give the same Delta stats as Polars over its rows (62-bit ids, microseconds)", () => {
    const root = tempDir('footer-stats-');
    const table = tableByName('songplays');
    const stored = table.columns.filter((c) => !table.partitionBy.includes(c.name));
    for (const add of writeDataFiles(songplaysFrame(), table, root)) {
      const bytes = fs.readFileSync(path.join(root, decodeURIComponent(add.path)));
      const tail = footerOfTail(bytes, add.path);
      if (!('footer' in tail)) throw new Error('the whole file holds its footer');
      expect(footerStats(tail.footer, stored)).toBe(add.stats);
    }
  });
});
