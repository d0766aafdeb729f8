import { describe, expect, it } from 'vitest';
import { renderSql, type Dialect } from '../src/models/dialect';
import { DUCKDB_DIALECT } from '../src/models/dialects/duckdb';
import { POLARS_DIALECT } from '../src/models/dialects/polars';
import { SPARK_DIALECT } from '../src/models/dialects/spark';
import { renderIncrementalModels, renderModels, resolveRefs } from '../src/models/models';

const DIALECTS: Dialect[] = [POLARS_DIALECT, SPARK_DIALECT, DUCKDB_DIALECT];
const TABLES = ['songs', 'artists', 'users', 'songplays', 'time'];

describe('model rendering', () => {
  it('every model renders for every dialect, no call left', () => {
    for (const dialect of DIALECTS) {
      const models = [...renderModels(dialect), ...renderIncrementalModels(dialect, { writes: TABLES }), ...renderIncrementalModels(dialect, { writes: TABLES, rematch: true })];
      for (const model of models) expect(model.sql, `${dialect.name} ${model.name}`).not.toMatch(/\{\{|\{%|%\}|\}\}/);
    }
  });

  it('a misspelt dialect function is a one-line error naming the model and the function, on every dialect', () => {
    for (const dialect of DIALECTS) {
      expect(() => renderSql('SELECT {{ iso_wek(start_time) }} AS week FROM songplays', dialect, 'star/time')).toThrow(
        /^model star\/time: unknown dialect function \{\{ iso_wek\(…\) \}\} \(the dialect functions: [^\n]*iso_week[^\n]*\)$/,
      );
    }
  });

  it('a dialect call with the wrong number of arguments is an error naming the model', () => {
    expect(() => renderSql('SELECT {{ iso_week(a, b) }}', SPARK_DIALECT, 'star/time')).toThrow('model star/time: {{ iso_week(…) }} takes (timestamp), got 2 argument(s)');
    expect(() => renderSql('SELECT {{ stable_id() }}', SPARK_DIALECT, 'star/songplays')).toThrow('model star/songplays: {{ stable_id(…) }} takes (...columns), got 0 argument(s)');
  });

  it('a ref to a misspelt model is an error naming the model and the ref', () => {
    expect(resolveRefs("SELECT * FROM {{ ref('songs') }} JOIN {{ ref('stg_events') }}", 'star/x')).toBe('SELECT * FROM songs JOIN stg_events');
    expect(() => resolveRefs("SELECT * FROM {{ ref('song') }}", 'star/songplays')).toThrow(
      /^model star\/songplays: ref\('song'\) names no model \(the models: stg_songs, stg_events, song_match, songplays, users, songs, artists, time\)$/,
    );
  });

  it('a misspelt macro is an error naming the model and the macro', () => {
    expect(() => renderSql('SELECT {% artist_completenes(a, b, c) %} FROM x', POLARS_DIALECT, 'star/artists')).toThrow(
      /^model star\/artists: unknown macro \{% artist_completenes\(…\) %\} \(the macros: artist_completeness\)$/,
    );
  });

  it('the artists models share one completeness score, indented as their call', () => {
    const score = (latitude: string, longitude: string, location: string, indent: string) =>
      `${indent}CASE WHEN ${latitude} IS NULL OR ${longitude} IS NULL THEN 1 ELSE 0 END AS lacks_coordinates,\n` +
      `${indent}CASE WHEN ${location} IS NULL THEN 1 ELSE 0 END AS lacks_location\n`;
    for (const dialect of DIALECTS) {
      const star = renderModels(dialect).find((m) => m.name === 'artists')!.sql;
      const merge = renderIncrementalModels(dialect, { writes: TABLES }).find((m) => m.name === 'artists')!.sql;
      expect(star).toContain(score('artist_latitude', 'artist_longitude', 'artist_location', '    '));
      expect(merge).toContain(score('latitude', 'longitude', 'location', '    '));
    }
  });
});
