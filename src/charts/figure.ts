/** A Plotly figure as plain data: what Plotly.newPlot takes, what a notebook displays as
 *  application/vnd.plotly.v1+json, and what the HTML report embeds. */
export interface Figure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

/** The layout every chart of the kit shares: a title, compact margins, readable axes. */
export function baseLayout(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: { text: title }, margin: { l: 60, r: 20, t: 50, b: 60 }, height: 360, ...extra };
}
