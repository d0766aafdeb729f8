/** One engine's RSS over one run: [seconds since start, MB] samples. */
export interface RssSeries {
  engine: string;
  samples: Array<[number, number]>;
}

const WIDTH = 760;
const HEIGHT = 320;
const MARGIN = { left: 64, right: 150, top: 28, bottom: 40 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

/** A plain SVG line chart (no script, so GitHub and any Markdown viewer show it) of RSS over time per engine. */
export function rssChartSvg(title: string, series: RssSeries[]): string {
  const maxT = Math.max(1, ...series.flatMap((s) => s.samples.map(([t]) => t)));
  const maxMb = Math.max(1, ...series.flatMap((s) => s.samples.map(([, mb]) => mb)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (t: number) => MARGIN.left + (t / maxT) * plotW;
  const y = (mb: number) => MARGIN.top + plotH - (mb / maxMb) * plotH;
  const ticks = (max: number) => [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const text = (tx: number, ty: number, body: string, anchor = 'middle') =>
    `<text x="${tx.toFixed(1)}" y="${ty.toFixed(1)}" text-anchor="${anchor}" font-family="sans-serif" font-size="12">${body}</text>`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    text(WIDTH / 2, 18, title),
    `<line x1="${MARGIN.left}" y1="${y(0)}" x2="${MARGIN.left + plotW}" y2="${y(0)}" stroke="black"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${y(0)}" stroke="black"/>`,
    ...ticks(maxT).map((t) => text(x(t), y(0) + 16, t.toFixed(0))),
    ...ticks(maxMb).map((mb) => text(MARGIN.left - 6, y(mb) + 4, mb.toFixed(0), 'end')),
    text(MARGIN.left + plotW / 2, HEIGHT - 6, 'seconds since start'),
    `<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-family="sans-serif" font-size="12">RSS of the process tree (MB)</text>`,
    ...series.flatMap((s, i) => {
      const color = COLORS[i % COLORS.length];
      const points = s.samples.map(([t, mb]) => `${x(t).toFixed(1)},${y(mb).toFixed(1)}`).join(' ');
      const legendY = MARGIN.top + 16 + i * 18;
      return [
        `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${points}"/>`,
        `<line x1="${WIDTH - MARGIN.right + 12}" y1="${legendY - 4}" x2="${WIDTH - MARGIN.right + 32}" y2="${legendY - 4}" stroke="${color}" stroke-width="2"/>`,
        text(WIDTH - MARGIN.right + 38, legendY, s.engine, 'start'),
      ];
    }),
    '</svg>',
  ].join('\n');
}
