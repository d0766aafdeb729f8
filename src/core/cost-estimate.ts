/**
 * A run's cost estimated before it runs, phase by phase: what the AWS engines' estimates (src/engines/aws-cost/)
 * produce and what the cost charts (src/charts/cost-charts.ts) draw.
 */
export interface CostPhase {
  phase: string;
  minutes: number;
  /** What the whole cluster costs during this phase, $. */
  dollars: number;
}

export interface CostEstimate {
  /** Nodes × (EC2 + EMR), $/hour. */
  clusterPerHour: number;
  cores: number;
  phases: CostPhase[];
  totalMinutes: number;
  totalDollars: number;
}
