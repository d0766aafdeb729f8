import { expandMacros } from './macros';
import { splitArgs } from './split-args';

/** SQL text: a column, an expression, a literal, as the model writes it between the call's parentheses. */
export type SqlText = string;

/**
 * The functions whose SQL differs between engines, each rendered by every dialect. Models call them as
 * `{{ name(arg, …) }}`; everything else in a model is plain SQL that every engine runs. A function added here must
 * be added to DIALECT_FUNCTIONS and to every dialect in dialects/, or the kit does not compile.
 */
export interface DialectFunctions {
  /** Epoch milliseconds (UTC) to a timestamp, to the millisecond. */
  epoch_ms_to_timestamp: (ms: SqlText) => SqlText;
  /** The ISO weekday of a timestamp: Monday = 1 … Sunday = 7. */
  iso_weekday: (timestamp: SqlText) => SqlText;
  /** The ISO week of a timestamp (1 … 53). */
  iso_week: (timestamp: SqlText) => SqlText;
  /** A 62-bit id from one or more non-negative integer columns, the same on every engine (stable-id.ts). */
  stable_id: (...columns: SqlText[]) => SqlText;
  /** One pass (1, 2 or 3) of the repair of a double-encoded name (double-utf8.ts). */
  repair_double_utf8: (expression: SqlText, pass: SqlText) => SqlText;
  /** True when a name is double-encoded as a whole (double-utf8.ts). */
  is_double_utf8: (expression: SqlText) => SqlText;
}

export type DialectFunctionName = keyof DialectFunctions;

/** Each function's parameters, for the renderer's checks of a call (`...` marks one or more). */
export const DIALECT_FUNCTIONS = {
  epoch_ms_to_timestamp: ['ms'],
  iso_weekday: ['timestamp'],
  iso_week: ['timestamp'],
  stable_id: ['...columns'],
  repair_double_utf8: ['expression', 'pass'],
  is_double_utf8: ['expression'],
} as const satisfies Record<DialectFunctionName, readonly string[]>;

/** One engine's SQL: its name (for messages) and its rendering of every dialect function. */
export interface Dialect {
  name: string;
  functions: DialectFunctions;
}

function isDialectFunction(name: string): name is DialectFunctionName {
  return Object.hasOwn(DIALECT_FUNCTIONS, name);
}

const CALL = /\{\{\s*([a-z_][a-z0-9_]*)\s*\(([^{}]*)\)\s*\}\}/gi;

/** The arguments of a call when their number fits the function's parameters; throws a one-line error otherwise. */
function checkedArgs(name: DialectFunctionName, args: string[], where: string): string[] {
  const params: readonly string[] = DIALECT_FUNCTIONS[name];
  const variadic = params.at(-1)?.startsWith('...') ?? false;
  const fits = variadic ? args.length >= params.length : args.length === params.length;
  if (!fits) throw new Error(`${where}: {{ ${name}(…) }} takes (${params.join(', ')}), got ${args.length} argument(s)`);
  return args;
}

/**
 * Renders a model for one dialect: its shared macros (`{% name(…) %}`, macros.ts), then its dialect calls
 * (`{{ name(…) }}`). A call of a function or macro that does not exist is an error naming the model (`model`, for
 * the message) and the name, whatever the dialect.
 */
export function renderSql(sql: string, dialect: Dialect, model?: string): string {
  const where = model === undefined ? 'SQL' : `model ${model}`;
  const rendered = expandMacros(sql, where).replace(CALL, (_match, name: string, args: string) => {
    if (!isDialectFunction(name)) {
      throw new Error(`${where}: unknown dialect function {{ ${name}(…) }} (the dialect functions: ${Object.keys(DIALECT_FUNCTIONS).join(', ')})`);
    }
    const fn: (...args: SqlText[]) => SqlText = dialect.functions[name];
    return fn(...checkedArgs(name, splitArgs(args), where));
  });
  if (rendered.includes('{{')) throw new Error(`unrendered macro left in ${where} for dialect ${dialect.name}`);
  return rendered;
}
