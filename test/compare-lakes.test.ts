// compareLakes: the notebooks' parity table (two lakes built from the same input agree row for row), and that
// it does see a difference when there is one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareLakes } from '../src/lake/compare-lakes';
import { runEtl } from '../src/run/etl';
import { TABLES } from '../src/catalog/tables';
import { SAMPLE, tempDir } from './helpers';

describe('compareLakes', () => {
  it('two runs of the same input: every table the same rows; a run missing a day: its plays are removed', async () => {
    const [a, b, c] = [tempDir('parity-a-'), tempDir('parity-b-'), tempDir('parity-c-')];
    // The sample without one day's log file.
    const input = tempDir('parity-input-');
    fs.cpSync(SAMPLE, input, { recursive: true });
    const logs = fs.readdirSync(path.join(input, 'log_data'), { recursive: true }).map(String).filter((f) => f.endsWith('.json')).sort();
    fs.rmSync(path.join(input, 'log_data', logs[0]));

    const [runA, , runC] = [await runEtl({ input: SAMPLE, output: a }), await runEtl({ input: SAMPLE, output: b }), await runEtl({ input, output: c })];
    const same = await compareLakes(a, b);
    expect(same.map((t) => t.table)).toEqual(TABLES.map((t) => t.name));
    for (const t of same) {
      const rows = runA.tables.find((w) => w.table === t.table)!.rows;
      expect(t).toEqual({ table: t.table, rowsLeft: rows, rowsRight: rows, added: 0, removed: 0, changed: 0, changedColumns: '' });
    }

    const missingDay = await compareLakes(a, c);
    const plays = missingDay.find((t) => t.table === 'songplays')!;
    const playsA = runA.tables.find((w) => w.table === 'songplays')!.rows;
    const playsC = runC.tables.find((w) => w.table === 'songplays')!.rows;
    expect(playsC).toBeLessThan(playsA);
    expect(plays).toMatchObject({ rowsLeft: playsA, rowsRight: playsC, added: 0, removed: playsA - playsC, changed: 0 });
    // The songs come from song_data, untouched.
    expect(missingDay.find((t) => t.table === 'songs')).toMatchObject({ added: 0, removed: 0, changed: 0 });
  }, 120_000);
});
