/**
 * Where a run's seconds go: named phases timed on the main thread's timeline (when this thread saw each start and
 * end), with the process's CPU seconds (process.cpuUsage, every thread) over the same spans. A phase is a path:
 * ['model', 'songplays'] is "model: songplays", under "model"; a phase run several times (a model once per bucket of
 * users, a table written in parts) sums its runs. runEtl makes the timer and hands it down (BuildJob.phases, PublishOptions.phases),
 * never global; code that is handed none uses NO_PHASES. Each start and end costs one clock and one getrusage read:
 * phases are per step of a run (a source, a model, a table), never per file or row.
 *
 * Phases may run at once (the local engine's writes overlap the next models on worker threads; the two sources are
 * read together). Every second of the run is counted once, so the rows of one level sum to their parent's seconds
 * and the top rows, with "other" (no phase), to the run's. Each run of a phase says how its seconds count:
 * - `share` (the default): the phases running at once share those seconds equally;
 * - `rest` (an enclosing span whose steps are timed as phases of their own, e.g. an engine's build): only the seconds
 *   no `share` phase claims;
 * - `behind` (work going on behind this thread, on worker threads or I/O: writes, uploads, hashing): only the seconds
 *   nothing else runs. timeBehind times such work's synchronous part as `share`, and code that waits for it times
 *   the wait as a `share` run of the same phase: the phase then counts its time on this thread and the time the run
 *   waited for it, not the time it ran unseen.
 * Each row also has its span (the union of its runs); a top phase that ran at once with others and was counted
 * less than its span by at least OVERLAP_NOTE_SECONDS gets a line saying so, and so does a phase that shared seconds
 * with a sibling.
 */

export type PhasePath = string | readonly string[];

export type PhaseOverlap = 'share' | 'behind' | 'rest';

export interface PhaseOptions {
  overlap?: PhaseOverlap;
}

/** What code that times its steps is handed. */
export interface Phases {
  /** Times `work` (from the call to its settling), as `path`. */
  time<T>(path: PhasePath, work: () => Promise<T> | T, options?: PhaseOptions): Promise<T>;
  /** Times synchronous `work`, as `path`. */
  timeSync<T>(path: PhasePath, work: () => T, options?: PhaseOptions): T;
  /** Starts timing `path`; the returned function ends it (once). */
  start(path: PhasePath, options?: PhaseOptions): () => void;
  /** Times work that goes on behind this thread: its synchronous part as `share`, until it settles as `behind`. */
  timeBehind<T>(path: PhasePath, work: () => Promise<T>): Promise<T>;
}

/** For code handed no timer: times nothing. */
export const NO_PHASES: Phases = {
  time: async (_path, work) => work(),
  timeSync: (_path, work) => work(),
  start: () => () => {},
  timeBehind: (_path, work) => work(),
};

/** One row of the breakdown. */
export interface PhaseRow {
  /** "model: songplays": the path joined. */
  phase: string;
  /** 0 for a top row; a child's seconds are part of its parent's. */
  depth: number;
  /** Wall seconds counted to the phase (each second of the run is counted once, see the module's comment). */
  seconds: number;
  /** seconds / the run's seconds. */
  share: number;
  /** The process's CPU seconds (every thread) over the seconds counted to the phase; null where not measured. */
  cpuSeconds: number | null;
  /** The phase's own wall seconds, while any run of it went on: more than `seconds` when it overlapped others. */
  spanSeconds: number;
}

/** A run's breakdown: the rows in tree order ("other" last among its siblings). */
export interface PhaseReport {
  seconds: number;
  cpuSeconds: number | null;
  rows: PhaseRow[];
  /** One line per phase whose span overlapped other phases by at least OVERLAP_NOTE_SECONDS. */
  overlaps: string[];
}

/** A moment on the timer's timeline: milliseconds, CPU microseconds (null: not measured), and its order. */
export interface PhaseMark {
  readonly at: number;
  readonly cpu: number | null;
  readonly seq: number;
}

export interface PhaseClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** CPU microseconds of the process, cumulative; null when not available. */
  cpu(): number | null;
}

const SYSTEM_CLOCK: PhaseClock = {
  now: () => performance.now(),
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
};

/** Overlaps shorter than this are not reported. */
const OVERLAP_NOTE_SECONDS = 0.01;
/** Which of the phases running at once is counted: the lowest rank; phases of one rank share. */
const RANK: Record<PhaseOverlap, number> = { share: 0, rest: 1, behind: 2 };
const RANKS = 3;
const NOT_RUNNING = RANKS;
const SEP = '\u0000';

interface Interval {
  node: PhaseNode;
  rank: number;
  from: PhaseMark;
  to: PhaseMark | null;
}

interface PhaseNode {
  name: string;
  /** Null for the root only (the run). */
  parent: PhaseNode | null;
  children: PhaseNode[];
  /** Every run of it is `rest`: no overlap is reported for it. */
  restOnly: boolean;
}

/** Records a run's phases and reports the breakdown. Its timeline starts when it is made. */
export class PhaseTimer implements Phases {
  private seq = 0;
  private readonly intervals: Interval[] = [];
  private readonly nodes = new Map<string, PhaseNode>();
  /** The run itself: not a phase, the parent of the top ones. */
  private readonly root: PhaseNode = { name: '', parent: null, children: [], restOnly: false };
  readonly origin: PhaseMark;

  constructor(private readonly clock: PhaseClock = SYSTEM_CLOCK) {
    this.origin = this.mark();
  }

  mark(): PhaseMark {
    return { at: this.clock.now(), cpu: this.clock.cpu(), seq: this.seq++ };
  }

  start(path: PhasePath, options: PhaseOptions = {}): () => void {
    const interval = this.interval(path, options, this.mark(), null);
    return () => {
      interval.to ??= this.mark();
    };
  }

  /** Records a run of `path` between two marks taken before. */
  record(path: PhasePath, from: PhaseMark, to: PhaseMark, options: PhaseOptions = {}): void {
    this.interval(path, options, from, to);
  }

  async time<T>(path: PhasePath, work: () => Promise<T> | T, options?: PhaseOptions): Promise<T> {
    const stop = this.start(path, options);
    try {
      return await work();
    } finally {
      stop();
    }
  }

  timeSync<T>(path: PhasePath, work: () => T, options?: PhaseOptions): T {
    const stop = this.start(path, options);
    try {
      return work();
    } finally {
      stop();
    }
  }

  timeBehind<T>(path: PhasePath, work: () => Promise<T>): Promise<T> {
    return this.time(path, () => this.timeSync(path, work), { overlap: 'behind' });
  }

  /** Phase runs started after `mark`. */
  startedSince(mark: PhaseMark): number {
    return this.intervals.filter((i) => i.from.seq > mark.seq).length;
  }

  /** The breakdown from the timer's start to `end` (now by default); phases still running are cut there. */
  report(end: PhaseMark = this.mark()): PhaseReport {
    const intervals = this.intervals.filter((i) => i.from.seq < end.seq).map((i) => ({ ...i, to: i.to && i.to.seq <= end.seq ? i.to : end }));
    // The timeline cut at every start and end: segment s runs from marks[s] to marks[s + 1].
    const bySeq = new Map<number, PhaseMark>([this.origin, end, ...intervals.flatMap((i) => [i.from, i.to])].map((m) => [m.seq, m]));
    const marks = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    const index = new Map(marks.map((m, i) => [m.seq, i]));
    const segments = marks.length - 1;
    const wall = new Float64Array(segments);
    const cpu = new Float64Array(segments);
    let cpuKnown = true;
    for (let s = 0; s < segments; s++) {
      wall[s] = Math.max(0, marks[s + 1].at - marks[s].at) / 1000;
      const [a, b] = [marks[s].cpu, marks[s + 1].cpu];
      if (a === null || b === null) cpuKnown = false;
      else cpu[s] = Math.max(0, b - a) / 1e6;
    }

    // Where each phase (with its children) ran, per segment: the lowest rank of its runs going on then.
    const nodes = [...this.nodes.values()];
    const going = new Map<PhaseNode, Int32Array[]>(nodes.map((n) => [n, Array.from({ length: RANKS }, () => new Int32Array(segments + 1))]));
    for (const i of intervals) {
      for (let n: PhaseNode = i.node; n !== this.root; n = n.parent!) {
        const diff = going.get(n)![i.rank];
        diff[index.get(i.from.seq)!]++;
        diff[index.get(i.to.seq)!]--;
      }
    }
    const rankAt = new Map<PhaseNode, Uint8Array>();
    for (const n of nodes) {
      const ranks = new Uint8Array(segments).fill(NOT_RUNNING);
      for (let r = RANKS - 1; r >= 0; r--) {
        let count = 0;
        const diff = going.get(n)![r];
        for (let s = 0; s < segments; s++) {
          count += diff[s];
          if (count > 0) ranks[s] = r;
        }
      }
      rankAt.set(n, ranks);
    }
    const rank = (n: PhaseNode, s: number) => rankAt.get(n)![s];

    // Each segment's seconds handed down the tree: to the children running then of the lowest rank, shared equally;
    // what none takes is the parent's "other".
    const weight = new Map<PhaseNode, Float64Array>();
    const rest = new Map<PhaseNode, Float64Array>();
    const hand = (parent: PhaseNode, own: Float64Array) => {
      const left = new Float64Array(segments);
      for (const child of parent.children) weight.set(child, new Float64Array(segments));
      for (let s = 0; s < segments; s++) {
        if (own[s] === 0) continue;
        const first = Math.min(NOT_RUNNING, ...parent.children.map((c) => rank(c, s)));
        if (first === NOT_RUNNING) {
          left[s] = own[s];
          continue;
        }
        const takers = parent.children.filter((c) => rank(c, s) === first);
        for (const c of takers) weight.get(c)![s] += own[s] / takers.length;
      }
      rest.set(parent, left);
      for (const child of parent.children) hand(child, weight.get(child)!);
    };
    hand(this.root, new Float64Array(segments).fill(1));

    const sum = (w: Float64Array, of: Float64Array) => w.reduce((total, x, s) => total + x * of[s], 0);
    const total = wall.reduce((a, b) => a + b, 0);
    const row = (phase: string, depth: number, w: Float64Array, span: number): PhaseRow => {
      const seconds = sum(w, wall);
      return { phase, depth, seconds, share: total > 0 ? seconds / total : 0, cpuSeconds: cpuKnown ? sum(w, cpu) : null, spanSeconds: span };
    };
    const secondsWhere = (running: (s: number) => boolean) => wall.reduce((a, x, s) => a + (running(s) ? x : 0), 0);

    const rows: PhaseRow[] = [];
    const overlaps: string[] = [];
    const walk = (parent: PhaseNode, depth: number) => {
      for (const child of parent.children) {
        const r = row(labelOf(child), depth, weight.get(child)!, secondsWhere((s) => rank(child, s) !== NOT_RUNNING));
        rows.push(r);
        if (!child.restOnly) {
          // A top phase that lost seconds to others: every other phase (but an enclosing rest) that ran with it. Below:
          // the siblings it shared seconds with (what its parent lost is the parent's line).
          const others = parent.children.filter((c) => c !== child && !c.restOnly);
          const withOthers = (s: number) => {
            const own = rank(child, s);
            if (own === NOT_RUNNING) return [];
            return others.filter((c) => (depth === 0 ? rank(c, s) !== NOT_RUNNING : rank(c, s) === own && own === RANK.share));
          };
          const seen = new Map<PhaseNode, number>();
          for (let s = 0; s < segments; s++) for (const c of withOthers(s)) seen.set(c, (seen.get(c) ?? 0) + wall[s]);
          const overlapped = secondsWhere((s) => withOthers(s).length > 0);
          const lost = depth > 0 || r.spanSeconds - r.seconds >= OVERLAP_NOTE_SECONDS;
          if (lost && overlapped >= OVERLAP_NOTE_SECONDS) {
            const names = [...seen].sort((a, b) => b[1] - a[1]).map(([c]) => labelOf(c));
            overlaps.push(`${r.phase} ran ${r.spanSeconds.toFixed(3)} s, ${overlapped.toFixed(3)} s of it at once with ${names.join(', ')} (counted: ${r.seconds.toFixed(3)} s)`);
          }
        }
        walk(child, depth + 1);
      }
      const left = rest.get(parent)!;
      const leftSeconds = sum(left, wall);
      if (parent === this.root) rows.push(row('other', 0, left, leftSeconds));
      else if (parent.children.length > 0 && leftSeconds > 0) rows.push(row(`${labelOf(parent)}: other`, depth, left, leftSeconds));
    };
    walk(this.root, 0);
    return { seconds: total, cpuSeconds: cpuKnown ? cpu.reduce((a, b) => a + b, 0) : null, rows, overlaps };
  }

  private interval(path: PhasePath, options: PhaseOptions, from: PhaseMark, to: PhaseMark | null): Interval {
    const overlap = options.overlap ?? 'share';
    const node = this.node(path, overlap);
    const interval: Interval = { node, rank: RANK[overlap], from, to };
    this.intervals.push(interval);
    return interval;
  }

  private node(path: PhasePath, overlap: PhaseOverlap): PhaseNode {
    const parts = typeof path === 'string' ? [path] : path;
    if (parts.length === 0) throw new Error('a phase needs a name');
    let parent = this.root;
    for (let i = 0; i < parts.length; i++) {
      const key = parts.slice(0, i + 1).join(SEP);
      let node = this.nodes.get(key);
      if (!node) {
        node = { name: parts[i], parent, children: [], restOnly: true };
        parent.children.push(node);
        this.nodes.set(key, node);
      }
      if (overlap !== 'rest') node.restOnly = false;
      parent = node;
    }
    return parent;
  }
}

function labelOf(n: PhaseNode): string {
  const names: string[] = [];
  for (let a: PhaseNode = n; a.parent; a = a.parent) names.unshift(a.name);
  return names.join(': ');
}

/** The breakdown as a table, then its notes (what CPU means, the overlaps). */
export function formatPhases(report: PhaseReport): string {
  const hasCpu = report.cpuSeconds !== null;
  const header = ['phase', 'wall s', 'share', ...(hasCpu ? ['cpu s'] : [])];
  const cells = (phase: string, seconds: number, share: number, cpu: number | null) => [
    phase,
    seconds.toFixed(3),
    `${(share * 100).toFixed(1)}%`,
    ...(hasCpu ? [cpu === null ? '' : cpu.toFixed(3)] : []),
  ];
  // A parent's "other" under half a millisecond is left out: it only says the children cover the parent.
  const shown = report.rows.filter((r) => r.depth === 0 || !r.phase.endsWith(': other') || r.seconds >= 0.0005);
  const body = [
    ...shown.map((r) => cells(`${'  '.repeat(r.depth)}${r.phase}`, r.seconds, r.share, r.cpuSeconds)),
    cells('total', report.seconds, report.seconds > 0 ? 1 : 0, report.cpuSeconds),
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  const notes = [
    'wall s: seconds of the run on its main thread, each counted once; the top rows sum to the run, indented rows to the row above them',
    ...(hasCpu ? ['cpu s: CPU seconds of the whole process (every thread: Polars, worker threads) over the same seconds'] : []),
    ...(report.overlaps.length > 0
      ? [
          'phases overlapped: seconds two phases ran at once are shared between them; work behind the others (writes and hashing on',
          'worker threads) is counted for its time on the main thread and the time the run waited for it:',
          ...report.overlaps.map((o) => `  ${o}`),
        ]
      : ['no phases overlapped']),
  ];
  return [line(header), ...body.map(line), ...notes].join('\n');
}
