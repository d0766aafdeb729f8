import { escapeHtml } from '../output-html';
import { LINEAGE_LAYERS, type Lineage, type LineageLayer, type LineageNode } from './lineage';

const NODE = { width: 150, height: 36 };
const DUMMY_HEIGHT = 10;
const GAP = { column: 70, row: 18 };
const MARGIN = { x: 12, top: 34, bottom: 12 };

const LAYER_LABEL: Record<LineageLayer, string> = { source: 'raw sources', staging: 'staging models', intermediate: 'intermediate', star: 'star schema' };
const LAYER_STYLE: Record<LineageLayer, { fill: string; stroke: string }> = {
  source: { fill: '#eceff1', stroke: '#90a4ae' },
  staging: { fill: '#e3f2fd', stroke: '#64b5f6' },
  intermediate: { fill: '#fff8e1', stroke: '#ffb300' },
  star: { fill: '#e8f5e9', stroke: '#66bb6a' },
};

/** The group of columns a layer is laid out in: an intermediate model reads star tables and is read by them, so it
 *  takes a column among theirs. */
const columnGroup = (layer: LineageLayer): LineageLayer => (layer === 'intermediate' ? 'star' : layer);

/** A slot in a column: a relation, or a point an edge passes through on its way to a later column. */
interface Item {
  id: string;
  node?: LineageNode;
  column: number;
  preds: string[];
  order: number;
  y: number;
  height: number;
}

/**
 * Columns of the graph: each layer starts a column, and a relation that reads another of its own layer (time reads
 * songplays, songplays reads songs) sits in a later column of that layer than what it reads.
 */
export function lineageColumns(lineage: Lineage): Map<string, number> {
  const byName = new Map(lineage.nodes.map((n) => [n.name, n]));
  const rank = new Map<string, number>();
  const rankOf = (name: string, seen: string[] = []): number => {
    if (rank.has(name)) return rank.get(name)!;
    if (seen.includes(name)) throw new Error(`models read each other in a cycle: ${[...seen, name].join(' → ')}`);
    const group = columnGroup(byName.get(name)!.layer);
    const sameLayer = lineage.edges.filter((e) => e.to === name && columnGroup(byName.get(e.from)!.layer) === group);
    const r = sameLayer.length === 0 ? 0 : 1 + Math.max(...sameLayer.map((e) => rankOf(e.from, [...seen, name])));
    rank.set(name, r);
    return r;
  };
  const columns = new Map<string, number>();
  let base = 0;
  for (const layer of LINEAGE_LAYERS.filter((l) => columnGroup(l) === l)) {
    const nodes = lineage.nodes.filter((n) => columnGroup(n.layer) === layer);
    if (nodes.length === 0) continue;
    for (const n of nodes) columns.set(n.name, base + rankOf(n.name));
    base += 1 + Math.max(...nodes.map((n) => rankOf(n.name)));
  }
  return columns;
}

/** Where each node and edge-point goes: columns from lineageColumns, rows ordered to keep edges from crossing. */
function layout(lineage: Lineage) {
  const columnOf = lineageColumns(lineage);
  const items = new Map<string, Item>();
  lineage.nodes.forEach((node, i) => items.set(node.name, { id: node.name, node, column: columnOf.get(node.name)!, preds: [], order: i, y: 0, height: NODE.height }));
  const paths = lineage.edges.map((edge, i) => {
    const [from, to] = [columnOf.get(edge.from)!, columnOf.get(edge.to)!];
    if (to <= from) throw new Error(`lineage edge ${edge.from} → ${edge.to} does not go forward`);
    let previous = edge.from;
    const ids = [edge.from];
    for (let c = from + 1; c < to; c++) {
      const id = `${i}@${c}`;
      items.set(id, { id, column: c, preds: [previous], order: lineage.nodes.length + i, y: 0, height: DUMMY_HEIGHT });
      ids.push(id);
      previous = id;
    }
    items.get(edge.to)!.preds.push(previous);
    ids.push(edge.to);
    return { edge, ids };
  });
  const columnCount = Math.max(...[...items.values()].map((it) => it.column)) + 1;
  const rowIndex = new Map<string, number>();
  const columns: Item[][] = [];
  for (let c = 0; c < columnCount; c++) {
    const here = [...items.values()].filter((it) => it.column === c);
    const bary = (it: Item) => (it.preds.length === 0 ? it.order : it.preds.reduce((s, p) => s + (rowIndex.get(p) ?? 0), 0) / it.preds.length);
    here.sort((a, b) => bary(a) - bary(b) || a.order - b.order);
    here.forEach((it, i) => rowIndex.set(it.id, i));
    columns.push(here);
  }
  const heightOf = (col: Item[]) => col.reduce((s, it) => s + it.height, 0) + GAP.row * Math.max(0, col.length - 1);
  const tallest = Math.max(...columns.map(heightOf));
  for (const col of columns) {
    let y = MARGIN.top + (tallest - heightOf(col)) / 2;
    for (const it of col) {
      it.y = y;
      y += it.height + GAP.row;
    }
  }
  const x = (column: number) => MARGIN.x + column * (NODE.width + GAP.column);
  return { items, paths, columnOf, columnCount, width: x(columnCount) - GAP.column + MARGIN.x, height: MARGIN.top + tallest + MARGIN.bottom, x };
}

/** The anchor a node of the graph links to: its section of the page. */
export const nodeAnchor = (node: LineageNode): string => `${node.layer === 'source' ? 'source' : node.layer === 'star' ? 'table' : 'model'}-${node.name}`;

/** The lineage as an inline SVG: one column per layer (more where a layer reads itself), an arrow per read. */
export function lineageSvg(lineage: Lineage): string {
  const { items, paths, columnOf, width, height, x } = layout(lineage);
  const mid = (it: Item) => it.y + it.height / 2;
  const edges = paths.map(({ edge, ids }) => {
    let d = '';
    for (let k = 0; k + 1 < ids.length; k++) {
      const [a, b] = [items.get(ids[k])!, items.get(ids[k + 1])!];
      const [x1, y1, x2, y2] = [x(a.column) + NODE.width, mid(a), x(b.column), mid(b)];
      const bend = (x2 - x1) / 2;
      if (k === 0) d += `M${x1},${y1}`;
      d += ` C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2 - (b.node ? 2 : 0)},${y2}`;
      if (!b.node) d += ` L${x2 + NODE.width},${y2}`;
    }
    return `<path class="edge" d="${d}" marker-end="url(#arrow)"><title>${escapeHtml(`${edge.to} reads ${edge.from}`)}</title></path>`;
  });
  const nodes = [...items.values()]
    .filter((it) => it.node)
    .map((it) => {
      const node = it.node!;
      const style = LAYER_STYLE[node.layer];
      return (
        `<a href="#${escapeHtml(nodeAnchor(node))}" class="node" data-name="${escapeHtml(node.name)}">` +
        `<rect x="${x(it.column)}" y="${it.y}" width="${NODE.width}" height="${NODE.height}" rx="6" fill="${style.fill}" stroke="${style.stroke}"/>` +
        `<text x="${x(it.column) + NODE.width / 2}" y="${mid(it) + 5}" text-anchor="middle">${escapeHtml(node.name)}</text></a>`
      );
    });
  const labels = LINEAGE_LAYERS.filter((l) => columnGroup(l) === l).flatMap((layer) => {
    const cols = lineage.nodes.filter((n) => columnGroup(n.layer) === layer).map((n) => columnOf.get(n.name)!);
    if (cols.length === 0) return [];
    const center = (x(Math.min(...cols)) + x(Math.max(...cols)) + NODE.width) / 2;
    return [`<text class="layer" x="${center}" y="18" text-anchor="middle">${LAYER_LABEL[layer]}</text>`];
  });
  return (
    `<svg class="lineage" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="model lineage" xmlns="http://www.w3.org/2000/svg">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="#78909c"/></marker></defs>` +
    `${labels.join('')}${edges.join('')}${nodes.join('')}</svg>`
  );
}
