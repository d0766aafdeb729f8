import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableByName } from '../src/catalog/tables';
import type { TableDef } from '../src/catalog/types';
import { commit, commitTableWrite, readSnapshot, writeActions, writeDataFiles } from '../src/delta';
import { parseInterval, tableProperties, unsupportedTableFeatures } from '../src/delta/table-properties';
import { openStorage } from '../src/storage/open-storage';
import { applyTableRetention } from '../src/table-format/delta/retention';
import { storageLogStore } from '../src/table-format/delta/storage-log-store';
import { usersFrame } from './delta-fixtures';
import { tempDir } from './helpers';

const users = tableByName('users');

/** Sets table properties the way another writer does: a commit of a metaData action with the new configuration. */
async function setProperties(root: string, properties: Record<string, string>): Promise<void> {
  const store = storageLogStore(openStorage(root));
  const snapshot = await readSnapshot(store);
  const metaData = { ...snapshot.metadata, configuration: { ...snapshot.metadata.configuration, ...properties } };
  await commit(store, [{ commitInfo: { timestamp: Date.now(), operation: 'SET TBLPROPERTIES', operationParameters: {}, engineInfo: 'another-writer' } }, { metaData }], {
    expectedVersion: snapshot.version + 1,
  });
}

describe('table properties other writers set', () => {
  it('reads Spark\'s interval text and the properties the kit honours', () => {
    expect(parseInterval('interval 30 days')).toBe(30 * 86_400_000);
    expect(parseInterval('interval 1 week 2 days')).toBe(9 * 86_400_000);
    expect(parseInterval('7 hours')).toBe(7 * 3_600_000);
    expect(parseInterval('soon')).toBeNull();
    expect(parseInterval(undefined)).toBeNull();
    expect(tableProperties({ configuration: { 'delta.appendOnly': 'TRUE', 'delta.checkpointInterval': '5' } })).toEqual({
      appendOnly: true,
      checkpointInterval: 5,
      logRetentionMs: null,
      deletedFileRetentionMs: null,
    });
  });

  it('names what the kit cannot write: reader/writer features, CHECK constraints, invariants', () => {
    const schemaString = '{"type":"struct","fields":[]}';
    expect(unsupportedTableFeatures({ minReaderVersion: 1, minWriterVersion: 2 }, { configuration: {}, schemaString })).toBeNull();
    expect(unsupportedTableFeatures({ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [], writerFeatures: ['appendOnly'] }, { configuration: {}, schemaString })).toBeNull();
    expect(unsupportedTableFeatures({ minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'], writerFeatures: ['deletionVectors'] }, { configuration: {}, schemaString })).toMatch(/reader version 3 \(reader features: deletionVectors\)/);
    expect(unsupportedTableFeatures({ minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['appendOnly', 'generatedColumns'] }, { configuration: {}, schemaString })).toMatch(/writer features generatedColumns/);
    expect(unsupportedTableFeatures({ minReaderVersion: 1, minWriterVersion: 3 }, { configuration: {}, schemaString })).toMatch(/writer version 3/);
    expect(unsupportedTableFeatures({ minReaderVersion: 1, minWriterVersion: 2 }, { configuration: { 'delta.constraints.positive': 'hour >= 0' }, schemaString })).toMatch(/CHECK constraints \(positive\)/);
  });

  it('a schema change keeps the table\'s configuration; checkpoints follow delta.checkpointInterval; the log keeps delta.logRetentionDuration', async () => {
    const root = path.join(tempDir('delta-properties-'), 'users');
    const store = storageLogStore(openStorage(root));
    await commitTableWrite(store, { table: users, adds: writeDataFiles(usersFrame(), users, root), mode: 'overwrite', runId: 'first' });
    await setProperties(root, { 'delta.checkpointInterval': '3', 'delta.logRetentionDuration': 'interval 30 days', 'delta.deletedFileRetentionDuration': 'interval 7 days' });

    // A replace whose catalog has one more column rewrites metaData: the properties are kept.
    const wider: TableDef = { ...users, columns: [...users.columns, { name: 'note', type: 'string', nullable: true, doc: 'a column added later' }] };
    const actions = writeActions({ table: wider, adds: [], mode: 'overwrite', runId: 'wider' }, await readSnapshot(store));
    const metaData = actions.find((a) => 'metaData' in a);
    expect(metaData && 'metaData' in metaData ? metaData.metaData.configuration : null).toMatchObject({ 'delta.checkpointInterval': '3', 'delta.logRetentionDuration': 'interval 30 days' });

    // Versions 2..7 by the kit: a checkpoint at 3 and 6 (the table's interval), none at the default 10.
    for (let i = 0; i < 6; i++) await commitTableWrite(store, { table: users, adds: writeDataFiles(usersFrame(), users, root), mode: 'overwrite', runId: `run-${i}` });
    const log = fs.readdirSync(path.join(root, '_delta_log'));
    expect(log.filter((f) => f.endsWith('.checkpoint.parquet')).sort()).toEqual(['00000000000000000003.checkpoint.parquet', '00000000000000000006.checkpoint.parquet']);

    // Retention keeping one version would clean the log before checkpoint 6; every entry is younger than 30 days.
    await applyTableRetention(openStorage(root), 1);
    expect(fs.readdirSync(path.join(root, '_delta_log')).filter((f) => /^\d{20}\.json$/.test(f))).toHaveLength(8);
  });
});
