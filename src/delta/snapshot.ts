import { mapConcurrent } from '../pool';
import type { Action, AddAction, CommitInfoAction, MetadataAction, ProtocolAction, RemoveAction, TxnAction } from './actions';
import { UserError } from '../errors';
import { parseCommitFile, SUPPORTED_READER_VERSION } from './actions';
import { readCheckpointBytes } from './checkpoint-file';
import type { LogStore, StoredObject } from './log-store';
import { checkpointKey, commitKey, LAST_CHECKPOINT_KEY, LOG_PREFIX, logKeyBefore, parseLogKey } from './log-paths';

/** The state of a table at one version (PROTOCOL.md "Action Reconciliation"). */
export interface Snapshot {
  version: number;
  protocol: ProtocolAction;
  metadata: MetadataAction;
  /** Active data files, in the order they were added. */
  files: AddAction[];
  /** Removed files still remembered (for VACUUM). */
  tombstones: RemoveAction[];
  txns: TxnAction[];
  /** The commit's time (its commitInfo timestamp, else the commit file's modification time), ms since the epoch. */
  timestamp: number;
  /** The checkpoint the replay started from, if any. */
  checkpointVersion: number | null;
}

export class NotADeltaTableError extends Error {}

/** A table whose protocol asks for reader features the kit does not implement (deletion vectors, column mapping…). */
export class UnreadableTableError extends UserError {}

/** A version the log no longer holds (a log cleanup removed it): the user asked for something that is gone. */
export class VersionGoneError extends UserError {}

/** What `_delta_log/` holds: commit versions with their objects, classic checkpoint versions. */
export interface LogListing {
  commits: Map<number, StoredObject>;
  checkpoints: number[];
}

/** Lists `_delta_log/`, from startVersion on (every entry when 0). */
export async function listLog(store: LogStore, startVersion = 0): Promise<LogListing> {
  const objects = await store.list(LOG_PREFIX, startVersion > 0 ? logKeyBefore(startVersion) : undefined);
  const commits = new Map<number, StoredObject>();
  const checkpoints: number[] = [];
  for (const o of objects) {
    const entry = parseLogKey(o.key);
    if (entry?.kind === 'commit') commits.set(entry.version, o);
    else if (entry?.kind === 'checkpoint') checkpoints.push(entry.version);
  }
  return { commits, checkpoints: checkpoints.sort((a, b) => a - b) };
}

export async function readLastCheckpointVersion(store: LogStore): Promise<number | null> {
  const text = await store.read(LAST_CHECKPOINT_KEY);
  if (text === null) return null;
  try {
    const version = (JSON.parse(text.toString('utf8')) as { version?: unknown }).version;
    return typeof version === 'number' ? version : null;
  } catch {
    return null; // a torn or foreign _last_checkpoint only costs a full listing
  }
}

/** The actions of one commit file; a missing one means the log was cleaned up or is broken. */
export async function readCommit(store: LogStore, version: number): Promise<Action[]> {
  const text = await readCommitText(store, version);
  try {
    return parseCommitFile(text);
  } catch (err) {
    // Name the table, the version and the file: "Unexpected token" alone tells nobody which of 5 logs is broken.
    throw new Error(`${store.location}: version ${version} cannot be read: ${commitKey(version)} is not a valid commit (${(err as Error).message})`);
  }
}

/** The text of one commit file, as readCommit reads it. */
export async function readCommitText(store: LogStore, version: number): Promise<string> {
  const key = commitKey(version);
  const body = await store.read(key);
  if (body === null) throw new Error(`${store.location}: commit ${key} is missing`);
  return body.toString('utf8');
}

/**
 * The table at its latest version, or at `version`. Starts from the newest checkpoint not newer than the
 * version (found through `_last_checkpoint`, else by listing) and replays the JSON commits after it.
 */
export async function readSnapshot(store: LogStore, options: { version?: number } = {}): Promise<Snapshot> {
  const target = options.version;
  // _last_checkpoint lets the listing start near the end of a long log.
  const hint = await readLastCheckpointVersion(store);
  let listing = await listLog(store, hint !== null && (target === undefined || hint <= target) ? hint : 0);
  if (hint !== null && listing.commits.size === 0 && listing.checkpoints.length === 0) listing = await listLog(store, 0);

  const versions = [...listing.commits.keys()].sort((a, b) => a - b);
  const latest = Math.max(versions.at(-1) ?? -1, listing.checkpoints.at(-1) ?? -1);
  if (latest < 0) throw new NotADeltaTableError(`${store.location} is not a Delta table: ${LOG_PREFIX} holds no commits`);
  const version = target ?? latest;
  if (version > latest) throw new VersionGoneError(`${store.location}: version ${version} does not exist (the latest is ${latest})`);

  const checkpointVersion = listing.checkpoints.filter((v) => v <= version).at(-1) ?? null;
  const from = checkpointVersion === null ? 0 : checkpointVersion + 1;
  const needed: number[] = [];
  for (let v = from; v <= version; v++) {
    if (!listing.commits.has(v)) {
      throw new VersionGoneError(
        `${store.location}: cannot read version ${version}: commit ${v} is no longer in ${LOG_PREFIX} ` +
          `(older versions were cleaned up; the oldest readable one is ${versions[0] ?? checkpointVersion})`,
      );
    }
    needed.push(v);
  }

  const state = new Replay();
  if (checkpointVersion !== null) {
    const bytes = await store.read(checkpointKey(checkpointVersion));
    if (bytes === null) throw new Error(`${store.location}: checkpoint ${checkpointVersion} vanished while reading`);
    try {
      state.apply(readCheckpointBytes(bytes));
    } catch (err) {
      throw new Error(`${store.location}: version ${version} cannot be read: ${checkpointKey(checkpointVersion)} is not a valid checkpoint (${(err as Error).message})`);
    }
  }
  // Up to 16 commits read at once, in version order.
  const commits = await mapConcurrent(needed, 16, (v) => readCommit(store, v));
  let commitInfo: CommitInfoAction | null = null;
  for (const actions of commits) commitInfo = state.apply(actions);

  if (!state.protocol || !state.metadata) throw new Error(`${store.location}: no protocol or metaData action up to version ${version}`);
  // Reader 3 with no reader features asks nothing of a reader that version 1 does not.
  const readerFeatures = state.protocol.readerFeatures ?? [];
  if (state.protocol.minReaderVersion > SUPPORTED_READER_VERSION && !(state.protocol.minReaderVersion === 3 && readerFeatures.length === 0)) {
    const features = readerFeatures.length > 0 ? `reader features: ${readerFeatures.join(', ')}` : 'column mapping';
    throw new UnreadableTableError(
      `${store.location}: the kit cannot read or write this Delta table: it needs Delta reader version ${state.protocol.minReaderVersion} (${features}); ` +
        `this kit reads version ${SUPPORTED_READER_VERSION} tables`,
    );
  }
  const listed = listing.commits.get(version);
  return {
    version,
    protocol: state.protocol,
    metadata: state.metadata,
    files: [...state.files.values()],
    tombstones: [...state.tombstones.values()],
    txns: [...state.txns.values()],
    timestamp: commitInfo?.timestamp ?? listed?.modified ?? 0,
    checkpointVersion,
  };
}

/** Log replay: the newest protocol and metaData win, the newest action per file path wins. */
class Replay {
  protocol: ProtocolAction | null = null;
  metadata: MetadataAction | null = null;
  files = new Map<string, AddAction>();
  tombstones = new Map<string, RemoveAction>();
  txns = new Map<string, TxnAction>();

  /** Applies one commit's (or a checkpoint's) actions; returns its commitInfo. */
  apply(actions: Action[]): CommitInfoAction | null {
    let commitInfo: CommitInfoAction | null = null;
    for (const action of actions) {
      if ('add' in action) {
        this.tombstones.delete(action.add.path);
        this.files.set(action.add.path, action.add);
      } else if ('remove' in action) {
        this.files.delete(action.remove.path);
        this.tombstones.set(action.remove.path, action.remove);
      } else if ('metaData' in action) this.metadata = action.metaData;
      else if ('protocol' in action) this.protocol = action.protocol;
      else if ('txn' in action) this.txns.set(action.txn.appId, action.txn);
      else if ('commitInfo' in action) commitInfo = action.commitInfo;
    }
    return commitInfo;
  }
}
