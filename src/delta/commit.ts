import { UserError } from '../errors';
import type { Action, MetadataAction, ProtocolAction } from './actions';
import { commitFileText } from './actions';
import { writeCheckpoint } from './checkpoint';
import { conflictReason } from './conflicts';
import type { LogStore } from './log-store';
import { commitKey } from './log-paths';
import { listLog, readCommit } from './snapshot';
import { tableProperties, unsupportedTableFeatures } from './table-properties';

export const DEFAULT_CHECKPOINT_INTERVAL = 10;

export interface CommitOptions {
  /** The version this commit should become: the version its snapshot was read at, plus one (0 creates the table). */
  expectedVersion: number;
  /** Attempts after lost races whose winners did not conflict (default 10). */
  maxAttempts?: number;
  /** Write a checkpoint when the committed version is a multiple of this (default 10; 0 never). */
  checkpointInterval?: number;
}

export interface CommitResult {
  version: number;
  /** 1 when the first put-if-absent won. */
  attempts: number;
  /** The checkpoint written after the commit, or why it could not be (the commit stands either way). */
  checkpoint: { version: number; ms: number } | { error: string } | null;
}

/** A lost race that must not be retried: nothing was committed. The message is one line for the user. */
export class CommitConflictError extends Error {
  constructor(
    message: string,
    readonly winningVersion: number,
  ) {
    super(message);
  }
}

/**
 * Commits the actions as the next version of the table: a put-if-absent of `_delta_log/<version>.json`, so two
 * writers can never both take a version. A writer that loses reads the winners' commits and either writes its
 * commit again at the next version (when they do not conflict, see conflicts.ts) or throws CommitConflictError.
 */
export async function commit(store: LogStore, actions: Action[], options: CommitOptions): Promise<CommitResult> {
  const body = commitFileText(actions);
  const maxAttempts = options.maxAttempts ?? 10;
  let version = options.expectedVersion;
  for (let attempt = 1; ; attempt++) {
    if (await store.putIfAbsent(commitKey(version), body)) {
      return { version, attempts: attempt, checkpoint: await checkpointAfter(store, version, options.checkpointInterval) };
    }
    // Lost: read every commit from our version to the newest, check them against ours.
    const listing = await listLog(store, version);
    const latest = Math.max(version, ...listing.commits.keys());
    const winners: { version: number; actions: Action[] }[] = [];
    for (let v = version; v <= latest; v++) winners.push({ version: v, actions: await readCommit(store, v) });
    const reason = conflictReason(actions, winners);
    if (reason !== null) {
      throw new CommitConflictError(
        `${store.location}: commit for version ${options.expectedVersion} lost to a concurrent writer: ${reason}; nothing was committed (re-run to apply it to version ${latest})`,
        latest,
      );
    }
    if (attempt >= maxAttempts) {
      throw new CommitConflictError(`${store.location}: gave up committing after ${attempt} lost races (latest version ${latest}); nothing was committed`, latest);
    }
    version = latest + 1;
  }
}

async function checkpointAfter(store: LogStore, version: number, interval = DEFAULT_CHECKPOINT_INTERVAL): Promise<CommitResult['checkpoint']> {
  if (interval <= 0 || version === 0 || version % interval !== 0) return null;
  const started = performance.now();
  try {
    await writeCheckpoint(store, version);
    return { version, ms: performance.now() - started };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** A table this kit must not commit to (its features, or `delta.appendOnly` against a commit that removes files): one line, exit 2. */
export class TableWriteRefusedError extends UserError {}

/** Refuses to write a table whose protocol or declared constraints ask for more than this module implements. */
export function assertWritable(table: { protocol: ProtocolAction; metadata: MetadataAction }, location: string): void {
  const reason = unsupportedTableFeatures(table.protocol, table.metadata);
  if (reason !== null) throw new TableWriteRefusedError(`${location}: the kit cannot write this Delta table: ${reason}; nothing was committed`);
}

/** Refuses a commit that removes files from an append-only table (`delta.appendOnly`, PROTOCOL.md "Append-only Tables"). */
export function assertAppendOnlyAllows(table: { metadata: MetadataAction }, actions: Action[], location: string): void {
  if (!tableProperties(table.metadata).appendOnly) return;
  const removes = actions.filter((a) => 'remove' in a && a.remove.dataChange).length;
  if (removes > 0) {
    throw new TableWriteRefusedError(
      `${location}: the table is append-only (delta.appendOnly=true) and this run would remove ${removes} file${removes === 1 ? '' : 's'}; ` +
        `nothing was committed (an incremental run only appends; a full run needs the property unset)`,
    );
  }
}
