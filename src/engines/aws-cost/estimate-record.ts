import type { RunCostEstimate } from '../../core/run-contract';
import type { LabelledEstimate } from './format-cost';

/**
 * An estimate as a run manifest keeps it: the total, and in one line what it rests on (the target, then which
 * figures were measured and which assumed: `sparkify etl --dry-run` prints each with its source).
 */
export function estimateRecord(e: LabelledEstimate): RunCostEstimate {
  const names = (basis: string) => e.assumptions.filter((a) => a.basis === basis).map((a) => a.name);
  const prices = e.assumptions.find((a) => a.basis === 'price list');
  const parts = [
    e.title,
    prices ? `prices: ${prices.source}` : '',
    names('listed').length ? `listed: ${names('listed').join(', ')}` : '',
    names('measured').length ? `measured: ${names('measured').join(', ')}` : '',
    names('assumed').length ? `assumed: ${names('assumed').join(', ')}` : '',
  ];
  return { dollars: e.totalDollars, minutes: e.totalMinutes, basis: parts.filter(Boolean).join('; ') };
}
