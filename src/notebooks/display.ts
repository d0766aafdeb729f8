type WriteDisplayData = (content: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

/** tslab's channel for display data, when this runs inside the tslab kernel (null elsewhere). */
function tslabWriter(): WriteDisplayData | null {
  try {
    // tslab's public display.raw() sends one MIME type per output and stringifies it; a chart or a table needs one
    // output with several (rich + plain) so each viewer picks what it can draw. The kernel loads this same module
    // (the project's own tslab), so its writer is the one for the running cell.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('tslab/dist/jupyter') as { lastWriteDisplayData: WriteDisplayData | null }).lastWriteDisplayData;
  } catch {
    return null;
  }
}

/**
 * Shows one output with several representations (MIME type → content). Outside the kernel (a script, a test),
 * prints `fallback`, or the text/plain form.
 */
export function display(data: Record<string, unknown>, metadata: Record<string, unknown> = {}, fallback?: string): void {
  const write = tslabWriter();
  if (write) write({ data, metadata, transient: {} }, false);
  else console.log(fallback ?? String(data['text/plain'] ?? ''));
}
