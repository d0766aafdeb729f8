import pl from 'nodejs-polars';
import { TABLES } from '../catalog/tables';
import { rows, type CountRow } from './schema-evidence';

export interface LevelEvidence {
  /** Users seen with an id. */
  users: number;
  /** Rows a plain SELECT DISTINCT user_id, first_name, last_name, gender, level would give. */
  distinctProfiles: number;
  /** Users seen with more than one level during the period. */
  usersChangingLevel: number;
  /** Rows of the users table the models built. */
  usersTableRows: number;
}

/** Why `users` takes the latest event's level: a DISTINCT over the profile gives more rows than users. */
export function levelEvidence(stgEvents: pl.DataFrame, users: pl.DataFrame): LevelEvidence {
  const known = stgEvents.filter(pl.col('user_id').isNotNull());
  const levels = known.groupBy('user_id').agg(pl.col('level').nUnique().alias('levels'));
  return {
    users: levels.height,
    distinctProfiles: known.select('user_id', 'first_name', 'last_name', 'gender', 'level').unique().height,
    usersChangingLevel: levels.filter(pl.col('levels').gt(1)).height,
    usersTableRows: users.height,
  };
}

export interface MatchStep {
  /** What the play must share with a song. */
  criterion: string;
  plays: number;
  matched: number;
  rate: number;
}

/**
 * How many plays find their song, as the match gets stricter: by title, by title and artist name, and by
 * title, artist name and duration (what the songplays model uses). The last step must equal the fact table's
 * count of plays with a song_id.
 */
export function songMatchSteps(stgEvents: pl.DataFrame, stgSongs: pl.DataFrame): MatchStep[] {
  const plays = stgEvents.filter(pl.col('page').eq(pl.lit('NextSong')));
  const songs = stgSongs.select(pl.col('title'), pl.col('artist_name'), pl.col('duration'));
  const steps: Array<[string, Array<[string, string]>]> = [
    ['title', [['song_title', 'title']]],
    ['title + artist', [['song_title', 'title'], ['artist_name', 'artist_name']]],
    ['title + artist + duration', [['song_title', 'title'], ['artist_name', 'artist_name'], ['song_length', 'duration']]],
  ];
  return steps.map(([criterion, keys]) => {
    const right = songs.select(...keys.map(([, r]) => pl.col(r))).unique().dropNulls();
    const matched = plays.join(right, { leftOn: keys.map(([l]) => l), rightOn: keys.map(([, r]) => r), how: 'semi' }).height;
    return { criterion, plays: plays.height, matched, rate: plays.height === 0 ? 0 : matched / plays.height };
  });
}

export interface PartitionCardinality {
  table: string;
  partitionBy: string;
  rows: number;
  /** Distinct values of the partition columns together: the number of folders (and files) written. */
  partitions: number;
  minRowsPerPartition: number;
  maxRowsPerPartition: number;
}

/** Distinct partition values and rows per partition of every partitioned star table: the skew evidence. */
export function partitionCardinality(star: Map<string, pl.DataFrame>): PartitionCardinality[] {
  return TABLES.filter((t) => t.partitionBy.length > 0).map((table) => {
    const frame = star.get(table.name)!;
    const counts = frame.groupBy(table.partitionBy).agg(pl.len().alias('n')).getColumn('n').toArray().map(Number);
    return {
      table: table.name,
      partitionBy: table.partitionBy.join(', '),
      rows: frame.height,
      partitions: counts.length,
      minRowsPerPartition: counts.reduce((min, c) => Math.min(min, c), counts[0] ?? 0),
      maxRowsPerPartition: counts.reduce((max, c) => Math.max(max, c), 0),
    };
  });
}

/** Distinct values of each single column a table could be partitioned by. */
export function distinctValues(frame: pl.DataFrame, columns: string[]): CountRow[] {
  return columns.map((column) => ({ column, count: frame.getColumn(column).nUnique() }));
}

export { rows };
