import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../src/catalog/sources';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkFileForPolars, checkPayloadForPolars, checkTextForPolars } from '../src/ingest/native-text-check';
import { nonBlankLineNumbers } from '../src/ingest/text-lines';
import { TextChecks } from '../src/ingest/text-checks';
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

  it('checks a large file piece by piece, each ending before a line that starts a record: the same verdict, keys and line numbers, from memory or from disk', () => {
    // CRLF and blank lines on the way, so line numbers are not simply row numbers.
    const text = Array.from({ length: 200 }, (_, i) => (i % 17 === 5 ? '\r\n' : '') + line({ itemInSession: i, song: `Ä song ${i}` })).join('\r\n') + '\n';
    const payload = Buffer.from(text, 'utf8');
    const whole = checkPayloadForPolars(payload, EVENT_SOURCE);
    expect(whole!.lines).toEqual(nonBlankLineNumbers(text));
    expect(whole!.records).toBe(200);
    const onDisk = (bytes: Buffer) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'text-check-')), 'day.json');
      fs.writeFileSync(file, bytes);
      return file;
    };
    const file = onDisk(payload);
    for (const piece of [1000, 4096, 7777]) {
      expect(checkPayloadForPolars(payload, EVENT_SOURCE, piece)).toEqual(whole);
      expect(checkFileForPolars(file, EVENT_SOURCE, piece)).toEqual(whole);
    }
    expect(checkFileForPolars(file, EVENT_SOURCE)).toEqual(whole);
    // A problem in a late piece is still found.
    const bad = Buffer.concat([payload, Buffer.from(line({ genre: 'Rock' }) + '\n')]);
    expect(checkPayloadForPolars(bad, EVENT_SOURCE, 1000)).toBeNull();
    expect(checkFileForPolars(onDisk(bad), EVENT_SOURCE, 1000)).toBeNull();
    // One pretty-printed document larger than a piece cannot be cut: the exact reader takes it.
    const pretty = Buffer.from(JSON.stringify(eventRecord({}), null, 2));
    expect(checkPayloadForPolars(pretty, EVENT_SOURCE, 100)).toBeNull();
    expect(checkFileForPolars(onDisk(pretty), EVENT_SOURCE, 100)).toBeNull();
  });

  it('keeps records numbered 1..n as a count, without a list of line numbers; a blank line anywhere brings the list', () => {
    const lines = Array.from({ length: 300 }, (_, i) => line({ itemInSession: i }));
    const plain = Buffer.from(lines.join('\n') + '\n');
    for (const piece of [1000, 2 ** 20]) expect(checkPayloadForPolars(plain, EVENT_SOURCE, piece)).toEqual({ declaredKeys: expect.any(Set), records: 300, lines: null, valuedKeys: 300 * 18 });
    // A blank line late in the file: the numbers before it are filled in.
    const gap = Buffer.from([...lines.slice(0, 250), '', ...lines.slice(250)].join('\n'));
    const checked = checkPayloadForPolars(gap, EVENT_SOURCE, 1000)!;
    expect(checked.records).toBe(300);
    expect(checked.lines).toEqual([...Array.from({ length: 250 }, (_, i) => i + 1), ...Array.from({ length: 50 }, (_, i) => i + 252)]);
  });

  it('gives the same verdicts from its worker threads as on this thread, in any order asked, and fails loudly on a file it cannot read or once closed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'text-checks-'));
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const clean = write('clean.json', [line({ itemInSession: 1 }), '', line({ itemInSession: 2, song: 'Ä' })].join('\n'));
    const undeclared = write('undeclared.json', line({ genre: 'Rock' }));
    const checks = new TextChecks(EVENT_SOURCE, 2);
    try {
      const [fromFile, fromBytes, refused] = await Promise.all([checks.file(clean), checks.payload(fs.readFileSync(clean)), checks.file(undeclared)]);
      expect(fromFile).toEqual(checkFileForPolars(clean, EVENT_SOURCE));
      expect(fromBytes).toEqual(checkFileForPolars(clean, EVENT_SOURCE));
      expect(fromFile!.lines).toEqual([1, 3]);
      expect(refused).toBeNull();
      await expect(checks.file(path.join(dir, 'gone.json'))).rejects.toThrow(/ENOENT/);
    } finally {
      await checks.close();
    }
    await expect(checks.file(clean)).rejects.toThrow(/closed/);
  });
});
