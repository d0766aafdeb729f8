/**
 * Where a Parquet file's footer is: a file is `PAR1 <data pages…> <FileMetaData> <4-byte length> PAR1`, so its
 * footer (the FileMetaData, Thrift compact protocol) is found from its last 8 bytes.
 */

export const PARQUET_MAGIC = 'PAR1';

/** The length and magic after a Parquet footer. */
export const FOOTER_END = 8;

/** What follows a footer of `footerLength` bytes: its length and the magic. */
export function footerEnd(footerLength: number): Buffer {
  const end = Buffer.alloc(FOOTER_END);
  end.writeUInt32LE(footerLength);
  end.write(PARQUET_MAGIC, 4, 'latin1');
  return end;
}

/** The footer of a Parquet file's tail (its last bytes, the FileMetaData's length and `PAR1` at the end). */
export function footerOfTail(tail: Buffer, name: string): { footer: Buffer } | { length: number } {
  if (tail.length < 8 || tail.toString('latin1', tail.length - 4) !== PARQUET_MAGIC) throw new Error(`${name}: not a Parquet file (no PAR1 magic at the end)`);
  const length = tail.readUInt32LE(tail.length - 8);
  if (tail.length < length + 8) return { length };
  return { footer: tail.subarray(tail.length - 8 - length, tail.length - 8) };
}

/** What reading footers needs of the storage the files live on (the kit's Storage has it). */
export interface TailReader {
  /** The last `bytes` bytes of a key (all of it when shorter), or null when it does not exist. */
  readTail(key: string, bytes: number): Promise<Buffer | null>;
}

/** A Parquet file's footer (its FileMetaData), read from the end of the object: its last 8 bytes, then the footer. */
export async function readFooter(folder: TailReader, key: string): Promise<Buffer> {
  const end = await readTail(folder, key, FOOTER_END);
  const located = footerOfTail(end, key);
  if ('footer' in located) return located.footer;
  const tail = await readTail(folder, key, located.length + FOOTER_END);
  const read = footerOfTail(tail, key);
  if (!('footer' in read)) throw new Error(`${key}: its Parquet footer length (${located.length}) is larger than the file`);
  return read.footer;
}

async function readTail(folder: TailReader, key: string, bytes: number): Promise<Buffer> {
  const tail = await folder.readTail(key, bytes);
  if (tail === null) throw new Error(`${key}: the data file disappeared before the run committed it`);
  return tail;
}
