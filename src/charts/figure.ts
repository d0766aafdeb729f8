/** A Plotly figure as plain data: what plotly.js draws, what JupyterLab's Plotly renderer reads. */
export interface Figure {
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
}

const BASE_LAYOUT = {
  width: 760,
  height: 380,
  margin: { l: 60, r: 20, t: 50, b: 60 },
  font: { family: 'DejaVu Sans, Arial, sans-serif', size: 12 },
  paper_bgcolor: 'white',
  plot_bgcolor: 'white',
};

function layout(title: string, x: string, y: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...BASE_LAYOUT,
    title: { text: title },
    xaxis: { title: { text: x }, gridcolor: '#eee' },
    yaxis: { title: { text: y }, gridcolor: '#eee' },
    ...extra,
  };
}

/** The longest label a ranked chart shows; longer ones end in "…" (the full text is in the hover label). */
export const LABEL_MAX = 45;

export function shortLabel(text: string, max = LABEL_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Hover labels that name what they show ("hour: 15, plays: 477"), not a bare "(15, 477)". */
function hoverTemplate(x: string, y: string, value = '%{y}', category = '%{x}'): string {
  return `${x || 'x'}: ${category}<br>${y || 'y'}: ${value}`;
}

/** Vertical bars, one per category; several series side by side. */
export function barChart(
  title: string,
  categories: Array<string | number>,
  series: Array<{ name: string; values: number[] }>,
  axes: { x: string; y: string; logY?: boolean },
): Figure {
  return {
    data: series.map((s) => ({
      type: 'bar',
      name: s.name,
      x: categories.map(String),
      y: s.values,
      hovertemplate: `${hoverTemplate(axes.x, axes.y)}<extra>${series.length > 1 ? s.name : ''}</extra>`,
    })),
    layout: layout(title, axes.x, axes.y, {
      barmode: 'group',
      showlegend: series.length > 1,
      xaxis: { title: { text: axes.x }, type: 'category' },
      yaxis: { title: { text: axes.y }, gridcolor: '#eee', ...(axes.logY ? { type: 'log' } : {}) },
    }),
  };
}

/**
 * Horizontal bars, largest on top: for ranked names (top songs, artists). Labels longer than LABEL_MAX are cut
 * with "…"; hovering shows the full name.
 */
export function rankedBars(title: string, labels: string[], values: number[], xTitle: string, yTitle = 'name'): Figure {
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        x: [...values].reverse(),
        y: labels.map((l) => shortLabel(l)).reverse(),
        hovertext: [...labels].reverse(),
        hovertemplate: `${hoverTemplate(yTitle, xTitle, '%{x}', '%{hovertext}')}<extra></extra>`,
      },
    ],
    layout: {
      ...layout(title, xTitle, ''),
      // Long names: let the axis take the room its labels need.
      yaxis: { automargin: true, type: 'category' },
      margin: { l: 20, r: 20, t: 50, b: 50 },
      height: 60 + 28 * labels.length + 60,
    },
  };
}

/** A histogram of raw values. */
export function histogram(title: string, values: number[], axes: { x: string; y: string; bins?: number; logX?: boolean }): Figure {
  return {
    data: [
      {
        type: 'histogram',
        x: values,
        ...(axes.bins ? { nbinsx: axes.bins } : {}),
        hovertemplate: `${hoverTemplate(axes.x, axes.y)}<extra></extra>`,
      },
    ],
    layout: layout(title, axes.x, axes.y, axes.logX ? { xaxis: { title: { text: axes.x }, type: 'log' } } : {}),
  };
}

/** A grid of counts: rows × columns, colour by value. */
export function heatmap(title: string, x: Array<string | number>, y: string[], z: number[][], axes: { x: string; y: string }): Figure {
  return {
    data: [
      {
        type: 'heatmap',
        x: x.map(String),
        y,
        z,
        colorscale: 'Blues',
        colorbar: { title: { text: 'plays' } },
        hovertemplate: `${hoverTemplate(axes.x, axes.y, '%{y}', '%{x}')}<br>plays: %{z}<extra></extra>`,
      },
    ],
    layout: { ...layout(title, axes.x, axes.y), yaxis: { title: { text: axes.y }, autorange: 'reversed' }, xaxis: { title: { text: axes.x }, type: 'category' } },
  };
}

/** The layout the report's charts share: a title, compact margins, readable axes. */
export function baseLayout(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: { text: title }, margin: { l: 60, r: 20, t: 50, b: 60 }, height: 360, ...extra };
}
