/**
 * Thrift's compact protocol, as Parquet encodes its footer (FileMetaData) and page headers: the kit's one Thrift
 * reader and one Thrift writer. The reader reads footers to rewrite them (strip-arrow-schema.ts) and to read their
 * column statistics (file-metadata.ts); the writer writes the small-file writer's (small-file-writer.ts).
 */

/** Thrift compact protocol type ids. */
export const THRIFT = { STOP: 0, TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, SET: 10, MAP: 11, STRUCT: 12 };
const T = THRIFT;

/** An unsigned varint (Thrift compact, Parquet's RLE headers, snappy's length): 7 bits a byte, low first. */
export function varintBytes(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** A list's header: its size (in the header byte when under 15) and its elements' type. */
export function listHeaderBytes(size: number, elementType: number): number[] {
  return size < 15 ? [(size << 4) | elementType] : [0xf0 | elementType, ...varintBytes(size)];
}

/** The reader: fields, lists and values read in place from a buffer; what a caller does not read is skipped. */
export class CompactReader {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
  ) {}

  byte(): number {
    if (this.pos >= this.buf.length) throw new Error('Parquet footer ends early');
    return this.buf[this.pos++];
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }

  /** A signed integer field (i16, i32, i64: zigzag varints), exact. */
  integer(): bigint {
    const n = this.varint();
    return (n >> 1n) ^ -(n & 1n);
  }

  binary(): Buffer {
    const length = Number(this.varint());
    if (this.pos + length > this.buf.length) throw new Error('Parquet footer ends early');
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** Reads a field header: null at the struct's end. */
  fieldHeader(lastId: number): { id: number; type: number } | null {
    const b = this.byte();
    const type = b & 0x0f;
    if (type === T.STOP) return null;
    const delta = b >> 4;
    const id = delta === 0 ? zigzag(this.varint()) : lastId + delta;
    return { id, type };
  }

  listHeader(): { size: number; elementType: number } {
    const b = this.byte();
    const short = b >> 4;
    return { size: short === 15 ? Number(this.varint()) : short, elementType: b & 0x0f };
  }

  /**
   * Reads a struct's fields up to its STOP: `field` is called for each one and returns whether it read the value;
   * values it did not read are skipped.
   */
  struct(field: (id: number, type: number) => boolean): void {
    let last = 0;
    for (let f = this.fieldHeader(last); f; f = this.fieldHeader(last)) {
      if (!field(f.id, f.type)) this.skip(f.type);
      last = f.id;
    }
  }

  /** Reads a list, calling `element` for each element (a struct element reads its own fields). */
  list(element: (index: number, type: number) => void): void {
    const { size, elementType } = this.listHeader();
    for (let i = 0; i < size; i++) element(i, elementType);
  }

  skip(type: number): void {
    switch (type) {
      case T.TRUE:
      case T.FALSE:
        return; // a struct field's boolean lives in its header
      case T.BYTE:
        this.pos += 1;
        return;
      case T.I16:
      case T.I32:
      case T.I64:
        this.varint();
        return;
      case T.DOUBLE:
        this.pos += 8;
        return;
      case T.BINARY:
        this.binary();
        return;
      case T.LIST:
      case T.SET: {
        const { size, elementType } = this.listHeader();
        for (let i = 0; i < size; i++) {
          if (elementType === T.TRUE || elementType === T.FALSE) this.pos += 1; // list booleans take a byte each
          else this.skip(elementType);
        }
        return;
      }
      case T.MAP: {
        const size = Number(this.varint());
        if (size === 0) return;
        const kinds = this.byte();
        for (let i = 0; i < size; i++) {
          this.skip(kinds >> 4);
          this.skip(kinds & 0x0f);
        }
        return;
      }
      case T.STRUCT:
        this.struct(() => false);
        return;
      default:
        throw new Error(`unknown Thrift compact type ${type} in the Parquet footer`);
    }
  }
}

function zigzag(n: bigint): number {
  return Number((n >> 1n) ^ -(n & 1n));
}

/** The writer: the few kinds a Parquet footer and page header need; fields in increasing id order within a struct. */
export class CompactWriter {
  private readonly bytes: number[] = [];
  private lastIds: number[] = [0];

  i32(id: number, value: number): void {
    this.field(id, T.I32);
    this.zigzag(BigInt(value));
  }

  i64(id: number, value: number): void {
    this.field(id, T.I64);
    this.zigzag(BigInt(value));
  }

  bool(id: number, value: boolean): void {
    this.field(id, value ? T.TRUE : T.FALSE);
  }

  binary(id: number, text: string): void {
    this.field(id, T.BINARY);
    this.string(text);
  }

  struct(id: number, fields: () => void): void {
    this.field(id, T.STRUCT);
    this.structBody(fields);
  }

  /** A list of structs (each element writes its fields), of i32s or of strings. */
  list(id: number, type: number, items: Array<(() => void) | number | string>): void {
    this.field(id, T.LIST);
    this.bytes.push(...listHeaderBytes(items.length, type));
    for (const item of items) {
      if (typeof item === 'function') this.structBody(item);
      else if (typeof item === 'number') this.zigzag(BigInt(item));
      else this.string(item);
    }
  }

  end(): Buffer {
    this.bytes.push(0); // the outermost struct's STOP
    return Buffer.from(this.bytes);
  }

  private structBody(fields: () => void): void {
    this.lastIds.push(0);
    fields();
    this.bytes.push(0); // STOP
    this.lastIds.pop();
  }

  private field(id: number, type: number): void {
    const delta = id - this.lastIds[this.lastIds.length - 1];
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(BigInt(id));
    }
    this.lastIds[this.lastIds.length - 1] = id;
  }

  private string(text: string): void {
    const utf8 = Buffer.from(text, 'utf8');
    this.bytes.push(...varintBytes(utf8.length), ...utf8);
  }

  private zigzag(value: bigint): void {
    let n = (value << 1n) ^ (value >> 63n);
    while (n >= 0x80n) {
      this.bytes.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.bytes.push(Number(n));
  }
}
