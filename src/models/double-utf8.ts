/**
 * Text that went through UTF-8 → Latin-1 twice ("BjÃÂ¶rk" for "Björk"), as the sample's log names did.
 *
 * The rule: a Latin-1 character U (U+00A0–U+00FF) encoded as UTF-8, read as Latin-1, encoded and read again
 * becomes exactly four characters — "Ã", U+0082 or U+0083 (the lead byte), "Â", U+0080–U+00BF (the last byte).
 * A name is double-encoded when it is made only of ASCII and such sequences (`is_double_utf8`); such a name is
 * repaired whole, every other name is left as it is (a real "Ã", text garbled once, characters beyond Latin-1,
 * a mix). On such a name both engines' forms give the same text:
 * - Spark decodes it twice (`decode(encode(…, 'ISO-8859-1'), 'UTF-8')`), one call, cheap to plan;
 * - Polars SQL (nodejs-polars 0.26.1) has no encode/decode, regexp_replace, chr or translate, so it replaces each
 *   of the 96 sequences; its parser refuses more than about 45 nested calls, so in three passes of 32 (`pass`
 *   1, 2, 3: symbols, capitals, small letters), each in its own CTE. Spark does all in pass 1.
 * (An earlier Spark form folded the 96 REPLACEs with aggregate(): ~100 s of query planning per run.)
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

/** Spark: the whole repair in pass 1 (two rounds of Latin-1 bytes read as UTF-8); passes 2 and 3 keep the text. */
export function repairDoubleUtf8DecodeSql(expression: string, pass: string): string {
  repairPairs(pass); // the same pass numbers are valid on both engines
  if (pass !== '1') return expression;
  const once = (sql: string) => `decode(encode(${sql}, 'ISO-8859-1'), 'UTF-8')`;
  return once(once(expression));
}

/** A whole name of ASCII and double-encoded sequences, as a regex in each engine's syntax. */
const DOUBLE_UTF8_NAME = '^(?:[\\x00-\\x7F]|Ã[\\x82\\x83]Â[\\x80-\\xBF])*Ã[\\x82\\x83]Â[\\x80-\\xBF](?:[\\x00-\\x7F]|Ã[\\x82\\x83]Â[\\x80-\\xBF])*$';

/** Polars: its SQL strings keep backslashes as they are, and Rust's regex reads \xNN. */
export function isDoubleUtf8PolarsSql(expression: string): string {
  return `REGEXP_LIKE(${expression}, '${DOUBLE_UTF8_NAME}')`;
}

/** Spark: its SQL strings unescape a backslash pair to one, then Java's regex reads \xNN. */
export function isDoubleUtf8SparkSql(expression: string): string {
  return `(${expression} RLIKE '${DOUBLE_UTF8_NAME.replaceAll('\\', '\\\\')}')`;
}
