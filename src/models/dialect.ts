/**
 * A dialect renders the few functions whose SQL differs between engines. Models call them as
 * `{{ name(arg, …) }}`; everything else in a model is plain SQL that Polars and Spark both run.
 */
export interface Dialect {
  name: string;
  functions: Record<string, (...args: string[]) => string>;
}

const MACRO = /\{\{\s*([a-z_][a-z0-9_]*)\s*\(([^{}]*)\)\s*\}\}/gi;

/** Splits `a, f(b, c), d` into its top-level arguments. */
function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '') args.push(current.trim());
  return args;
}

export function renderSql(sql: string, dialect: Dialect): string {
  const rendered = sql.replace(MACRO, (_match, name: string, args: string) => {
    const fn = dialect.functions[name];
    if (!fn) throw new Error(`dialect ${dialect.name} has no function ${name}`);
    return fn(...splitArgs(args));
  });
  if (rendered.includes('{{')) throw new Error(`unrendered macro left in SQL for dialect ${dialect.name}`);
  return rendered;
}
