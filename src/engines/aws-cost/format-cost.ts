import { dollars } from '../../format';
import type { Assumption } from './assumption';
import type { CostPhase } from './emr-estimate';

/** What every estimate has, whatever its target: the total, its phases, and what it rests on. */
export interface LabelledEstimate {
  title: string;
  phases: CostPhase[];
  totalMinutes: number;
  totalDollars: number;
  assumptions: Assumption[];
}

/** What no estimate here counts. */
const LEFT_OUT = 'left out: S3 requests (~$0.0004 per 1,000 GETs, ~$0.005 per 1,000 PUTs) and EBS or log storage: cents a run';

/**
 * The lines a dry run prints: the total, the phases, then every figure the estimate used with its basis
 * (price list, measured, listed, assumed) and where it comes from.
 */
export function formatCostEstimate(e: LabelledEstimate): string[] {
  const width = Math.max(...e.phases.map((p) => p.phase.length));
  const basisWidth = Math.max(...e.assumptions.map((a) => a.basis.length));
  return [
    `cost estimate: ${e.title}: ${e.totalMinutes.toFixed(1)} min, ${dollars(e.totalDollars)}`,
    ...e.phases.map((p) => `  ${p.phase.padEnd(width)}  ${p.minutes.toFixed(2).padStart(6)} min  ${dollars(p.dollars).padStart(7)}`),
    'what it rests on:',
    // A source the line above gave already (a price list, a bench run) is not repeated.
    ...e.assumptions.map((a, i) => `  ${a.basis.padEnd(basisWidth)}  ${a.name}: ${formatValue(a)} (${i > 0 && e.assumptions[i - 1].source === a.source ? 'the same' : a.source})`),
    LEFT_OUT,
  ];
}

/** `$0.192/h`, `9,803 events/s`, `0.0057785 $/GB-h` as `$0.0057785/GB-h`. */
export function formatValue(a: Pick<Assumption, 'value' | 'unit'>): string {
  if (a.unit.startsWith('$')) return `$${number(a.value)}${a.unit.slice(1)}`;
  return a.unit ? `${number(a.value)} ${a.unit}` : number(a.value);
}

/** Whole numbers with separators from 100 up; smaller ones to six significant digits, trailing zeros dropped. */
function number(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return String(Number(value.toPrecision(Math.abs(value) >= 1 ? 3 : 6)));
}
