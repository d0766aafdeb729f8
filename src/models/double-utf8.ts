/**
 * Text that went through UTF-8 → Latin-1 twice ("BjÃÂ¶rk" for "Björk"), as the sample's log names did.
 *
 * The rule: a Latin-1 character U (U+00A0–U+00FF) encoded as UTF-8, read as Latin-1, encoded and read again
 * becomes exactly four characters — "Ã", U+0082 or U+0083 (the lead byte), "Â", U+0080–U+00BF (the last byte).
 * Each such sequence becomes U; everything else (a real "Ã", text garbled once, characters beyond Latin-1) is
 * left as it is. A legitimate name never holds a C1 control (U+0080–U+009F) between "Ã" and "Â", so only
 * really double-encoded text changes.
 *
 * The same 96 replacements, in the same order, on both engines. Polars SQL (nodejs-polars 0.26.1) has no
 * regexp_replace, chr, translate, encode or decode, and its parser refuses more than about 45 nested calls —
 * so for Polars they are nested REPLACEs in three passes of 32 (`pass` 1, 2, 3: symbols, capitals, small
 * letters), each in its own CTE. Spark's analyzer gives up on 32 nested REPLACEs ("Max iterations (100)
 * reached"; raised to 1000 it took 43 s to plan one row), so for Spark each pass folds the pairs with
 * aggregate(). Spark's decode(encode(…)) could do it in one call, but would repair more than Polars can
 * (non-Latin-1 originals), and both engines must give identical rows.
 */
export const DOUBLE_UTF8_PASSES = [
  { lead: 0xc2, first: 0xa0, last: 0xbf }, // U+00A0–U+00BF: symbols (´ º …), UTF-8 lead byte C2
  { lead: 0xc3, first: 0xc0, last: 0xdf }, // U+00C0–U+00DF: capitals (À … ß), lead byte C3
  { lead: 0xc3, first: 0xe0, last: 0xff }, // U+00E0–U+00FF: small letters (à … ÿ), lead byte C3
];

/** What a Latin-1 character becomes after two rounds of UTF-8-read-as-Latin-1. */
export function doubleEncode(text: string): string {
  const once = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  return once(once(text));
}

/** Every character involved is U+0080 or above: no quote or backslash to escape in either dialect. */
function sqlString(text: string): string {
  return `'${text}'`;
}

/** The (garbled, repaired) pairs of one pass, in the order both engines apply them. */
export function repairPairs(pass: string): Array<{ garbled: string; repaired: string }> {
  const range = DOUBLE_UTF8_PASSES[Number(pass) - 1];
  if (!range) throw new Error(`repair_double_utf8: pass must be 1…${DOUBLE_UTF8_PASSES.length}, got ${pass}`);
  const pairs = [];
  for (let code = range.first; code <= range.last; code++) {
    const repaired = String.fromCharCode(code);
    pairs.push({ garbled: doubleEncode(repaired), repaired });
  }
  return pairs;
}

/** Polars: one pass as nested REPLACEs, one per garbled sequence. */
export function repairDoubleUtf8NestedSql(expression: string, pass: string): string {
  return repairPairs(pass).reduce((sql, p) => `REPLACE(${sql}, ${sqlString(p.garbled)}, ${sqlString(p.repaired)})`, expression);
}

/** Spark: one pass as a fold of REPLACE over an array of the pairs (flat, so the analyzer copes). */
export function repairDoubleUtf8FoldSql(expression: string, pass: string): string {
  const pairs = repairPairs(pass).map((p) => `named_struct('garbled', ${sqlString(p.garbled)}, 'repaired', ${sqlString(p.repaired)})`);
  return `aggregate(array(${pairs.join(', ')}), ${expression}, (text, pair) -> replace(text, pair.garbled, pair.repaired))`;
}
