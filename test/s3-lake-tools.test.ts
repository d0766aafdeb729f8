import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEtl } from '../src/run/etl';
import { uploadDir } from '../src/storage/s3-upload';
import { cliAsync, SAMPLE, tempDir } from './helpers';
import { createBucket, startS3Server, type S3Server } from './s3-server';

// `sparkify check`, `skew` and `report` on an s3:// lake read it through the table format, as they read a folder:
// the same lake written to both gives the same answers.
const LAKE = 's3://tools-lake/sample';
let server: S3Server;
let local: string;

beforeAll(async () => {
  server = await startS3Server();
  await createBucket('tools-raw');
  await createBucket('tools-lake');
  await uploadDir(SAMPLE, 's3://tools-raw/sample');
  await runEtl({ input: 's3://tools-raw/sample', output: LAKE });
  local = tempDir();
  await runEtl({ input: SAMPLE, output: local });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

// The CLI runs beside this process (cliAsync): moto, started here, must keep answering meanwhile.
const json = async (args: string[]) => {
  const result = await cliAsync(args, { env: server.env });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
};

describe('the lake tools on an s3:// lake', async () => {
  it('check runs every check, reconciled against the published manifest, as on a folder', async () => {
    const onS3 = await json(['check', '--output', LAKE, '--json']);
    const onFolder = await json(['check', '--output', local, '--json']);
    expect(onS3.runId).not.toBeNull();
    expect(onS3.checks.length).toBeGreaterThan(0);
    expect(onS3.checks.filter((c: { status: string }) => c.status !== 'pass')).toEqual([]);
    // The same verdicts; only the run ids (the whole-star check names the run) differ between the two lakes.
    const withoutRunIds = (checks: { detail: string }[]) => checks.map((c) => ({ ...c, detail: c.detail.replace(/run \d{8}T\d{9}Z-[0-9a-f]+/g, 'run <id>') }));
    expect(withoutRunIds(onS3.checks)).toEqual(withoutRunIds(onFolder.checks));
  }, 60_000);

  it('skew lists the same files, partitions and rows as on a folder', async () => {
    const onS3 = await json(['skew', '--output', LAKE, '--json']);
    expect(onS3.map((t: { table: string }) => t.table)).toEqual(['songplays', 'users', 'songs', 'artists', 'time']);
    expect(onS3.every((t: { files: number; rows: number }) => t.files > 0 && t.rows > 0)).toBe(true);
    expect(onS3).toEqual(await json(['skew', '--output', local, '--json']));
  }, 60_000);

  it('report writes the HTML report with the row counts and the quarantine of the lake', async () => {
    const dir = tempDir();
    const [fromS3, fromFolder] = [path.join(dir, 's3.html'), path.join(dir, 'folder.html')];
    expect((await cliAsync(['report', '--output', LAKE, '--to', fromS3], { env: server.env })).code).toBe(0);
    expect((await cliAsync(['report', '--output', local, '--to', fromFolder])).code).toBe(0);
    // Everything but the lake's name, the run's id and the times is the same.
    const comparable = (file: string, lake: string) =>
      fs.readFileSync(file, 'utf8').split(lake).join('LAKE').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME').replace(/\d{8}T\d+Z-[0-9a-f]+/g, 'RUN');
    const html = comparable(fromS3, LAKE);
    expect(html).toContain('<td>songplays</td><td class="num">');
    expect(html).toEqual(comparable(fromFolder, local));
  }, 120_000);
});
