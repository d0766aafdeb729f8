import type { Figure } from '../charts/figure';
import { PLOTLY_MIME } from '../notebooks/show';
import { joinText, type NotebookOutput } from './notebook-file';

export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Terminal colour codes (tslab's errors, some logs): meaningless in HTML. */
export const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

/** JSON inside a <script> element: `</script` or `<!--` in a string must not end or confuse it. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/** One output as presented: a live chart, or a block of HTML. */
export type OutputBlock = { kind: 'chart'; figure: Figure; png?: string } | { kind: 'html'; html: string };

/**
 * The richest representation a slide can show, in the order JupyterLab prefers: the Plotly figure (drawn live),
 * HTML (tables), SVG, PNG/JPEG, then plain text. Outputs with nothing to show give null.
 */
export function outputBlock(output: NotebookOutput): OutputBlock | null {
  if (output.output_type === 'stream') {
    const text = stripAnsi(joinText(output.text));
    if (text.trim() === '') return null;
    return { kind: 'html', html: `<pre class="output-text${output.name === 'stderr' ? ' output-stderr' : ''}">${escapeHtml(text.replace(/\n$/, ''))}</pre>` };
  }
  if (output.output_type === 'error') {
    const text = stripAnsi((output.traceback ?? []).join('\n') || `${output.ename}: ${output.evalue}`);
    return { kind: 'html', html: `<pre class="output-text output-error">${escapeHtml(text)}</pre>` };
  }
  const data = output.data ?? {};
  const text = (mime: string) => joinText(data[mime] as string | string[]);
  if (data[PLOTLY_MIME]) return { kind: 'chart', figure: data[PLOTLY_MIME] as Figure, png: data['image/png'] ? text('image/png') : undefined };
  if (data['text/html']) return { kind: 'html', html: `<div class="output-html">${text('text/html')}</div>` };
  if (data['image/svg+xml']) return { kind: 'html', html: `<div class="output-image">${text('image/svg+xml')}</div>` };
  for (const mime of ['image/png', 'image/jpeg']) {
    if (data[mime]) return { kind: 'html', html: `<div class="output-image"><img src="data:${mime};base64,${text(mime).replace(/\s/g, '')}" alt=""></div>` };
  }
  if (data['text/plain']) return { kind: 'html', html: `<pre class="output-text">${escapeHtml(stripAnsi(text('text/plain')))}</pre>` };
  return null;
}
