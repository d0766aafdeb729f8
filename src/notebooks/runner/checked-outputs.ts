import { PLOTLY_MIME } from '../show';
import { figureText } from './figure-text';

/** The parts of a notebook (nbformat 4 JSON) that the regression check reads. */
export interface NotebookJson {
  cells: Array<{
    id?: string;
    cell_type: string;
    source: string | string[];
    metadata?: { tags?: string[] };
    outputs?: Array<Record<string, any>>;
  }>;
}

export const CHECK_TAG = 'check';

export interface CheckedCell {
  /** Position among code cells, 1-based, as a person counts them. */
  label: string;
  source: string;
  text: string;
}

const text = (value: string | string[] | undefined): string => (Array.isArray(value) ? value.join('') : (value ?? ''));

/**
 * The text of a cell's outputs as compared: streams, results and display text; errors by name and message;
 * a chart as its figure's text (title, axes, traces and values). Images are left out: they are pixels drawn
 * from that figure, and the browser tests check they are drawn.
 */
export function outputText(outputs: Array<Record<string, any>> = []): string {
  return outputs
    .map((o) => {
      if (o.output_type === 'stream') return text(o.text);
      if (o.output_type === 'error') return `${o.ename}: ${o.evalue}\n`;
      const data = o.data ?? {};
      if (data[PLOTLY_MIME]) return `${figureText(data[PLOTLY_MIME])}\n`;
      return data['text/plain'] !== undefined ? `${text(data['text/plain'])}\n` : '';
    })
    .join('');
}

/** Volatile text made comparable: ANSI colours, absolute paths, temp folders, run ids (a table's run folder) and timings. */
export function normalize(value: string, roots: string[] = []): string {
  let out = value.replace(/\x1b\[[0-9;]*m/g, '');
  for (const root of roots.filter(Boolean).sort((a, b) => b.length - a.length)) out = out.split(root).join('<root>');
  return out
    .replace(/(\/tmp|\/var\/folders)\/[^\s'"]*/g, '<tmp>')
    .replace(/\b\d{8}T\d{9}Z-[0-9a-f]{6}\b/g, '<run>')
    .replace(/\b\d+(\.\d+)?\s?(ms|s|seconds)\b/g, '<time>')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n+$/, '\n');
}

const hasChart = (cell: NotebookJson['cells'][number]): boolean => (cell.outputs ?? []).some((o) => o.data?.[PLOTLY_MIME]);

/** The cells tagged `check` and every cell that shows a chart, with their normalized output text. */
export function checkedCells(notebook: NotebookJson, roots: string[] = []): CheckedCell[] {
  const out: CheckedCell[] = [];
  let codeIndex = 0;
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'code') continue;
    codeIndex++;
    if (!(cell.metadata?.tags ?? []).includes(CHECK_TAG) && !hasChart(cell)) continue;
    out.push({ label: `code cell ${codeIndex}`, source: text(cell.source), text: normalize(outputText(cell.outputs), roots) });
  }
  return out;
}
