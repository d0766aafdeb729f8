import type { CostEstimate } from '../core/cost-estimate';
import { barChart, type Figure } from './figure';

/** Minutes of one run by phase: where the billed time goes (on small data, mostly the cluster's start). */
export function costByPhaseChart(estimate: CostEstimate, instances: string): Figure {
  return barChart(
    `One EMR run, phase by phase: ${estimate.totalMinutes.toFixed(1)} min, $${estimate.totalDollars.toFixed(2)} on ${instances}`,
    estimate.phases.map((p) => p.phase),
    [{ name: 'minutes', values: estimate.phases.map((p) => round(p.minutes, 2)) }],
    { x: 'phase', y: 'minutes billed' },
  );
}

/** Dollars and minutes of the same run on clusters of other sizes. */
export function costByCoreNodesChart(rows: Array<{ coreNodes: number; minutes: number; dollars: number }>, instanceType: string): Figure {
  return barChart(
    `One EMR run by cluster size: more core nodes, a shorter step, a dearer hour`,
    rows.map((r) => `${r.coreNodes} × ${instanceType}`),
    [
      { name: 'cents per run', values: rows.map((r) => round(r.dollars * 100, 1)) },
      { name: 'minutes billed', values: rows.map((r) => round(r.minutes, 1)), right: true },
    ],
    { x: 'core nodes (plus 1 primary)', y: 'cents per run', y2: 'minutes billed' },
  );
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
