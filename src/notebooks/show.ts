import type { Figure } from '../charts/figure';
import { renderPngs } from '../charts/render-png';

export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

type WriteDisplayData = (content: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

/** tslab's channel for display data, when this runs inside the tslab kernel (null elsewhere). */
function tslabWriter(): WriteDisplayData | null {
  try {
    // tslab's public display.raw() sends one MIME type per output and stringifies it; a chart needs one output
    // with several (interactive JSON + static PNG) so each viewer picks what it can draw. The kernel loads this
    // same module (the project's own tslab), so its writer is the one for the running cell.
    return (require('tslab/dist/jupyter') as { lastWriteDisplayData: WriteDisplayData | null }).lastWriteDisplayData;
  } catch {
    return null;
  }
}

/**
 * Shows a chart as one output with three representations: the Plotly figure (JupyterLab draws it interactively
 * with the Plotly extension), a PNG drawn by plotly.js in headless Chromium (GitHub, nbconvert's HTML and any
 * viewer without JavaScript show it), and a text line for plain-text viewers.
 */
export async function show(figure: Figure): Promise<void> {
  const [png] = await renderPngs([figure]);
  const title = String((figure.layout.title as { text?: string } | undefined)?.text ?? 'chart');
  const data = { [PLOTLY_MIME]: figure, 'image/png': png.toString('base64'), 'text/plain': `<chart: ${title}>` };
  const metadata = { 'image/png': { width: figure.layout.width, height: figure.layout.height } };
  const write = tslabWriter();
  if (write) write({ data, metadata, transient: {} }, false);
  else console.log(`<chart: ${title}> (${png.length} bytes of PNG; run in the tslab kernel to see it)`);
}
