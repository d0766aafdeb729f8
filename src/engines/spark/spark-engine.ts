import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EngineAdapter } from '../../core/engine-adapter';
import type { BuildJob, BuildResult, Engine } from '../../core/run-contract';
import { buildSparkJobSpec } from '../spark-step/job-spec';
import { runSparkSubmit, SparkSubmitError } from './run-submit';
import { locateSpark, SPARK_SETUP, sparkMissing, sparkVenv, type SparkInstall } from './spark-install';
import { isS3Uri } from '../../storage/s3-uri';
import { sparkSubmitCommand } from './submit-command';

/** A local folder as an absolute path (spark-submit runs elsewhere); URIs stay as they are. */
const absolute = (p: string): string => (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) ? p : path.resolve(p));

/**
 * The Spark engine in the registry: no options of its own (SPARKIFY_SPARK_* variables tune spark-submit); its setup
 * is pyspark and its jars in the project's .venv (or SPARKIFY_VENV), which the notebooks install on first use.
 */
export const sparkAdapter: EngineAdapter = {
  name: 'spark',
  options: {},
  create: () => new SparkEngine(),
  setup: { location: sparkVenv, missing: sparkMissing, command: SPARK_SETUP },
};

/**
 * The models run on Spark: the generic step runner under a local spark-submit. It writes each table to the
 * location the lake handed out, like every engine; publishing stays with runEtl.
 */
export class SparkEngine implements Engine {
  readonly name = 'spark';
  // Located when the engine is chosen, so a missing venv is a one-line error before any work.
  private readonly install: SparkInstall = locateSpark();

  async build(job: BuildJob): Promise<BuildResult> {
    const install = this.install;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-spark-'));
    try {
      const locations = Object.fromEntries(Object.entries(job.locations).map(([name, loc]) => [name, absolute(loc)]));
      const resultPath = path.join(work, 'result.json');
      const incremental = job.incremental && {
        ...job.incremental,
        lake: Object.fromEntries(Object.entries(job.incremental.lake).map(([t, l]) => [t, { ...l, location: absolute(l.location) }])),
      };
      const spec = buildSparkJobSpec(absolute(job.input), locations, resultPath, incremental);
      const specPath = path.join(work, 'job-spec.json');
      fs.writeFileSync(specPath, JSON.stringify(spec, null, 2));
      const command = sparkSubmitCommand(install, specPath, [spec.input, ...Object.values(locations)]);
      job.progress.log(`spark: spark-submit --master ${command.args[1]}${[spec.input, ...Object.values(locations)].some(isS3Uri) ? ' (s3a)' : ''}`);
      await retryOnceIfTransient(() => runSparkSubmit(command, job.progress), job.progress);
      return JSON.parse(fs.readFileSync(resultPath, 'utf8')) as BuildResult;
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
}

/**
 * pyspark gives the JVM a fixed 15 s to see the Python side connect when results come back to the driver; on a
 * loaded machine it sometimes misses ("SocketTimeoutException: Accept timed out") though nothing is wrong with
 * the job. Nothing is published yet and every write of the runner overwrites its location, so running the
 * whole step once more is safe. Any other failure is final.
 */
export async function retryOnceIfTransient(run: () => Promise<void>, progress: { log(message: string): void }): Promise<void> {
  try {
    await run();
  } catch (err) {
    // The JVM logs it on stderr; the runner's Py4J traceback, which carries it too, comes on stdout.
    if (!(err instanceof SparkSubmitError) || ![...err.stderrTail, ...err.stdoutTail].some((line) => TRANSIENT.test(line))) throw err;
    progress.log(`spark: ${err.message}; a known transient failure of a loaded machine, running the step once more`);
    await run();
  }
}

const TRANSIENT = /SocketTimeoutException: Accept timed out/;
