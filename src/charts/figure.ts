/** A Plotly figure as plain data: what plotly.js draws, what JupyterLab's Plotly renderer reads. */
export interface Figure {
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
  /** plotly.js's config (JupyterLab's renderer reads it from the output too). */
  config?: Record<string, unknown>;
}

/**
 * How every chart of the kit is drawn interactively (Lab, the report, the pages): no mode bar, which covers the title
 * on hover (zoom still works by dragging, a double click resets it), no logo.
 */
export const CHART_CONFIG = { displayModeBar: false, displaylogo: false };

/**
 * A log axis labelled at 1, 2 and 5 of each power of ten: Plotly's default labels every digit over a short range
 * ("9 8 7 6 5 4 3 2"), which reads as clutter.
 */
export const LOG_AXIS = { type: 'log', dtick: 'D2' };

/** A number as a tick shows it: 20, 500, 2k, 50k, 1M. */
function compact(value: number): string {
  if (value >= 1e6) return `${value / 1e6}M`;
  if (value >= 1e3) return `${value / 1e3}k`;
  return String(value);
}

/**
 * A log axis from 1 to a bit above `max`, with whole labels: 1, 2, 5, 10, 20, 50… over up to three decades, the
 * powers of ten alone over more (D2's small "2" and "5" read as two and five whatever the decade).
 */
export function logAxis(max: number): Record<string, unknown> {
  const top = Math.max(1, max);
  const decades = Math.ceil(Math.log10(top * 1.05));
  const steps = decades <= 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let power = 1; power <= top * 1.05; power *= 10) for (const step of steps) if (step * power <= top * 1.05) ticks.push(step * power);
  return { type: 'log', range: [0, Math.log10(top) * 1.05], tickmode: 'array', tickvals: ticks, ticktext: ticks.map(compact) };
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

/** Hover labels that name what they show ("hour: 15, plays: 477"), not a bare "(15, 477)"; an axis without a title
 *  shows its value alone (the category names itself: "users seen", not "x: users seen"). */
function hoverTemplate(x: string, y: string, value = '%{y}', category = '%{x}'): string {
  return `${x ? `${x}: ${category}` : category}<br>${y ? `${y}: ${value}` : value}`;
}

/**
 * Vertical bars, one per category; several series side by side. A series in another unit goes on a right-hand axis
 * (`right: true`, titled `axes.y2`): one unit per axis, never "count / bytes".
 */
export function barChart(
  title: string,
  categories: Array<string | number>,
  series: Array<{ name: string; values: number[]; right?: boolean }>,
  axes: { x: string; y: string; y2?: string; logY?: boolean },
): Figure {
  const twoAxes = series.some((s) => s.right);
  // A log axis starts at 1, so bars on two log axes compare by height (Plotly would start each at its smallest
  // value); its top is the largest value of the series on it, with a little room.
  const valueAxis = (right: boolean) => {
    const max = Math.max(1, ...series.filter((s) => Boolean(s.right) === right).flatMap((s) => s.values));
    return axes.logY ? logAxis(max) : { rangemode: 'tozero' };
  };
  return {
    data: series.map((s, i) => ({
      type: 'bar',
      name: s.name,
      x: categories.map(String),
      y: s.values,
      hovertemplate: `${hoverTemplate(axes.x, s.right ? (axes.y2 ?? '') : axes.y)}<extra>${series.length > 1 ? s.name : ''}</extra>`,
      // Bars on two axes still stand side by side: one offset group per series.
      ...(twoAxes ? { offsetgroup: String(i), ...(s.right ? { yaxis: 'y2' } : {}) } : {}),
    })),
    layout: layout(title, axes.x, axes.y, {
      barmode: 'group',
      showlegend: series.length > 1,
      // With an axis on each side the legend goes below the chart, as the report's volume charts have it.
      ...(twoAxes ? { legend: { orientation: 'h', x: 0, y: -0.3, yanchor: 'top' }, margin: { ...BASE_LAYOUT.margin, r: 70, b: 110 }, height: BASE_LAYOUT.height + 30 } : {}),
      xaxis: { title: { text: axes.x }, type: 'category' },
      yaxis: { title: { text: axes.y }, gridcolor: '#eee', ...(axes.logY ? valueAxis(false) : {}) },
      // Its own ticks (not Plotly's "sync" with the left axis, which gives 4.9, 9.8, 14.7…).
      ...(twoAxes ? { yaxis2: { title: { text: axes.y2 ?? '' }, overlaying: 'y', side: 'right', showgrid: false, tickmode: 'auto', ...valueAxis(true) } } : {}),
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
    layout: layout(title, axes.x, axes.y, axes.logX ? { xaxis: { title: { text: axes.x }, ...LOG_AXIS } } : {}),
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
