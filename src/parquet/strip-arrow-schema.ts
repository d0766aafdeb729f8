import * as fs from 'node:fs';
import { footerEnd, PARQUET_MAGIC as MAGIC } from './footer';
import { CompactReader, listHeaderBytes, THRIFT as T } from './thrift-compact';

/**
 * Removes the `ARROW:schema` entry from a Parquet file's footer.
 *
 * Why: nodejs-polars writes its Arrow schema into the footer's key-value metadata, with `Utf8View` for strings;
 * pyarrow (and so pandas) then reads those columns as `string_view`, which its compute kernels cannot yet filter
 * or sort ("no kernel matching input types (string_view, string)"). nodejs-polars has no writer option to leave
 * it out. Without the entry every reader derives the types from the Parquet schema itself: UTF8 → string,
 * TIMESTAMP(UTC, MICROS) → timestamp[us, UTC].
 *
 * How: only the footer, the FileMetaData (footer.ts), is rewritten; the data pages before it keep their offsets.
 */
export const ARROW_SCHEMA_KEY = 'ARROW:schema';

/**
 * Rewrites the file's footer in place when it holds `ARROW:schema`; returns whether it changed the file. Only the
 * footer is read and written (the file is then cut to its new length): thousands of small partition files each
 * cost a whole read and a truncating rewrite before.
 */
export function fixParquetFooter(file: string): boolean {
  const fd = fs.openSync(file, 'r+');
  try {
    const size = fs.fstatSync(fd).size;
    const tail = Buffer.alloc(8);
    if (size < 12 || fs.readSync(fd, tail, 0, 8, size - 8) !== 8 || tail.toString('latin1', 4) !== MAGIC) {
      throw new Error(`${file}: not a Parquet file (no PAR1 magic at the end)`);
    }
    const footerLength = tail.readUInt32LE(0);
    const footerStart = size - 8 - footerLength;
    if (footerStart < 4) throw new Error(`${file}: its Parquet footer length (${footerLength}) is larger than the file`);
    const footer = Buffer.alloc(footerLength);
    fs.readSync(fd, footer, 0, footerLength, footerStart);
    const newFooter = removeKeyValue(footer, ARROW_SCHEMA_KEY);
    if (newFooter === footer) return false;
    const end = footerEnd(newFooter.length);
    fs.writeSync(fd, Buffer.concat([newFooter, end]), 0, newFooter.length + end.length, footerStart);
    fs.ftruncateSync(fd, footerStart + newFooter.length + end.length);
    return true;
  } finally {
    fs.closeSync(fd);
  }
}

/** The same file's bytes without `ARROW:schema` in the footer (the input itself when there is nothing to remove). */
export function fixParquetFooterBytes(bytes: Buffer): Buffer {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== MAGIC || bytes.toString('latin1', bytes.length - 4) !== MAGIC) {
    throw new Error('not a Parquet file (no PAR1 magic at both ends)');
  }
  const footerLength = bytes.readUInt32LE(bytes.length - 8);
  const footerStart = bytes.length - 8 - footerLength;
  const footer = bytes.subarray(footerStart, bytes.length - 8);
  const newFooter = removeKeyValue(footer, ARROW_SCHEMA_KEY);
  if (newFooter === footer) return bytes;
  return Buffer.concat([bytes.subarray(0, footerStart), newFooter, footerEnd(newFooter.length)]);
}

/** FileMetaData.key_value_metadata: list<KeyValue>; KeyValue.key is field 1 (string). */
const KEY_VALUE_METADATA_FIELD = 5;

/** The FileMetaData without the key-value entries named key; the same buffer when there is none. */
function removeKeyValue(footer: Buffer, key: string): Buffer {
  const r = new CompactReader(footer);
  let last = 0;
  for (let f = r.fieldHeader(last); f; f = r.fieldHeader(last)) {
    if (f.id !== KEY_VALUE_METADATA_FIELD || f.type !== T.LIST) {
      r.skip(f.type);
      last = f.id;
      continue;
    }
    const headerStart = r.pos;
    const { size, elementType } = r.listHeader();
    const kept: Buffer[] = [];
    for (let i = 0; i < size; i++) {
      const start = r.pos;
      if (readKeyValueKey(r) !== key) kept.push(footer.subarray(start, r.pos));
    }
    if (kept.length === size) return footer;
    // The field header (before headerStart) and everything after the list are copied unchanged.
    return Buffer.concat([footer.subarray(0, headerStart), Buffer.from(listHeaderBytes(kept.length, elementType)), ...kept, footer.subarray(r.pos)]);
  }
  return footer;
}

/** Reads one KeyValue struct, returning its key. */
function readKeyValueKey(r: CompactReader): string | null {
  let keyText: string | null = null;
  let last = 0;
  for (let f = r.fieldHeader(last); f; f = r.fieldHeader(last)) {
    if (f.id === 1 && f.type === T.BINARY) keyText = r.binary().toString('utf8');
    else r.skip(f.type);
    last = f.id;
  }
  return keyText;
}
