/**
 * One figure an estimate rests on, with where it comes from, so a reader can tell a price from a measurement from
 * a guess: `price list` (prices.json), `measured` (the kit's own runs), `listed` (counted in the input), `assumed`.
 */
export type Basis = 'price list' | 'measured' | 'listed' | 'assumed';

export interface Assumption {
  name: string;
  value: number;
  unit: string;
  basis: Basis;
  /** Where the figure comes from, or why it is what it is. */
  source: string;
}
