/** Small HTML building blocks for the self-contained report. */

export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe inside a <script> element: no `</script>`, no HTML comment openers, no line separators. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function table(header: string[], rows: unknown[][], options: { numeric?: number[]; rowClass?: (i: number) => string } = {}): string {
  const cell = (value: unknown, i: number, tag: 'td' | 'th') =>
    `<${tag}${options.numeric?.includes(i) ? ' class="num"' : ''}>${escapeHtml(value)}</${tag}>`;
  return [
    '<table>',
    `<thead><tr>${header.map((h, i) => cell(h, i, 'th')).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((r, i) => `<tr${options.rowClass ? ` class="${options.rowClass(i)}"` : ''}>${r.map((v, j) => cell(v, j, 'td')).join('')}</tr>`),
    '</tbody></table>',
  ].join('\n');
}
