import { checkedCells, type NotebookJson } from './checked-outputs';
import { unifiedDiff } from './unified-diff';

/**
 * Differences between the checked outputs of the committed notebook and a fresh run, as readable diffs;
 * empty when they agree. Cells are paired in order; a different number of checked cells is itself a difference.
 */
export function compareCheckedOutputs(committed: NotebookJson, fresh: NotebookJson, name: string, roots: string[] = []): string[] {
  const want = checkedCells(committed, roots);
  const got = checkedCells(fresh, roots);
  const problems: string[] = [];
  if (want.length !== got.length) {
    problems.push(`${name}: ${want.length} checked cells committed, ${got.length} in the fresh run (re-run with --update after editing)`);
  }
  for (let k = 0; k < Math.min(want.length, got.length); k++) {
    const firstLine = got[k].source.split('\n')[0];
    const diff = unifiedDiff(want[k].text, got[k].text, [`${name} ${want[k].label} (committed)`, `${name} ${got[k].label} (fresh run)`]);
    if (diff) problems.push(`${name}, ${got[k].label}: ${firstLine}\n${diff}`);
  }
  return problems;
}
