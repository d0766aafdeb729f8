import { SOURCES } from '../../catalog/sources';
import { TABLES } from '../../catalog/tables';
import type { SourceDef, TableDef } from '../../catalog/types';
import { SPARK_DIALECT } from '../../models/dialects/spark';
import { renderIncrementalModels, renderModels, type Model } from '../../models/models';
import { INCREMENTAL_RUN_COUNTS, RUN_COUNTS } from '../../core/run-counts';
import { QUARANTINE_DIR, QUARANTINE_FILE, type IncrementalJob } from '../../core/run-contract';

/**
 * Everything the generic Spark step runner needs, as one JSON document: the declared sources (with their
 * validation rules), the models rendered in Spark's dialect, the catalog tables, and where to write. The runner
 * holds no transformation of its own; on EMR this document is uploaded beside it.
 */
export interface SparkJobSpec {
  /** Input root holding song_data/ and log_data/ (a folder, or s3:// / s3a://). */
  input: string;
  /** Output location per table name and for QUARANTINE_DIR. */
  locations: Record<string, string>;
  quarantineDir: string;
  quarantineFile: string;
  sources: SourceDef[];
  models: Model[];
  tables: TableDef[];
  /** Where the runner writes its result (a BuildResult as JSON). */
  resultPath: string;
  /** SQL counts over the raw and staging relations the result reports (BuildResult.nextSongEvents). */
  counts: Record<string, string>;
  /** An incremental run: the input files to read per source folder (relative to the input); absent: every file. */
  sourceFiles?: Record<string, string[]>;
  /** An incremental run: each lake table's location and committed files, which its `lake` steps read. */
  lake?: IncrementalJob['lake'];
}

export function buildSparkJobSpec(input: string, locations: Record<string, string>, resultPath: string, incremental?: IncrementalJob): SparkJobSpec {
  if (incremental) {
    const merged = !incremental.rematch;
    return {
      ...buildSparkJobSpec(input, locations, resultPath),
      models: renderIncrementalModels(SPARK_DIALECT, incremental),
      counts: { ...RUN_COUNTS, ...(merged ? INCREMENTAL_RUN_COUNTS : {}) },
      sourceFiles: incremental.sourceFiles,
      lake: incremental.lake,
    };
  }
  return {
    input,
    locations,
    quarantineDir: QUARANTINE_DIR,
    quarantineFile: QUARANTINE_FILE,
    sources: SOURCES,
    models: renderModels(SPARK_DIALECT),
    tables: TABLES,
    resultPath,
    counts: { ...RUN_COUNTS },
  };
}
