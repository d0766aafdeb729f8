import { blockingFailures, type CheckResult } from './check-result';

const MARK: Record<CheckResult['status'], string> = { pass: 'ok  ', fail: 'FAIL', skipped: 'skip' };

/** One line per check; under each failure, its table, column and a few offending rows. */
export function formatCheckResults(results: CheckResult[], options: { onlyProblems?: boolean } = {}): string {
  const lines: string[] = [];
  for (const r of results) {
    if (options.onlyProblems && r.status === 'pass') continue;
    const mark = r.status === 'fail' && r.severity === 'warn' ? 'warn' : MARK[r.status];
    lines.push(`${mark} ${r.name}: ${r.detail}`);
    if (r.status === 'fail') {
      lines.push(`     table ${r.table}${r.column ? `, column ${r.column}` : ''}${r.examples.length > 0 ? ', for example:' : ''}`);
      for (const row of r.examples) lines.push(`       ${JSON.stringify(row)}`);
    }
  }
  lines.push(checkSummaryLine(results));
  return lines.join('\n');
}

export function checkSummaryLine(results: CheckResult[]): string {
  const count = (s: CheckResult['status']) => results.filter((r) => r.status === s).length;
  const blocking = blockingFailures(results).length;
  return `${results.length} checks: ${count('pass')} passed, ${count('fail')} failed (${blocking} blocking), ${count('skipped')} skipped`;
}

/** The failing blocking checks named on one line, for an error message. */
export function failureList(results: CheckResult[]): string {
  return blockingFailures(results)
    .map((r) => (r.kind === 'guard' ? r.name : `${r.name} (${r.failingRows} ${r.kind === 'reconciliation' ? 'rows off' : r.failingRows === 1 ? 'row' : 'rows'})`))
    .join('; ');
}
