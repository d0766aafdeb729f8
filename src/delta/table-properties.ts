import type { MetadataAction, ProtocolAction } from './actions';

/**
 * The table properties (metaData.configuration) a writer must honour (PROTOCOL.md "Append-only Tables",
 * "Checkpoints", and Delta's retention properties). Other writers set them: `ALTER TABLE … SET TBLPROPERTIES` in
 * Spark, `alter.set_table_properties` in delta-rs.
 */
export interface TableProperties {
  /** `delta.appendOnly`: no commit may remove a data file. */
  appendOnly: boolean;
  /** `delta.checkpointInterval`: a checkpoint every N commits (null: the writer's default). */
  checkpointInterval: number | null;
  /** `delta.logRetentionDuration`: log entries younger than this stay (null: unset). */
  logRetentionMs: number | null;
  /** `delta.deletedFileRetentionDuration`: a removed file stays on storage at least this long (null: unset). */
  deletedFileRetentionMs: number | null;
}

export function tableProperties(metadata: Pick<MetadataAction, 'configuration'>): TableProperties {
  const config = metadata.configuration ?? {};
  const interval = Number(config['delta.checkpointInterval']);
  return {
    appendOnly: String(config['delta.appendOnly'] ?? '').toLowerCase() === 'true',
    checkpointInterval: Number.isInteger(interval) && interval > 0 ? interval : null,
    logRetentionMs: parseInterval(config['delta.logRetentionDuration']),
    deletedFileRetentionMs: parseInterval(config['delta.deletedFileRetentionDuration']),
  };
}

const UNIT_MS: Record<string, number> = {
  millisecond: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

/** Spark's calendar-interval text as Delta writes it (`interval 7 days`, `interval 1 week 2 days`); null when absent or unreadable. */
export function parseInterval(text: string | undefined): number | null {
  if (text === undefined) return null;
  const words = text.trim().toLowerCase().replace(/^interval\s+/, '');
  const parts = [...words.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+?)s?\b/g)];
  if (parts.length === 0) return null;
  let ms = 0;
  for (const [, amount, unit] of parts) {
    if (!(unit in UNIT_MS)) return null;
    ms += Number(amount) * UNIT_MS[unit];
  }
  return ms;
}

/** Writer features whose rules the kit follows (appendOnly) or that its writes cannot break (invariants with none declared). */
const SUPPORTED_WRITER_FEATURES = new Set(['appendOnly', 'invariants']);

/**
 * Why the kit cannot commit to a table of this protocol and metadata, or null when it can. The kit writes plain
 * adds and removes with statistics; it cannot evaluate CHECK constraints or column invariants, write deletion
 * vectors, map columns, or fill generated and identity columns, so it refuses such tables before any commit.
 */
export function unsupportedTableFeatures(protocol: ProtocolAction, metadata: Pick<MetadataAction, 'configuration' | 'schemaString'>): string | null {
  const readerFeatures = protocol.readerFeatures ?? [];
  const writerFeatures = protocol.writerFeatures ?? [];
  if (protocol.minReaderVersion > 1 && !(protocol.minReaderVersion === 3 && readerFeatures.length === 0)) {
    return `it needs Delta reader version ${protocol.minReaderVersion}${readerFeatures.length ? ` (reader features: ${readerFeatures.join(', ')})` : ''}`;
  }
  if (protocol.minWriterVersion === 7) {
    const unknown = writerFeatures.filter((f) => !SUPPORTED_WRITER_FEATURES.has(f));
    if (unknown.length > 0) return `it uses the writer features ${unknown.join(', ')}, which this kit cannot write`;
  } else if (protocol.minWriterVersion > 2) {
    return `it needs Delta writer version ${protocol.minWriterVersion} (CHECK constraints, generated or identity columns, change data feed or more), which this kit cannot write`;
  }
  const constraints = Object.keys(metadata.configuration ?? {}).filter((k) => k.startsWith('delta.constraints.'));
  if (constraints.length > 0) return `it declares CHECK constraints (${constraints.map((k) => k.slice('delta.constraints.'.length)).join(', ')}), which this kit cannot evaluate`;
  if (metadata.schemaString.includes('"delta.invariants"')) return 'its schema declares column invariants, which this kit cannot evaluate';
  return null;
}
