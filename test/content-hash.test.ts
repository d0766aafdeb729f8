import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newRunId } from '../src/core/run-id';
import { listInputFiles } from '../src/lake-log/input-bookmark';
import { contentHashes, withSha1 } from '../src/lake-log/content-hash';
import type { InputFile, RunManifest } from '../src/lake-log/run-manifest';
import { tempDir } from './helpers';

/** The part of a run manifest content hashes read: which input it listed, when it started, its bookmark. */
const baseRun = (input: string, bookmark: InputFile[], started = new Date()) => ({ runId: newRunId(started), input, bookmark }) as RunManifest;
const sha1Of = (files: InputFile[], name: string) => files.find((f) => f.path.endsWith(name))!.sha1;
/** The input listed now with its hashes, and how many of them were computed rather than taken from `base`. */
async function hashedListing(input: string, base: RunManifest | null) {
  const files = await listInputFiles(input);
  const hashes = await contentHashes(input, files, base);
  return { files: withSha1(files, hashes), hashed: hashes.hashed };
}

describe('content hashes of a local input', () => {
  it('are taken from the base run for files nothing wrote since, and computed again for any file written, renamed in or racily recent', async () => {
    const input = tempDir('sparkify-hash-in-');
    fs.mkdirSync(path.join(input, 'log_data'));
    for (const day of ['a', 'b', 'c']) fs.writeFileSync(path.join(input, 'log_data', `${day}.json`), `{"day":"${day}","level":"free"}\n`);
    // Older than the racy margin (2 s) when the base run starts.
    await new Promise((resolve) => setTimeout(resolve, 2_100));

    const first = await hashedListing(input, null);
    expect(first.hashed).toBe(3);
    expect(first.files.every((f) => /^[0-9a-f]{40}$/.test(f.sha1!) && f.inode !== undefined && f.changedMs !== undefined)).toBe(true);
    const base = baseRun(input, first.files);

    const unchanged = await hashedListing(input, base);
    expect(unchanged.hashed).toBe(0);
    expect(unchanged.files.map((f) => f.sha1)).toEqual(first.files.map((f) => f.sha1));

    // Edited in place, with its size and modification time restored (`touch -r`): its ctime moved.
    const b = path.join(input, 'log_data', 'b.json');
    const before = fs.statSync(b);
    fs.writeFileSync(b, fs.readFileSync(b, 'utf8').replace('free', 'paid'));
    fs.utimesSync(b, before.atime, before.mtime);
    expect([fs.statSync(b).size, fs.statSync(b).mtime.getTime()]).toEqual([before.size, before.mtime.getTime()]);
    const edited = await hashedListing(input, base);
    expect(edited.hashed).toBe(1);
    expect(sha1Of(edited.files, 'b.json')).not.toBe(sha1Of(first.files, 'b.json'));
    expect(sha1Of(edited.files, 'a.json')).toBe(sha1Of(first.files, 'a.json'));

    // Another file moved into a's place, same size and time: another inode.
    const a = path.join(input, 'log_data', 'a.json');
    const aStat = fs.statSync(a);
    const other = path.join(input, 'other.tmp');
    fs.writeFileSync(other, fs.readFileSync(a, 'utf8').replace('"a"', '"x"'));
    fs.utimesSync(other, aStat.atime, aStat.mtime);
    fs.renameSync(other, a);
    const replaced = await hashedListing(input, base);
    expect(sha1Of(replaced.files, 'a.json')).not.toBe(sha1Of(first.files, 'a.json'));

    // A base run that started within 2 s of a file's ctime may have hashed it before a write its ctime did not show.
    const c = first.files.find((f) => f.path.endsWith('c.json'))!;
    const racy = await hashedListing(input, baseRun(input, first.files, new Date(c.changedMs! + 1_000)));
    expect(racy.hashed).toBe(3);
    // Another input's bookmark says nothing about this one's files.
    expect((await hashedListing(input, baseRun(`${input}-elsewhere`, first.files))).hashed).toBe(3);
  });
});
