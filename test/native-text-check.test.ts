import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../src/catalog/sources';
import { checkPayloadForPolars, checkTextForPolars } from '../src/ingest/native-text-check';
import { nonBlankLineNumbers } from '../src/ingest/text-lines';
import { eventRecord } from './fixtures';

const line = (record: Record<string, unknown>) => JSON.stringify(eventRecord(record));
const check = (text: string) => checkTextForPolars(text, EVENT_SOURCE);

describe('the text check before the native reader', () => {
  it('passes a clean file whatever its values hold, and names the declared keys it uses', () => {
    // Look-alikes inside string values: a quoted "genre": after a comma, a JSON object as text, a number as text.
    const clean = [line({ song: 'x,"genre": 1', artist: '{"mood":"sad", "page": 3}' }), line({ page: 'Home', userId: '12' })].join('\n');
    expect(check(clean)).toEqual(new Set(EVENT_SOURCE.fields.map((f) => f.name)));
    // A pretty-printed file lacking most fields names only those it has.
    expect(check(`{\n  "ts": 1,\n  "page": "Home"\n}`)).toEqual(new Set(['ts', 'page']));
  });

  it('sends a file with an undeclared key to the exact reader: one extending a declared name, after white space, escaped', () => {
    expect(check(line({ genre: 'Rock' }))).toBeNull();
    expect(check(line({ song_x: 1 }))).toBeNull();
    expect(check(`{ "ts" : 1,\n  "genre" : "Rock" }`)).toBeNull();
    expect(check(`{"ts":1,"we\\"ird":2}`)).toBeNull();
  });

  it('sends a file with a number or an object in a string field to the exact reader; null is fine', () => {
    expect(check(line({ song: 42 }))).toBeNull();
    expect(check(line({ artist: { name: 'x' } }))).toBeNull();
    expect(check(`{"ts":1, "page" :\n 7}`)).toBeNull();
    expect(check(line({ song: null, artist: null }))).not.toBeNull();
    // A number in a number field is what it should be.
    expect(check(line({ length: 200.5, ts: 1541203000000 }))).not.toBeNull();
  });

  it('checks a large file piece by piece, each ending before a line that starts a record: the same verdict, keys and line numbers', () => {
    // CRLF and blank lines on the way, so line numbers are not simply row numbers.
    const text = Array.from({ length: 200 }, (_, i) => (i % 17 === 5 ? '\r\n' : '') + line({ itemInSession: i, song: `Ä song ${i}` })).join('\r\n') + '\n';
    const payload = Buffer.from(text, 'utf8');
    const whole = checkPayloadForPolars(payload, EVENT_SOURCE);
    expect(whole!.lines).toEqual(nonBlankLineNumbers(text));
    expect(whole!.lines.length).toBe(200);
    for (const piece of [1000, 4096, 7777]) expect(checkPayloadForPolars(payload, EVENT_SOURCE, piece)).toEqual(whole);
    // A problem in a late piece is still found.
    const bad = Buffer.concat([payload, Buffer.from(line({ genre: 'Rock' }) + '\n')]);
    expect(checkPayloadForPolars(bad, EVENT_SOURCE, 1000)).toBeNull();
    // One pretty-printed document larger than a piece cannot be cut: the exact reader takes it.
    const pretty = Buffer.from(JSON.stringify(eventRecord({}), null, 2));
    expect(checkPayloadForPolars(pretty, EVENT_SOURCE, 100)).toBeNull();
  });
});
