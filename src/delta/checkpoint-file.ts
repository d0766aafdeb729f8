import type * as Arrow from 'apache-arrow';
import type { Action, AddAction, MetadataAction, ProtocolAction, RemoveAction, TxnAction } from './actions';
import { loadParquetWasm } from './parquet-wasm';

/**
 * A classic V1 checkpoint (PROTOCOL.md "Checkpoints", "Checkpoint Schema"): one Parquet file, one row per action,
 * each action a struct column (protocol, metaData, txn, add, remove), every other column of the row null.
 * partitionValues, configuration, format.options and tags are MAP<string,string>, as Spark and delta-rs expect.
 */
// Arrow (and parquet-wasm) are loaded when a checkpoint is first read or written: ~130 ms that most commands,
// which do neither, need not pay at start-up.
let arrow: typeof Arrow;
function loadArrow(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  arrow ??= require('apache-arrow');
}
let structs: ReturnType<typeof actionStructs> | undefined;
const checkpointStructs = () => {
  loadArrow();
  return (structs ??= actionStructs());
};

const utf8 = () => new arrow.Utf8();
const int64 = () => new arrow.Int64();
const field = <T extends Arrow.DataType>(name: string, type: T, nullable = true) => new arrow.Field<T>(name, type, nullable);
const stringMap = () =>
  new arrow.Map_(
    new arrow.Field('key_value', new arrow.Struct<{ key: Arrow.Utf8; value: Arrow.Utf8 }>([field('key', utf8(), false), field('value', utf8(), true)]), false),
    false,
  );

function actionStructs() {
  const PROTOCOL = new arrow.Struct([field('minReaderVersion', new arrow.Int32()), field('minWriterVersion', new arrow.Int32())]);
  const METADATA = new arrow.Struct([
    field('id', utf8()),
    field('name', utf8()),
    field('description', utf8()),
    field('format', new arrow.Struct([field('provider', utf8()), field('options', stringMap())])),
    field('schemaString', utf8()),
    field('partitionColumns', new arrow.List(field('element', utf8()))),
    field('createdTime', int64()),
    field('configuration', stringMap()),
  ]);
  const TXN = new arrow.Struct([field('appId', utf8()), field('version', int64()), field('lastUpdated', int64())]);
  const ADD = new arrow.Struct([
    field('path', utf8()),
    field('partitionValues', stringMap()),
    field('size', int64()),
    field('modificationTime', int64()),
    field('dataChange', new arrow.Bool()),
    field('stats', utf8()),
    field('tags', stringMap()),
  ]);
  // Tombstones carry no stats or tags in a checkpoint.
  const REMOVE = new arrow.Struct([
    field('path', utf8()),
    field('deletionTimestamp', int64()),
    field('dataChange', new arrow.Bool()),
    field('extendedFileMetadata', new arrow.Bool()),
    field('partitionValues', stringMap()),
    field('size', int64()),
  ]);
  return { PROTOCOL, METADATA, TXN, ADD, REMOVE };
}

export interface CheckpointContent {
  protocol: ProtocolAction;
  metadata: MetadataAction;
  txns: TxnAction[];
  files: AddAction[];
  tombstones: RemoveAction[];
}

const big = (n: number | null | undefined) => (n === null || n === undefined ? null : BigInt(Math.trunc(n)));
const asMap = (o: Record<string, string | null> | null | undefined) => (o ? new Map(Object.entries(o)) : null);

/** The checkpoint's Parquet bytes. */
export function checkpointBytes(content: CheckpointContent): Uint8Array {
  const { PROTOCOL, METADATA, TXN, ADD, REMOVE } = checkpointStructs();
  const parquetWasm = loadParquetWasm();
  type Row = { protocol?: unknown; metaData?: unknown; txn?: unknown; add?: unknown; remove?: unknown };
  const rows: Row[] = [];
  const p = content.protocol;
  rows.push({ protocol: { minReaderVersion: p.minReaderVersion, minWriterVersion: p.minWriterVersion } });
  const m = content.metadata;
  rows.push({
    metaData: {
      id: m.id,
      name: m.name ?? null,
      description: m.description ?? null,
      format: { provider: m.format.provider, options: asMap(m.format.options ?? {}) },
      schemaString: m.schemaString,
      partitionColumns: m.partitionColumns,
      createdTime: big(m.createdTime),
      configuration: asMap(m.configuration ?? {}),
    },
  });
  for (const t of content.txns) rows.push({ txn: { appId: t.appId, version: big(t.version), lastUpdated: big(t.lastUpdated) } });
  for (const a of content.files) {
    rows.push({
      add: {
        path: a.path,
        partitionValues: asMap(a.partitionValues),
        size: big(a.size),
        modificationTime: big(a.modificationTime),
        dataChange: a.dataChange,
        stats: a.stats ?? null,
        tags: asMap(a.tags),
      },
    });
  }
  for (const r of content.tombstones) {
    rows.push({
      remove: {
        path: r.path,
        deletionTimestamp: big(r.deletionTimestamp),
        dataChange: r.dataChange,
        extendedFileMetadata: r.extendedFileMetadata ?? null,
        partitionValues: asMap(r.partitionValues),
        size: big(r.size),
      },
    });
  }
  const column = (name: keyof Row, type: Arrow.Struct) => arrow.vectorFromArray(rows.map((r) => r[name] ?? null), type);
  const table = new arrow.Table({
    protocol: column('protocol', PROTOCOL),
    metaData: column('metaData', METADATA),
    txn: column('txn', TXN),
    add: column('add', ADD),
    remove: column('remove', REMOVE),
  });
  const props = new parquetWasm.WriterPropertiesBuilder().setCompression(parquetWasm.Compression.SNAPPY).build();
  return parquetWasm.writeParquet(parquetWasm.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), props);
}

/** Reads a checkpoint (the kit's, Spark's or delta-rs') into actions; columns it does not know are ignored. */
export function readCheckpointBytes(bytes: Uint8Array): Action[] {
  loadArrow();
  const parquetWasm = loadParquetWasm();
  const wanted = ['protocol', 'metaData', 'txn', 'add', 'remove'];
  const present = parquetWasm.readSchema(bytes);
  const schema = arrow.tableFromIPC(present.intoIPCStream()).schema;
  const columns = schema.fields.map((f) => f.name).filter((n) => wanted.includes(n));
  const table = arrow.tableFromIPC(parquetWasm.readParquet(bytes, { columns }).intoIPCStream());
  const actions: Action[] = [];
  for (const name of columns) {
    const vector = table.getChild(name)!;
    for (let i = 0; i < vector.length; i++) {
      const value = vector.get(i);
      if (value === null) continue;
      const action = plain(value) as Record<string, unknown>;
      // A remove row of a struct whose every field is null is how some writers leave "no action".
      if (name === 'add' || name === 'remove' ? action.path === null : false) continue;
      actions.push({ [name]: dropNulls(action) } as unknown as Action);
    }
  }
  return actions;
}

/** Arrow values → plain JSON-like values: structs and maps to objects, lists to arrays, int64 to numbers. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const withJson = value as { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return plain(withJson.toJSON());
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** Optional fields that were null in the Parquet columns are left out, as they are in JSON commits. */
function dropNulls(action: Record<string, unknown>): Record<string, unknown> {
  const keep = new Set(['partitionValues']);
  return Object.fromEntries(Object.entries(action).filter(([k, v]) => v !== null || keep.has(k)));
}
