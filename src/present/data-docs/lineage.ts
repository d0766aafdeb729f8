import { SOURCES } from '../../catalog/sources';
import { POLARS_DIALECT } from '../../models/dialects/polars';
import { renderModels } from '../../models/models';

/** The layers of a full run, in the order data flows through them. An intermediate model (song_match) sits among
 *  the star tables it reads and is read by: it is laid out with them (lineage-svg.ts), in a style of its own. */
export type LineageLayer = 'source' | 'staging' | 'intermediate' | 'star';
export const LINEAGE_LAYERS: LineageLayer[] = ['source', 'staging', 'intermediate', 'star'];

export interface LineageNode {
  name: string;
  layer: LineageLayer;
  /** The model's SQL as the engine runs it ('' for a raw source). */
  sql: string;
}

/** `from` is read by `to`. */
export interface LineageEdge {
  from: string;
  to: string;
}

export interface Lineage {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

/**
 * The relations a model's SQL reads: every name after FROM or JOIN that is one of `known` (models and sources),
 * in order of first appearance, once each. Its own CTEs (`WITH x AS (…)`, `, y AS (…)`) are not relations it reads,
 * even when one shares a known name; comments and string literals are ignored, and so is anything else after a
 * FROM (`EXTRACT(YEAR FROM start_time)`, a subquery) since it is not a known name.
 */
export function referencedRelations(sql: string, known: Iterable<string>): string[] {
  const text = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''");
  const ctes = new Set<string>();
  for (const m of text.matchAll(/(?:\bWITH(?:\s+RECURSIVE)?|,)\s*([A-Za-z_]\w*)\s+AS\s*\(/gi)) ctes.add(m[1].toLowerCase());
  const names = new Set([...known].map((n) => n.toLowerCase()));
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:FROM|JOIN)\s+([A-Za-z_]\w*)/gi)) {
    const name = m[1].toLowerCase();
    if (names.has(name) && !ctes.has(name) && !found.includes(name)) found.push(name);
  }
  return found;
}

/**
 * The lineage of a full run, from the models themselves: the raw sources (src/catalog/sources.ts), the staging and
 * star models as the engines run them (src/models/models.ts), and an edge for each relation a model's SQL reads.
 */
export function modelLineage(): Lineage {
  const models = renderModels(POLARS_DIALECT).filter((m) => m.layer === 'staging' || m.layer === 'intermediate' || m.layer === 'star');
  const nodes: LineageNode[] = [
    ...SOURCES.map((s): LineageNode => ({ name: s.name, layer: 'source', sql: '' })),
    ...models.map((m): LineageNode => ({ name: m.name, layer: m.layer as LineageLayer, sql: m.sql })),
  ];
  const known = nodes.map((n) => n.name);
  const edges = models.flatMap((m) => referencedRelations(m.sql, known).map((from): LineageEdge => ({ from, to: m.name })));
  return { nodes, edges };
}

/** What a relation reads (upstream) and what reads it (downstream). */
export const upstreamOf = (lineage: Lineage, name: string): string[] => lineage.edges.filter((e) => e.to === name).map((e) => e.from);
export const downstreamOf = (lineage: Lineage, name: string): string[] => lineage.edges.filter((e) => e.from === name).map((e) => e.to);
