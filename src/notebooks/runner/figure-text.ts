/**
 * A chart's figure as text, so the regression check compares charts like any other output: the title, the
 * axis titles, and per trace its type, name and values. A changed model or chart function that moves a chart
 * shows up as a readable diff of these lines. Drawing details (colours, sizes, margins) are left out.
 */
interface FigureJson {
  data?: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
}

const titleOf = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const text = (value as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' ? text : '';
};

/** Numbers to 6 significant digits: what a chart shows, stable against float noise in the last bits. */
function value(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (v === null || v === undefined) return 'null';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A long list of raw values (a histogram's input) summarized by what moves its bars. */
function summary(values: unknown[]): string {
  const numbers = values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  if (numbers.length !== values.length) return `${values.length} values`;
  const at = (q: number) => value(numbers[Math.min(numbers.length - 1, Math.floor(q * numbers.length))]);
  const sum = numbers.reduce((a, b) => a + b, 0);
  return `${values.length} values: min ${at(0)}, median ${at(0.5)}, max ${value(numbers[numbers.length - 1])}, sum ${value(sum)}`;
}

function traceLines(trace: Record<string, unknown>, index: number): string[] {
  const kind = [trace.type ?? 'scatter', trace.orientation === 'h' ? 'horizontal' : ''].filter(Boolean).join(' ');
  const lines = [`trace ${index + 1}: ${kind}${trace.name ? ` "${trace.name}"` : ''}`];
  const x = Array.isArray(trace.x) ? trace.x : null;
  const y = Array.isArray(trace.y) ? trace.y : null;
  const z = Array.isArray(trace.z) ? (trace.z as unknown[][]) : null;
  if (trace.type === 'histogram') {
    if (x) lines.push(`  x: ${summary(x)}`);
    if (y) lines.push(`  y: ${summary(y)}`);
  } else if (z) {
    lines.push(`  x: ${(x ?? []).map(value).join(' | ')}`);
    z.forEach((row, i) => lines.push(`  ${value(y?.[i] ?? i)}: ${row.map(value).join(' ')}`));
  } else {
    const n = Math.max(x?.length ?? 0, y?.length ?? 0);
    for (let i = 0; i < n; i++) lines.push(`  ${value(x?.[i])} → ${value(y?.[i])}`);
  }
  return lines;
}

export function figureText(figure: FigureJson): string {
  const layout = figure.layout ?? {};
  const axis = (name: string) => titleOf((layout[name] as { title?: unknown } | undefined)?.title);
  return [
    `chart: ${titleOf(layout.title)}`,
    `x axis: ${axis('xaxis')} · y axis: ${axis('yaxis')}`,
    ...(figure.data ?? []).flatMap(traceLines),
  ].join('\n');
}
