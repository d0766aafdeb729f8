/**
 * Text forms of JSON values exactly as the real files spell them. JSON.stringify differs in three ways
 * that matter for byte-for-byte fidelity:
 *  - the real files escape every non-ASCII character as \uXXXX (Python's ensure_ascii), lowercase hex;
 *  - the real log files also escape "/" as "\/" (the song files do not);
 *  - floats are written as Python writes them: a whole number keeps ".0" (registration 1540919166796.0).
 */

const SIMPLE = /^[\x20-\x21\x23-\x2e\x30-\x5b\x5d-\x7e]*$/; // printable ASCII without " \ /

function escapeWith(s: string, slash: boolean): string {
  if (SIMPLE.test(s)) return '"' + s + '"';
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i); // UTF-16 code units: astral characters become surrogate pairs, as in Python
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x2f) out += slash ? '\\/' : '/';
    else if (c >= 0x20 && c <= 0x7e) out += s[i];
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else out += '\\u' + c.toString(16).padStart(4, '0');
  }
  return out + '"';
}

/** A string as Python's json.dumps writes it (the song files). */
export function pyString(s: string): string {
  return escapeWith(s, false);
}

/** A string as the event logs write it: like pyString, and "/" escaped as "\/". Returned flat (see flat). */
export function logString(s: string): string {
  return flat(escapeWith(s, true));
}

/**
 * The same ASCII text as one contiguous string. Strings built by concatenation are trees ("ropes") in V8;
 * an event line joins ~17 pieces, and copying it out is 3-4x slower when the pieces are themselves trees
 * scattered over the heap. Pieces made once and used millions of times are therefore flattened here.
 */
export function flat(ascii: string): string {
  return Buffer.from(ascii, 'latin1').toString('latin1');
}

/** A float as Python's repr writes it, for the magnitudes found here (no exponent forms needed). */
export function pyFloat(x: number): string {
  return Number.isInteger(x) ? x + '.0' : String(x);
}

/** Nullable variants: null is written bare. */
export function pyStringOrNull(s: string | null): string {
  return s === null ? 'null' : pyString(s);
}
export function pyFloatOrNull(x: number | null): string {
  return x === null ? 'null' : pyFloat(x);
}

/**
 * The real log text holds doubly mis-decoded UTF-8 ("Björk" appears as "BjÃ\u0083Â¶rk"): every non-ASCII
 * title and artist in the logs is damaged this way, and so is every generated one; the staging model
 * repairs it (src/models/double-utf8.ts), which is what lets generated plays match their song files.
 */
export function mojibake(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  const once = Buffer.from(s, 'utf8').toString('latin1');
  return Buffer.from(once, 'utf8').toString('latin1');
}
