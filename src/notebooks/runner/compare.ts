import { checkedCells, type NotebookJson } from './checked-outputs';
import { unifiedDiff } from './unified-diff';

export interface CellDifference {
  /** `code cell N`, or `checked cells` when their number differs. */
  label: string;
  /** The first line of the cell's source. */
  firstLine: string;
  /** The readable difference (a unified diff under a heading). */
  text: string;
}

/**
 * Differences between the checked outputs of the committed notebook and a fresh run, as readable diffs;
 * empty when they agree. Cells are paired in order; a different number of checked cells is itself a difference.
 */
export function compareCheckedOutputs(committed: NotebookJson, fresh: NotebookJson, name: string, roots: string[] = []): string[] {
  return checkedDifferences(committed, fresh, name, roots).map((d) => d.text);
}

/** The same differences, each with its cell (`code cell N`) and the first line of its source. */
export function checkedDifferences(committed: NotebookJson, fresh: NotebookJson, name: string, roots: string[] = []): CellDifference[] {
  const want = checkedCells(committed, roots);
  const got = checkedCells(fresh, roots);
  const problems: CellDifference[] = [];
  if (want.length !== got.length) {
    problems.push({ label: 'checked cells', firstLine: `${want.length} committed, ${got.length} in the fresh run`, text: `${name}: ${want.length} checked cells committed, ${got.length} in the fresh run (re-run with --update after editing)` });
  }
  for (let k = 0; k < Math.min(want.length, got.length); k++) {
    const firstLine = got[k].source.split('\n')[0];
    const diff = unifiedDiff(want[k].text, got[k].text, [`${name} ${want[k].label} (committed)`, `${name} ${got[k].label} (fresh run)`]);
    if (diff) problems.push({ label: got[k].label, firstLine, text: `${name}, ${got[k].label}: ${firstLine}\n${diff}` });
  }
  return problems;
}
