/** A unified diff of two texts (line based, whole-text hunk with 3 lines of context), '' when equal. */
export function unifiedDiff(expected: string, actual: string, labels: [string, string], context = 3): string {
  if (expected === actual) return '';
  const a = expected.split('\n');
  const b = actual.split('\n');
  // Longest common subsequence table, from the end: small texts only (checked cell outputs).
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops: Array<{ tag: ' ' | '-' | '+'; text: string }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ tag: ' ', text: a[i++] }), j++;
    // Deletions before insertions, as diff -u prints them.
    else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ tag: '-', text: a[i++] });
    else ops.push({ tag: '+', text: b[j++] });
  }
  // Keep changed lines and `context` lines around them; mark skipped stretches.
  const keep = ops.map((op, k) => ops.slice(Math.max(0, k - context), k + context + 1).some((o) => o.tag !== ' '));
  const out = [`--- ${labels[0]}`, `+++ ${labels[1]}`];
  let skipped = false;
  ops.forEach((op, k) => {
    if (keep[k]) {
      out.push(`${op.tag}${op.text}`);
      skipped = false;
    } else if (!skipped) {
      out.push('@@ … @@');
      skipped = true;
    }
  });
  return out.join('\n');
}
