import * as fs from 'node:fs';
import pl, { type DataType } from 'nodejs-polars';
import type { SourceDef } from '../catalog/types';
import { polarsRawType } from '../core/polars-types';
import { type LinePiece, type LineText, linePieces, lineTextSize, writePieceFile } from './line-pieces';

/**
 * Text up to twice this size is parsed at once; larger text in pieces of about this size. Polars maps a file it
 * parses whole: a 50M-event day's log (821 MB) held 0.9 GB of mapped file beside ~1 GB of parse while it was parsed,
 * the read's highest point (a 50M run's peak). In pieces, one piece is mapped at a time.
 */
export const PARSE_PIECE_BYTES = 128 * 2 ** 20;

/**
 * The fast path for large files: Polars' native NDJSON reader with the declared schema. Together with the check
 * of the text (checkTextForPolars in native-text-check.ts) it only ever accepts a file it can
 * prove clean — every record a JSON object whose fields have their declared types and pass the declared rules —
 * and gives null otherwise, so the exact record-by-record reader decides what goes to the quarantine. The two
 * paths therefore load the same rows.
 * `json` is the file on local disk when its bytes are the JSON as stored, else the file's JSON bytes.
 */
export async function parseCleanNdjson(json: LineText, source: SourceDef, pieceBytes = PARSE_PIECE_BYTES): Promise<pl.DataFrame | null> {
  try {
    const size = await lineTextSize(json);
    const whole = size <= 2 * pieceBytes;
    // A small local file is Polars' to read as it is; small bytes are one piece, written out for Polars to read.
    if (whole && typeof json === 'string') return await parseCleanFile(json, source);
    return await parseInPieces(json, whole ? [{ start: 0, end: size }] : await linePieces(json, size, pieceBytes), source);
  } catch {
    // Not valid JSON Lines, or a value Polars cannot read as its declared type (it is strict for numbers).
    return null;
  }
}

/** The pieces' frames, one after the other (a piece that is not clean makes the whole null). The next piece is
 *  written out while one is parsed. */
async function parseInPieces(json: LineText, pieces: LinePiece[], source: SourceDef): Promise<pl.DataFrame | null> {
  const frames: pl.DataFrame[] = [];
  let next: Promise<string> | null = writePieceFile(json, pieces[0]);
  try {
    for (let i = 0; i < pieces.length; i++) {
      const file: string = await next!;
      next = i + 1 < pieces.length ? writePieceFile(json, pieces[i + 1]) : null;
      try {
        const frame = await parseCleanFile(file, source);
        if (!frame) return null;
        frames.push(frame);
      } finally {
        fs.rmSync(file, { force: true });
      }
    }
  } finally {
    // A piece written ahead of a parse that failed.
    if (next) await next.then((file) => fs.rmSync(file, { force: true }), () => {});
  }
  // Not rechunked: the pieces' frames are kept as chunks rather than copied into one.
  return frames.length === 1 ? frames[0] : pl.concat(frames, { how: 'vertical', rechunk: false });
}

/** One plain JSON Lines file parsed whole; throws when Polars cannot read it. */
async function parseCleanFile(file: string, source: SourceDef): Promise<pl.DataFrame | null> {
  const frame = await pl.scanJson(file, { schema: rawSchema(source), rechunk: true }).collect();
  return (await breaksRules(frame, source)) ? null : frame;
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
