import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../src/errors';
import type { Progress } from '../src/progress';
import { FolderStorage } from '../src/storage/folder-storage';
import { S3Storage } from '../src/storage/s3-storage';
import { removeStaleTempFiles } from '../src/storage/stale-temp-files';
import type { Storage } from '../src/storage/storage';
import { LockLostError, withCommitLock } from '../src/table-format/delta/commit-lock';
import { COMMIT_LOCK_KEY } from '../src/table-format/delta/lake-paths';
import { REPO, tempDir } from './helpers';
import { createBucket, startS3Server, type S3Server } from './s3-server';

const BUCKET = 'commit-lock';
const CHILD = path.join(REPO, 'test', 'commit-lock-child.js');

let server: S3Server;
beforeAll(async () => {
  server = await startS3Server();
  await createBucket(BUCKET);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

let lakes = 0;
const kinds: [string, () => Storage][] = [
  ['folder', () => new FolderStorage(tempDir('commit-lock-'))],
  ['S3 (moto)', () => new S3Storage(`s3://${BUCKET}/lake-${++lakes}`)],
];

function recorder(): Progress & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (m) => lines.push(m), tick() {} };
}

/** The storage, with the calls of each method counted. */
function counted(storage: Storage): { storage: Storage; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const proxy = new Proxy(storage, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls[String(prop)] = (calls[String(prop)] ?? 0) + 1;
        return value.apply(target, args);
      };
    },
  });
  return { storage: proxy, calls };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function lockBody(lake: Storage): Promise<any> {
  const bytes = await lake.read(COMMIT_LOCK_KEY);
  return bytes === null ? null : JSON.parse(bytes.toString('utf8'));
}

/** Run `runId` takes the lock and keeps it until release() is called. */
async function holdLock(lake: Storage, runId: string): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const done = withCommitLock(lake, runId, async () => {
    entered();
    await released;
  });
  await Promise.race([inside, done]);
  return {
    async release() {
      release();
      await done;
    },
  };
}

describe.each(kinds)('the commit lock on a %s', (_kind, makeLake) => {
  it('names its holder while held, and is gone after the work', async () => {
    const lake = makeLake();
    const result = await withCommitLock(lake, 'run-1', async (lock) => {
      const body = await lockBody(lake);
      expect(body).toMatchObject({ runId: 'run-1', host: os.hostname(), pid: process.pid });
      expect(body.token).toMatch(/^[0-9a-f]{16}$/);
      expect(body.expires - body.since).toBe(5 * 60_000);
      expect(lock.runId).toBe('run-1');
      await lock.assertHeld();
      return 42;
    });
    expect(result).toBe(42);
    expect(await lake.read(COMMIT_LOCK_KEY)).toBeNull();
  });

  it('takes over an expired lock, naming the dead holder in one line', async () => {
    const lake = makeLake();
    const now = Date.now();
    await lake.write(COMMIT_LOCK_KEY, JSON.stringify({ runId: 'dead-run', token: 'abc', host: 'old-host', pid: 4242, since: now - 400_000, expires: now - 100_000 }));
    const progress = recorder();
    const { storage, calls } = counted(lake);
    await withCommitLock(storage, 'run-2', async (lock) => {
      expect((await lockBody(lake)).runId).toBe('run-2');
      await lock.assertHeld();
    }, { progress });
    expect(progress.lines).toHaveLength(1);
    expect(progress.lines[0]).toMatch(/_delta_commit\.lock of run dead-run \(host old-host, pid 4242\), taken at \S+Z, expired at \S+Z .*taking it over$/);
    expect(calls.read).toBeLessThanOrEqual(3); // the failed take's read, assertHeld, the release
    expect(await lake.read(COMMIT_LOCK_KEY)).toBeNull();
  });

  const foreign = [
    'not json {',
    'null',
    '{}',
    '42',
    '[]',
    '{"runId":"r1"}',
    '{"runId":"r1","expires":"soon"}',
    '{"runId":"r1","expires":1e300}',
    `{"junk":"${'x'.repeat(5000)}"}`,
  ];
  it.each(foreign)('takes over a lock object that is not the kit\'s: %s', async (text) => {
    const lake = makeLake();
    await lake.write(COMMIT_LOCK_KEY, text);
    const progress = recorder();
    const { storage, calls } = counted(lake);
    let ran = false;
    // Taken over at once, never waited for: with no time to wait, a run that waited would give up (and throw).
    await withCommitLock(storage, 'run-3', async () => {
      ran = true;
    }, { progress, waitMs: 0 });
    expect(ran).toBe(true);
    expect(calls.read).toBeLessThanOrEqual(3);
    expect(calls.putIfAbsent).toBe(2);
    expect(progress.lines).toHaveLength(1);
    expect(progress.lines[0]).toContain('is not a lock of this kit');
    expect(progress.lines[0]).toContain('taking it over as expired');
    expect(progress.lines[0]).not.toContain('x'.repeat(81));
    expect(progress.lines[0]).not.toContain('Invalid time value');
    expect(progress.lines[0].length).toBeLessThan(300);
    expect(await lake.read(COMMIT_LOCK_KEY)).toBeNull();
  });

  it('a waiting run says once who holds the lock (not once per poll), then takes it after the release', async () => {
    const lake = makeLake();
    const holder = await holdLock(lake, 'run-a');
    const progress = recorder();
    const { storage, calls } = counted(lake);
    const events: string[] = [];
    const waiter = withCommitLock(storage, 'run-b', async () => {
      events.push('b inside');
    }, { progress, pollMs: 20 });
    await sleep(1500);
    events.push('a releases');
    await holder.release();
    await waiter;
    expect(events).toEqual(['a releases', 'b inside']);
    expect(calls.read).toBeGreaterThanOrEqual(4); // it did poll several times
    expect(progress.lines).toHaveLength(1);
    expect(progress.lines[0]).toMatch(
      new RegExp(`^waiting for the commit lock \\S+_delta_commit\\.lock: run run-a \\(host ${os.hostname()}, pid ${process.pid}\\) holds it since \\S+Z, until \\S+Z$`),
    );
  });

  it('gives up after waitMs with one line: who holds it, since, until, what to do', async () => {
    const lake = makeLake();
    const holder = await holdLock(lake, 'run-a');
    try {
      const err = await withCommitLock(lake, 'run-b', async () => 'never', { waitMs: 400, pollMs: 50 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      const message = (err as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/^gave up after 0\.4 s waiting for the commit lock \S+: run run-a \(host \S+, pid \d+\) holds it since \S+Z, until \S+Z; run again once that run has finished, or delete \S+ if no run is committing/);
    } finally {
      await holder.release();
    }
  });

  it('honours a live lock of an earlier version of the kit (run id and expiry only)', async () => {
    const lake = makeLake();
    await lake.write(COMMIT_LOCK_KEY, JSON.stringify({ runId: 'old-kit-run', expires: Date.now() + 60_000 }));
    const err = await withCommitLock(lake, 'run-b', async () => 'never', { waitMs: 300, pollMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/run old-kit-run \(host \?, pid \?\) holds it since an unknown time, until \S+Z/);
  });

  it('renewal keeps the lock past its original ttl: a concurrent taker waits', async () => {
    const lake = makeLake();
    const events: string[] = [];
    const progress = recorder();
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const slow = withCommitLock(lake, 'run-slow', async (lock) => {
      events.push('slow inside');
      entered();
      await sleep(2500);
      await lock.assertHeld();
      events.push('slow leaves');
    }, { ttlMs: 1000 });
    await inside;
    const eager = withCommitLock(lake, 'run-eager', async () => {
      events.push('eager inside');
    }, { ttlMs: 1000, pollMs: 50, progress });
    await Promise.all([slow, eager]);
    expect(events).toEqual(['slow inside', 'slow leaves', 'eager inside']);
    expect(progress.lines.join('\n')).not.toContain('taking it over');
    expect(await lake.read(COMMIT_LOCK_KEY)).toBeNull();
  });

  it('a holder whose lock was taken over gets LockLostError from assertHeld, and leaves the new lock alone', async () => {
    const lake = makeLake();
    const taken = { runId: 'run-y', token: 'other', host: 'host-2', pid: 9, since: Date.now(), expires: Date.now() + 60_000 };
    await withCommitLock(lake, 'run-x', async (lock) => {
      await lock.assertHeld();
      await lake.write(COMMIT_LOCK_KEY, JSON.stringify(taken));
      const err = await lock.assertHeld().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockLostError);
      expect((err as Error).message).not.toContain('\n');
      expect((err as Error).message).toMatch(/is no longer run run-x's: run run-y \(host host-2, pid 9\) holds it since \S+Z, until \S+Z$/);
    });
    expect((await lockBody(lake)).token).toBe('other');
  });

  it('renewal notices the takeover on its own', async () => {
    const lake = makeLake();
    const { storage, calls } = counted(lake);
    await withCommitLock(storage, 'run-x', async (lock) => {
      await lake.write(COMMIT_LOCK_KEY, JSON.stringify({ runId: 'run-y', token: 'other', host: 'h', pid: 1, since: Date.now(), expires: Date.now() + 60_000 }));
      await sleep(500);
      const reads = calls.read;
      await expect(lock.assertHeld()).rejects.toThrow(LockLostError);
      expect(calls.read).toBe(reads); // known lost already: no read needed
    }, { renewMs: 50 });
    expect((await lockBody(lake)).token).toBe('other');
  });

  it('a renewal that fails until the expiry loses the lock', async () => {
    const lake = makeLake();
    let failWrites = false;
    const failing = new Proxy(lake, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop === 'write') return (...args: unknown[]) => (failWrites ? Promise.reject(new Error('network down\nsecond line')) : value.apply(target, args));
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await withCommitLock(failing, 'run-x', async (lock) => {
      failWrites = true;
      await sleep(900);
      const err = await lock.assertHeld().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockLostError);
      expect((err as Error).message).toMatch(/(could not renew the commit lock \S+ of run run-x before its expiry at \S+Z: network down$)|(expired at \S+Z before it could be renewed$)/);
    }, { ttlMs: 400, renewMs: 100 });
  });

  it('two processes contending are never inside the work at once', async () => {
    const dist = path.join(REPO, 'dist', 'table-format', 'delta', 'commit-lock.js');
    expect(fs.readFileSync(dist, 'utf8'), 'dist/ is older than src/: run npm run build').toContain('LockLostError');
    const lake = makeLake();
    const dir = tempDir('commit-lock-race-');
    const logFile = path.join(dir, 'log');
    const goFile = path.join(dir, 'go');
    const rounds = 4;
    const children = ['p', 'q', 'r'].map(
      (runId) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, [CHILD, lake.root, runId, logFile, goFile, String(rounds), '30'], { cwd: REPO, env: process.env });
          let err = '';
          child.stderr.on('data', (d) => (err += d));
          child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`contender ${runId} failed: ${err}`))));
        }),
    );
    await sleep(300);
    fs.writeFileSync(goFile, '');
    await Promise.all(children);
    const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n').map((l) => l.split(' '));
    expect(lines).toHaveLength(3 * rounds * 2);
    for (let i = 0; i < lines.length; i += 2) {
      // In the file's order: every enter is followed by the exit of the same run and round.
      const [enter, exit] = [lines[i], lines[i + 1]];
      expect([enter[0], exit[0]]).toEqual(['enter', 'exit']);
      expect(exit.slice(1, 3)).toEqual(enter.slice(1, 3));
      if (i > 0) expect(Number(enter[3])).toBeGreaterThanOrEqual(Number(lines[i - 1][3]));
    }
    expect(await lake.read(COMMIT_LOCK_KEY)).toBeNull();
  }, 120_000);
});

describe('stale temporary files', () => {
  const HOUR = 3_600_000;

  function age(file: string, ms: number): void {
    const t = new Date(Date.now() - ms);
    fs.utimesSync(file, t, t);
  }

  it('deletes the kit\'s own temp files older than the age directly in a folder, keeps fresh ones and others', async () => {
    const root = tempDir('stale-temp-');
    const lake = new FolderStorage(root);
    await lake.write('users/_delta_log/00000000000000000000.json', '{}\n');
    // The names FolderStorage makes: a write whose rename never came (a killed process), and a putIfAbsent whose
    // temp file was never removed.
    const rename = vi.spyOn(fs.promises, 'rename').mockRejectedValueOnce(new Error('killed'));
    await expect(lake.write('users/_delta_log/_last_checkpoint', '{}')).rejects.toThrow('killed');
    rename.mockRestore();
    const rm = vi.spyOn(fs.promises, 'rm').mockResolvedValueOnce(undefined);
    expect(await lake.putIfAbsent('users/_delta_log/00000000000000000001.json', '{}\n')).toBe(true);
    rm.mockRestore();
    expect(await lake.putIfAbsent(COMMIT_LOCK_KEY, '{}')).toBe(true);
    const log = path.join(root, 'users', '_delta_log');
    const leftovers = fs.readdirSync(log).filter((f) => f.endsWith('.tmp')).sort();
    expect(leftovers).toHaveLength(2);
    expect(leftovers[0]).toMatch(/^\.00000000000000000001\.json\.\d+\.[0-9a-f]+\.tmp$/);
    expect(leftovers[1]).toMatch(/^_last_checkpoint\.\d+\.[0-9a-f]+\.tmp$/);
    for (const f of leftovers) age(path.join(log, f), 2 * HOUR);
    // A fresh temp file (a write in progress), an old file that only looks alike, one in a folder below: kept.
    fs.writeFileSync(path.join(log, '00000000000000000002.json.77.abc.tmp'), '');
    fs.writeFileSync(path.join(log, 'notes.tmp'), '');
    age(path.join(log, 'notes.tmp'), 2 * HOUR);
    fs.writeFileSync(path.join(root, '._delta_commit.lock.123.ff00.tmp'), '');
    age(path.join(root, '._delta_commit.lock.123.ff00.tmp'), 2 * HOUR);

    expect(await removeStaleTempFiles(lake, 'users/_delta_log', HOUR)).toEqual(leftovers.map((f) => `users/_delta_log/${f}`));
    expect(fs.readdirSync(log).sort()).toEqual(['00000000000000000000.json', '00000000000000000001.json', '00000000000000000002.json.77.abc.tmp', 'notes.tmp']);
    expect(await removeStaleTempFiles(lake, '', HOUR)).toEqual(['._delta_commit.lock.123.ff00.tmp']);
    expect(fs.readdirSync(root).sort()).toEqual(['_delta_commit.lock', 'users']);
    expect(await removeStaleTempFiles(lake, 'no-such-folder', HOUR)).toEqual([]);
  });

  it('finds none on S3 (an object is written whole) and lists nothing', async () => {
    const { storage, calls } = counted(new S3Storage(`s3://${BUCKET}/temp-files`));
    expect(await removeStaleTempFiles(storage, '', HOUR)).toEqual([]);
    expect(calls.list ?? 0).toBe(0);
  });
});
