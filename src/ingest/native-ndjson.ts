import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pl, { type DataType } from 'nodejs-polars';
import type { SourceDef } from '../catalog/types';
import { polarsRawType } from '../core/polars-types';

/**
 * The fast path for large files: Polars' native NDJSON reader with the declared schema. Together with the check
 * of the text (checkTextForPolars in native-text-check.ts) it only ever accepts a file it can
 * prove clean — every record a JSON object whose fields have their declared types and pass the declared rules —
 * and gives null otherwise, so the exact record-by-record reader decides what goes to the quarantine. The two
 * paths therefore load the same rows.
 * `json` is the file on local disk when its bytes are the JSON as stored, else the file's JSON bytes.
 */
export async function parseCleanNdjson(json: string | Buffer, source: SourceDef): Promise<pl.DataFrame | null> {
  const tmp = typeof json === 'string' ? null : writeTemp(json);
  try {
    const frame = await pl.scanJson(tmp ?? (json as string), { schema: rawSchema(source), rechunk: true }).collect();
    return (await breaksRules(frame, source)) ? null : frame;
  } catch {
    // Not valid JSON Lines, or a value Polars cannot read as its declared type (it is strict for numbers).
    return null;
  } finally {
    if (tmp) fs.rmSync(tmp, { force: true });
  }
}

function rawSchema(source: SourceDef): Record<string, DataType> {
  return Object.fromEntries(source.fields.map((f) => [f.name, polarsRawType(f.type)]));
}

/** Whether any row breaks a declared rule (the same rules as record-validator.ts, vectorized). Lazy, so that it runs
 *  on Polars' threads: this thread meanwhile checks the text of another file. */
async function breaksRules(frame: pl.DataFrame, source: SourceDef): Promise<boolean> {
  const any = ruleBreaks(source);
  if (any === null) return false;
  const broken = await frame.lazy().filter(any).select(pl.len().alias('rows')).collect();
  return Number(broken.getColumn('rows').get(0)) > 0;
}

const ruleBreakExprs = new Map<SourceDef, pl.Expr | null>();

/** One expression, true on a row that breaks any rule; built once per source (building it costs more than
 *  evaluating it on a file). */
function ruleBreaks(source: SourceDef): pl.Expr | null {
  if (ruleBreakExprs.has(source)) return ruleBreakExprs.get(source)!;
  const problems: pl.Expr[] = [];
  for (const field of source.fields) {
    const col = pl.col(field.name);
    if (field.required) problems.push(col.isNull());
    if (field.pattern) problems.push(col.isNotNull().and(col.str.contains(field.pattern).not()));
    if (field.minimum !== undefined) problems.push(col.lt(field.minimum));
    if (field.maximum !== undefined) problems.push(col.gt(field.maximum));
    // JavaScript numbers hold integers exactly only up to 2^53; the exact reader rejects larger ones.
    if (field.type === 'integer') problems.push(col.abs().gt(Number.MAX_SAFE_INTEGER));
    if (field.requiredWhen) {
      const when = pl.col(field.requiredWhen.field).eq(pl.lit(field.requiredWhen.equals));
      const empty = field.type === 'string' ? col.isNull().or(col.eq(pl.lit(''))) : col.isNull();
      problems.push(when.and(empty));
    }
  }
  const any = problems.length === 0 ? null : problems.reduce((a, b) => a.or(b)).fillNull(false);
  ruleBreakExprs.set(source, any);
  return any;
}

function writeTemp(payload: Buffer): string {
  const file = path.join(os.tmpdir(), `sparkify-ndjson-${process.pid}-${Math.random().toString(16).slice(2)}.json`);
  fs.writeFileSync(file, payload);
  return file;
}
