import { lakeToRead } from '../lake-option';
import type { Command } from '../../core/command';
import { diffLake, parseVersionRef, type LakeDiff } from '../../lake/diff-lake';

function formatKeys(keys: Record<string, unknown>[]): string {
  return keys.map((k) => Object.values(k).map(String).join('/')).join(', ');
}

/** The diff as people read it: a block per table. */
export function formatLakeDiff(diff: LakeDiff): string {
  const lines: string[] = [];
  for (const t of diff.tables) {
    lines.push(`${t.table}: version ${t.fromVersion ?? '(none)'} → ${t.toVersion}: rows ${t.rowsBefore} → ${t.rowsAfter}`);
    lines.push(`  added ${t.added}${t.examples.added.length ? ` (e.g. ${formatKeys(t.examples.added)})` : ''}`);
    lines.push(`  removed ${t.removed}${t.examples.removed.length ? ` (e.g. ${formatKeys(t.examples.removed)})` : ''}`);
    lines.push(`  changed ${t.changed}${t.examples.changed.length ? ` (e.g. ${formatKeys(t.examples.changed)})` : ''}`);
    if (t.changedColumns.length > 0) lines.push(`  changed columns: ${t.changedColumns.map((c) => `${c.column} (${c.rows})`).join(', ')}`);
  }
  if (diff.missing.length > 0) lines.push(`not in the lake: ${diff.missing.join(', ')}`);
  return lines.join('\n');
}

export const diffCommand: Command = {
  name: 'diff',
  usage: `diff --output LAKE [--table T] [--from RUN|VERSION] [--to RUN|VERSION] [--json]
            rows added, removed and changed (by key) per table between two Delta versions (default: the latest and the one before)`,
  options: {
    output: { type: 'string' },
    table: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(values) {
    const lake = await lakeToRead(values);
    const diff = await diffLake(lake.location, {
      table: typeof values.table === 'string' ? values.table : undefined,
      from: typeof values.from === 'string' ? parseVersionRef(values.from) : undefined,
      to: typeof values.to === 'string' ? parseVersionRef(values.to) : undefined,
    });
    process.stdout.write((values.json ? JSON.stringify(diff, null, 2) : formatLakeDiff(diff)) + '\n');
    return 0;
  },
};
