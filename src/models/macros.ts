import { splitArgs } from './split-args';

/**
 * Macros: SQL that several models share, one text for every engine (what differs between engines is a dialect
 * function instead, dialect.ts). A model calls one as `{% name(arg, …) %}`; the call is replaced by the macro's SQL
 * before the dialect functions are rendered, its lines after the first indented as the line of the call.
 */
const MACROS = {
  /**
   * How complete an artist's row is, as two columns to order by (0 before 1): lacks_coordinates (latitude or
   * longitude unknown), then lacks_location. star/artists.sql keeps the most complete row per artist among the song
   * files, merge/artists.sql between the lake's row and this run's.
   */
  artist_completeness: (latitude: string, longitude: string, location: string) =>
    [
      `CASE WHEN ${latitude} IS NULL OR ${longitude} IS NULL THEN 1 ELSE 0 END AS lacks_coordinates,`,
      `CASE WHEN ${location} IS NULL THEN 1 ELSE 0 END AS lacks_location`,
    ].join('\n'),
} satisfies Record<string, (...args: string[]) => string>;

export type MacroName = keyof typeof MACROS;

function isMacro(name: string): name is MacroName {
  return Object.hasOwn(MACROS, name);
}

const CALL = /\{%\s*([a-z_][a-z0-9_]*)\s*\(([^{}%]*)\)\s*%\}/gi;

/** Replaces every macro call in `sql`; `where` names the model in errors (an unknown macro, a wrong argument count). */
export function expandMacros(sql: string, where: string): string {
  const expanded = sql.replace(CALL, (_match, name: string, argText: string, offset: number) => {
    if (!isMacro(name)) throw new Error(`${where}: unknown macro {% ${name}(…) %} (the macros: ${Object.keys(MACROS).join(', ')})`);
    const macro: (...args: string[]) => string = MACROS[name];
    const args = splitArgs(argText);
    if (args.length !== macro.length) throw new Error(`${where}: {% ${name}(…) %} takes ${macro.length} argument(s), got ${args.length}`);
    const indent = /^[ \t]*/.exec(sql.slice(sql.lastIndexOf('\n', offset - 1) + 1, offset))?.[0] ?? '';
    return macro(...args).replaceAll('\n', `\n${indent}`);
  });
  if (expanded.includes('{%')) throw new Error(`${where}: unrendered macro call left ({% name(…) %} expected)`);
  return expanded;
}
