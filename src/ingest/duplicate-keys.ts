/**
 * One rule for a JSON object that holds a key twice, on every reader: the record is quarantined with the reason
 * `duplicate key "<key>"`. JSON.parse keeps the last value, Polars' NDJSON reader the first, Python's json the
 * last: without the rule one record loaded differently by file size and engine.
 *
 * Which key is named, when there are several: that of the first object to close (inner objects close before the
 * object holding them) with a repeated key, and in it the first key repeated, in text order. Python's
 * object_pairs_hook sees objects in that order too (src/engines/spark-step/step_runner.py, parse_json).
 */

/**
 * The duplicate key of valid JSON text (JSON.parse accepted it), or null when every object's keys are distinct.
 * Keys are compared as decoded ("a" and "\u0061" are the same key). A scan of the text, character by character
 * outside strings (strings are skipped with indexOf): for the exact reader's records, small song files and files
 * the native reader refused; the native path counts keys instead (native-text-check.ts).
 */
export function duplicateKey(json: string, parsed?: unknown): string | null {
  // Most records: as many keys parsed as the text has key ends (a quote, then a colon) cannot hold a duplicate.
  // Key ends counted so are at least the keys written (a `\":` inside a string counts too), which are at least
  // the keys parsed, equal only without a duplicate: a count that differs just takes the scan below.
  if (parsed !== undefined && keysIn(parsed) === keyEnds(json)) return null;
  const objects: Array<{ keys: Set<string>; duplicate: string | null }> = [];
  const n = json.length;
  for (let i = 0; i < n; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = stringEnd(json, i);
      let next = end + 1;
      while (next < n && isJsonSpace(json.charCodeAt(next))) next++;
      if (json.charCodeAt(next) === 0x3a /* : */ && objects.length > 0) {
        const raw = json.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(json.slice(i, end + 1)) as string) : raw;
        const object = objects[objects.length - 1];
        if (!object.keys.has(key)) object.keys.add(key);
        else if (object.duplicate === null) object.duplicate = key;
      }
      i = end;
    } else if (c === 0x7b /* { */) {
      objects.push({ keys: new Set(), duplicate: null });
    } else if (c === 0x7d /* } */) {
      const closed = objects.pop();
      if (closed?.duplicate != null) return closed.duplicate;
    }
  }
  return null;
}

/** How many keys the objects of a parsed JSON value hold, at any depth. */
function keysIn(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let keys = 0;
  if (Array.isArray(value)) {
    for (const item of value) keys += keysIn(item);
    return keys;
  }
  for (const key in value) keys += 1 + keysIn((value as Record<string, unknown>)[key]);
  return keys;
}

/** Colons right after a quote (JSON white space between allowed): where keys end, and look-alikes in strings. */
function keyEnds(json: string): number {
  let ends = 0;
  for (let colon = json.indexOf(':'); colon !== -1; colon = json.indexOf(':', colon + 1)) {
    let before = colon - 1;
    while (before >= 0 && isJsonSpace(json.charCodeAt(before))) before--;
    if (json.charCodeAt(before) === 0x22) ends++;
  }
  return ends;
}

/** The index of the quote that closes the string opened at `start` (valid JSON: there is one). */
function stringEnd(json: string, start: number): number {
  let end = json.indexOf('"', start + 1);
  while (end !== -1) {
    let backslashes = 0;
    while (json.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = json.indexOf('"', end + 1);
  }
  return json.length;
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
