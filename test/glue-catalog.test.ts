import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetTableCommand, GetTableVersionsCommand, GlueClient, UpdateTableCommand, type Table, type TableInput } from '@aws-sdk/client-glue';
import { TABLES } from '../src/catalog/tables';
import type { TableDef } from '../src/catalog/types';
import { catalogTableDefinitions } from '../src/lake/catalog-table-definition';
import { syncGlueCatalog } from '../src/lake/glue-catalog';
import { openTableFormat } from '../src/table-format/open-table-format';
import { cli, cliAsync, SAMPLE, tempDir } from './helpers';
import { deltaRsRows } from './lake-readers';
import { startMotoWithBuckets, type MotoServer } from './moto-server';

// `--catalog glue` against moto's Glue over HTTP: one lake on moto's S3, written once with the option, then synced,
// altered behind the kit's back, and re-committed while Glue refuses connections. moto serves Glue only with its
// glue extra (pyparsing) in .venv: without it every Glue call is an HTTP 500 and the first test says so.
const LAKE = 's3://glue-lake/star';
const DB = 'sparkify_test';

let moto: MotoServer;
let glue: GlueClient;
let first: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  // A developer's own Glue endpoint would win over moto's AWS_ENDPOINT_URL, here and in the CLIs started.
  delete process.env.AWS_ENDPOINT_URL_GLUE;
  ({ moto } = await startMotoWithBuckets(['glue-lake']));
  glue = new GlueClient({ endpoint: moto.endpoint, region: moto.env.AWS_REGION });
  // The CLI runs beside this process (cliAsync): moto, started here, must keep answering meanwhile.
  first = await cliAsync(['etl', '--input', SAMPLE, '--output', LAKE, '--catalog', `glue:${DB}`], { env: moto.env });
}, 120_000);

afterAll(async () => {
  glue?.destroy();
  await moto?.stop();
});

const getTable = async (name: string): Promise<Table> => (await glue.send(new GetTableCommand({ DatabaseName: DB, Name: name }))).Table!;
const sync = (env: Record<string, string> = {}) => cliAsync(['catalog', 'sync', '--output', LAKE, '--catalog', `glue:${DB}`], { env: { ...moto.env, ...env } });
const tableLines = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith(`glue: ${DB}.`));

/** A table as UpdateTable takes it back: what GetTable returned, less Glue's own bookkeeping. */
function asInput(table: Table): TableInput {
  const { Name, Description, TableType, Parameters, StorageDescriptor, PartitionKeys } = table;
  return { Name, Description, TableType, Parameters, StorageDescriptor, PartitionKeys };
}

/** A port nothing listens on: Glue "refuses" there. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('etl --catalog glue', () => {
  it('registers each table as a Delta table with the location, columns, partition keys and descriptions the catalog declares', async () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`glue: database ${DB} created\n`);
    expect(tableLines(first.stdout)).toEqual(TABLES.map((t) => `glue: ${DB}.${t.name} created`));
    expect(first.stdout).toContain(`glue: registered 5 tables in ${DB} (5 created)\n`);

    for (const definition of catalogTableDefinitions(LAKE)) {
      const table = await getTable(definition.name);
      const declared = TABLES.find((t) => t.name === definition.name)!;
      const column = (c: { name: string; type: string; description: string }) => ({ Name: c.name, Type: c.type, ...(c.description ? { Comment: c.description } : {}) });
      expect(table.TableType).toBe('EXTERNAL_TABLE');
      expect(table.Parameters).toEqual({ table_type: 'DELTA', 'spark.sql.sources.provider': 'delta', EXTERNAL: 'TRUE' });
      expect(table.Description).toBe(declared.doc);
      expect(table.StorageDescriptor!.Location).toBe(`${LAKE}/${declared.name}/`);
      expect(table.StorageDescriptor!.SerdeInfo!.Parameters!.path).toBe(`${LAKE}/${declared.name}/`);
      // From the definition function…
      expect(table.StorageDescriptor!.Columns).toEqual(definition.columns.map(column));
      expect(table.PartitionKeys).toEqual(definition.partitionKeys.map(column));
      // …and exactly the catalog's columns: files' columns in order, then the partition columns in folder order.
      const files = declared.columns.filter((c) => !declared.partitionBy.includes(c.name));
      expect(table.StorageDescriptor!.Columns!.map((c) => [c.Name, c.Type])).toEqual(files.map((c) => [c.name, c.type]));
      expect(table.PartitionKeys!.map((c) => [c.Name, c.Type])).toEqual(declared.partitionBy.map((p) => [p, declared.columns.find((c) => c.name === p)!.type]));
    }
  });

  it('registers what athena-ddl prints: the same tables, locations, table_type and partition columns', async () => {
    const ddl = cli(['athena-ddl', '--output', LAKE, '--database', DB]);
    expect(ddl.code).toBe(0);
    const lines = ddl.stdout.trim().split('\n');
    expect(lines.length).toBe(2 * TABLES.length);
    for (let i = 0; i < lines.length; i += 2) {
      const comment = /^-- (\w+): (?:partitioned by (.+)|not partitioned); key (.+)$/.exec(lines[i])!;
      const create = new RegExp(`^CREATE EXTERNAL TABLE IF NOT EXISTS ${DB}\\.\`?(\\w+)\`? LOCATION '([^']+)' TBLPROPERTIES \\('table_type' = '(\\w+)'\\);$`).exec(lines[i + 1])!;
      expect(comment, lines[i]).not.toBeNull();
      expect(create, lines[i + 1]).not.toBeNull();
      const table = await getTable(create[1]);
      expect(create[1]).toBe(comment[1]);
      expect(create[2]).toBe(table.StorageDescriptor!.Location);
      expect(create[3]).toBe(table.Parameters!.table_type);
      expect(comment[2]?.split(', ') ?? []).toEqual(table.PartitionKeys!.map((k) => k.Name));
    }
  });

  it('a second sync changes nothing and says so: no new table version, no update time', async () => {
    const before = await Promise.all(TABLES.map(async (t) => getTable(t.name)));
    const versions = async () =>
      Promise.all(TABLES.map(async (t) => (await glue.send(new GetTableVersionsCommand({ DatabaseName: DB, TableName: t.name }))).TableVersions!.length));
    const versionCounts = await versions();

    const again = await sync();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('database');
    expect(tableLines(again.stdout)).toEqual(TABLES.map((t) => `glue: ${DB}.${t.name} unchanged`));
    expect(again.stdout).toContain(`glue: registered 5 tables in ${DB} (5 unchanged: nothing to update)\n`);

    const after = await Promise.all(TABLES.map(async (t) => getTable(t.name)));
    expect(after.map((t) => [t.VersionId, t.UpdateTime])).toEqual(before.map((t) => [t.VersionId, t.UpdateTime]));
    expect(await versions()).toEqual(versionCounts);
  });

  it('a column Glue lacks or holds with another type is put back, named in the output; parameters others set are kept', async () => {
    const songplays = await getTable('songplays');
    const withoutAgent = asInput(songplays);
    withoutAgent.StorageDescriptor = { ...withoutAgent.StorageDescriptor, Columns: withoutAgent.StorageDescriptor!.Columns!.filter((c) => c.Name !== 'user_agent') };
    await glue.send(new UpdateTableCommand({ DatabaseName: DB, TableInput: withoutAgent }));
    const users = asInput(await getTable('users'));
    users.StorageDescriptor = { ...users.StorageDescriptor, Columns: users.StorageDescriptor!.Columns!.map((c) => (c.Name === 'level' ? { ...c, Type: 'int' } : c)) };
    users.Parameters = { ...users.Parameters, owner_team: 'analytics' };
    await glue.send(new UpdateTableCommand({ DatabaseName: DB, TableInput: users }));

    const fixed = await sync();
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(tableLines(fixed.stdout)).toEqual([
      `glue: ${DB}.songplays updated: column added user_agent`,
      `glue: ${DB}.users updated: type changed level int → string`,
      `glue: ${DB}.songs unchanged`,
      `glue: ${DB}.artists unchanged`,
      `glue: ${DB}.time unchanged`,
    ]);
    expect(fixed.stdout).toContain(`glue: registered 5 tables in ${DB} (2 updated, 3 unchanged)\n`);
    expect((await getTable('songplays')).StorageDescriptor!.Columns).toEqual(songplays.StorageDescriptor!.Columns);
    const usersNow = await getTable('users');
    expect(usersNow.StorageDescriptor!.Columns!.find((c) => c.Name === 'level')!.Type).toBe('string');
    expect(usersNow.Parameters).toEqual({ owner_team: 'analytics', table_type: 'DELTA', 'spark.sql.sources.provider': 'delta', EXTERNAL: 'TRUE' });

    const settled = await sync();
    expect(tableLines(settled.stdout).every((l) => l.endsWith(' unchanged')), settled.stdout).toBe(true);
  });

  it('a catalog that adds, retypes or drops a column updates the table and names the columns', async () => {
    // A later catalog: artists gains country and latitude becomes a string (what a release of the kit could change).
    const variant: TableDef[] = TABLES.map((t) =>
      t.name !== 'artists'
        ? t
        : { ...t, columns: [...t.columns.map((c) => (c.name === 'latitude' ? { ...c, type: 'string' as const } : c)), { name: 'country', type: 'string' as const, nullable: true, doc: 'ISO country.' }] },
    );
    const lines: string[] = [];
    const changed = await syncGlueCatalog(LAKE, DB, { tables: variant, onTable: (t) => lines.push(`${t.table} ${t.outcome}`) });
    expect(lines).toEqual(['songplays unchanged', 'users unchanged', 'songs unchanged', 'artists updated', 'time unchanged']);
    expect(changed.tables.find((t) => t.table === 'artists')!.changes).toEqual({ added: ['country'], removed: [], retyped: [{ column: 'latitude', from: 'double', to: 'string' }], other: [] });

    // Back to the catalog as it is: the column goes, the type comes back, and the output says which.
    const restored = await sync();
    expect(restored.code, restored.stderr).toBe(0);
    expect(tableLines(restored.stdout)).toContain(`glue: ${DB}.artists updated: column removed country; type changed latitude string → double`);
  });
});

describe('a registration that fails after the commit', () => {
  it('exits 3 with one line naming the committed run, and the lake reads as committed', async () => {
    const glueDown = { AWS_ENDPOINT_URL_GLUE: `http://127.0.0.1:${await closedPort()}`, AWS_MAX_ATTEMPTS: '1' };
    const before = await Promise.all(TABLES.map(async (t) => (await getTable(t.name)).VersionId));
    const run = await cliAsync(['etl', '--input', SAMPLE, '--output', LAKE, '--catalog', `glue:${DB}`], { env: { ...moto.env, ...glueDown } });
    expect(run.code).toBe(3);
    const runId = /engine local, run (\S+),/.exec(run.stdout)![1];
    const last = run.stderr.trim().split('\n').pop();
    expect(last).toMatch(
      new RegExp(
        `^sparkify: the lake is committed \\(run ${runId}\\); registering it in Glue failed: Glue GetDatabase ${DB}: cannot reach the AWS endpoint \\(ECONNREFUSED[^\\n]*\\(retry: sparkify catalog sync --output ${LAKE} --catalog glue:${DB}\\)$`,
      ),
    );
    expect(run.stderr).toContain(`committed songplays v1, users v1, songs v1, artists v1, time v1`);

    // The commit stands: the kit sees the run whole at each table's new version, and delta-rs reads that
    // version with the rows the run reported.
    const state = await openTableFormat(LAKE).state();
    expect(state.latest?.runId).toBe(runId);
    expect(state.tables.map((t) => [t.table, t.version, t.runId])).toEqual(TABLES.map((t) => [t.name, 1, runId]));
    const deltaRs = await deltaRsRows(LAKE, moto.env);
    for (const { name } of TABLES) {
      const reported = Number(new RegExp(`^${name} +(\\d+) `, 'm').exec(run.stdout)![1]);
      expect([deltaRs[name].version, deltaRs[name].rows.length], name).toEqual([1, reported]);
    }
    // Glue was not touched; the retry the message names registers the lake (nothing to change here).
    expect(await Promise.all(TABLES.map(async (t) => (await getTable(t.name)).VersionId))).toEqual(before);
    const retry = await sync();
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.stdout).toContain('(5 unchanged: nothing to update)');
    // catalog sync fails the same way when Glue does.
    const down = await sync(glueDown);
    expect([down.code, down.stderr.trim().split('\n').length]).toEqual([3, 1]);
    expect(down.stderr).toMatch(new RegExp(`^sparkify: the lake is committed \\(run ${runId}\\); registering it in Glue failed: `));
  });
});

describe('--catalog values', () => {
  const oneLine = (result: { code: number | null; stdout: string; stderr: string }) => [result.code, result.stdout, result.stderr];
  const etl = (...extra: string[]) => cli(['etl', '--input', SAMPLE, '--output', LAKE, ...extra], { env: moto.env });

  it('anything but glue or glue:DATABASE, and a folder lake, are one-line usage errors before any work', () => {
    const kinds = 'sparkify: --catalog must be glue or glue:DATABASE (the AWS Glue Data Catalog is the one catalog supported)';
    expect(oneLine(etl('--catalog', 'hive'))).toEqual([2, '', `${kinds}, got "hive"\n`]);
    const name = `sparkify: --catalog glue:DATABASE: the database must be lower-case letters, digits and _, not starting with a digit (Athena's rule)`;
    expect(oneLine(etl('--catalog', 'glue:'))).toEqual([2, '', `${name}, got ""\n`]);
    expect(oneLine(etl('--catalog', 'glue:my-db'))).toEqual([2, '', `${name}, got "my-db"\n`]);
    const folder = tempDir();
    expect(oneLine(cli(['etl', '--input', SAMPLE, '--output', folder, '--catalog', 'glue']))).toEqual([
      2,
      '',
      `sparkify: --catalog glue needs an s3:// lake (Athena and Glue read S3 only), got "${folder}"\n`,
    ]);
    expect(oneLine(cli(['catalog', 'sync', '--output', folder]))).toEqual([2, '', `sparkify: --catalog glue needs an s3:// lake (Athena and Glue read S3 only), got "${folder}"\n`]);
    expect(oneLine(cli(['catalog', 'sync', '--output', LAKE, '--catalog', 'iceberg'], { env: moto.env }))).toEqual([2, '', `${kinds}, got "iceberg"\n`]);
    expect(oneLine(cli(['catalog', 'push', '--output', LAKE]))).toEqual([2, '', 'sparkify: sparkify catalog needs one of: sync (got "push")\n']);
    expect(oneLine(cli(['catalog', 'sync']))).toEqual([2, '', 'sparkify: missing --output; see sparkify --help\n']);
    // emr publish checks it before reading the run (no AWS call is made: there is no run here).
    expect(oneLine(cli(['emr', 'publish', '--output', 's3://b/lake', '--code-prefix', 's3://b/code', '--run-id', 'R', '--catalog', 'glue:x-y']))).toEqual([2, '', `${name}, got "x-y"\n`]);
    expect(cli(['--help']).stdout).toContain('catalog sync --output s3://LAKE [--catalog glue[:DATABASE]]');
  });

  it('catalog sync refuses a prefix with no lake in one line', async () => {
    const empty = await cliAsync(['catalog', 'sync', '--output', 's3://glue-lake/nothing-here'], { env: moto.env });
    expect(oneLine(empty)).toEqual([2, '', 'sparkify: s3://glue-lake/nothing-here has no committed run; point --output at a lake written by sparkify etl\n']);
  });
});
