import { CHART_CONFIG, type Figure } from '../charts/figure';
import { renderPngs } from '../charts/render-png';
import { display } from './display';

export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

/**
 * Shows a chart as one output with three representations: the Plotly figure (JupyterLab draws it interactively
 * with the Plotly extension), a PNG drawn by plotly.js in headless Chromium (GitHub, nbconvert's HTML and any
 * viewer without JavaScript show it), and a text line for plain-text viewers.
 */
export async function show(figure: Figure): Promise<void> {
  const [png] = await renderPngs([figure]);
  const title = String((figure.layout.title as { text?: string } | undefined)?.text ?? 'chart');
  const data = { [PLOTLY_MIME]: { ...figure, config: { ...CHART_CONFIG, ...figure.config } }, 'image/png': png.toString('base64'), 'text/plain': `<chart: ${title}>` };
  const metadata = { 'image/png': { width: figure.layout.width, height: figure.layout.height } };
  display(data, metadata, `<chart: ${title}> (${png.length} bytes of PNG; run in the tslab kernel to see it)`);
}
