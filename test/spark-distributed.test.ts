import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareLakes, type TableParity } from '../src/lake/compare-lakes';
import { runEtl } from '../src/run/etl';
import { failureLine, runSparkSubmit, SparkSubmitError } from '../src/engines/spark/run-submit';
import { retryOnceIfTransient } from '../src/engines/spark/spark-engine';
import { HADOOP_DEFAULT_CREDENTIAL_PROVIDERS, isLoopbackMaster, sparkSubmitCommand } from '../src/engines/spark/submit-command';
import type { SparkInstall } from '../src/engines/spark/spark-install';
import { uploadDir } from '../src/storage/s3-upload';
import { REPO, SAMPLE, tempDir, walkFiles } from './helpers';
import { createBucket, startS3Server, type S3Server } from './s3-server';

/**
 * The Spark engine on a real Spark cluster: a standalone master and two workers from the venv's pyspark
 * (scripts/spark-cluster.js), so executors are JVMs of their own that the workers launch, as on any cluster.
 *
 * The fast part always runs: what the submit command does for a cluster master (driver address, credentials) and
 * what a failed run says (the executor's exception, from a real Py4J traceback). The cluster part takes several
 * minutes on a 2-core machine, so it runs only with SPARKIFY_DISTRIBUTED=1: `npm run check:distributed`
 * (docs/spark-cluster.md).
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSparkCluster, tasksFromEventLog } = require('../scripts/spark-cluster.js') as {
  startSparkCluster(options?: { roleCredentials?: { accessKeyId: string; secretAccessKey: string } }): Promise<SparkCluster>;
  tasksFromEventLog(text: string): { appId: string | null; durationMs: number | null; executors: Array<{ executorId: string; tasks: number; failed: number }> };
};

interface TaskSplit {
  appId: string;
  eventLog: string;
  durationMs: number | null;
  perWorker: Array<{ worker: string; workerId: string | null; executors: string[]; tasks: number; failed: number }>;
  unplaced: unknown[];
}
interface SparkCluster {
  masterUrl: string;
  masterWebUi: string;
  dir: string;
  confDir: string;
  clientEnv: Record<string, string>;
  workers: Array<{ name: string; id: string | null; workDir: string }>;
  pids(): Array<{ name: string; pid: number; exited: unknown }>;
  roleEnv: Record<string, string>;
  roleRequests(): { java: number; other: number };
  master(): Promise<any>;
  taskSplit(appId?: string): TaskSplit;
  stop(): Promise<void>;
}

const install: SparkInstall = {
  sparkSubmit: '/p/.venv/bin/spark-submit',
  python: '/p/.venv/bin/python',
  jars: ['/p/.venv/spark-jars/a.jar'],
  runner: '/p/src/engines/spark-step/step_runner.py',
};
const confs = (args: string[]) => Object.fromEntries(args.flatMap((a, i) => (args[i - 1] === '--conf' ? [a.split(/=(.*)/s).slice(0, 2)] : [])));

/**
 * The end of a real failed run's stdout (the runner's Py4J traceback; spark-submit gives the Python driver's stderr
 * to its stdout) and stderr, shortened: `--engine spark` on s3a against this cluster, with the executors' credentials
 * forced to "environment or profile file" (the kit's setting before) on workers that have neither.
 */
const FAILED_STDOUT = [
  'Traceback (most recent call last):',
  '  File "/work/main/src/engines/spark-step/step_runner.py", line 489, in read_source',
  '    side = items.mapPartitions(side_items).collect()',
  '  File ".../py4j/protocol.py", line 326, in get_return_value',
  'py4j.protocol.Py4JJavaError: An error occurred while calling z:org.apache.spark.api.python.PythonRDD.collectAndServe.',
  ': org.apache.spark.SparkException: Job aborted due to stage failure: Task 0 in stage 0.0 failed 4 times, most recent failure: Lost task 0.3 in stage 0.0 (TID 3) (127.0.0.1 executor 1): java.lang.IllegalArgumentException: profile file cannot be null',
  '\tat com.amazonaws.util.ValidationUtils.assertNotNull(ValidationUtils.java:37)',
  '\tat com.amazonaws.auth.profile.ProfileCredentialsProvider.getCredentials(ProfileCredentialsProvider.java:135)',
  '\tat org.apache.hadoop.fs.s3a.AWSCredentialProviderList.getCredentials(AWSCredentialProviderList.java:177)',
  '',
  'Driver stacktrace:',
  '\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2898)',
  'Caused by: java.lang.IllegalArgumentException: profile file cannot be null',
  '\tat com.amazonaws.util.ValidationUtils.assertNotNull(ValidationUtils.java:37)',
];
const FAILED_STDERR = [
  '26/12/07 06:10:14 WARN MetricsConfig: Cannot locate configuration: tried hadoop-metrics2-s3a-file-system.properties,hadoop-metrics2.properties',
  '26/12/07 06:10:56 WARN TaskSetManager: Lost task 0.0 in stage 0.0 (TID 0) (127.0.0.1 executor 0): java.lang.IllegalArgumentException: profile file cannot be null',
  '',
  '26/12/07 06:11:09 WARN TaskSetManager: Lost task 0.1 in stage 0.0 (TID 1) (127.0.0.1 executor 1): java.lang.IllegalArgumentException: profile file cannot be null',
  '',
  '26/12/07 06:11:10 ERROR TaskSetManager: Task 0 in stage 0.0 failed 4 times; aborting job',
];
const EXECUTOR_ERROR = 'java.lang.IllegalArgumentException: profile file cannot be null (task 0.3 in stage 0.0 on 127.0.0.1 executor 1; Task 0 in stage 0.0 failed 4 times)';

describe('the spark engine against a cluster master', () => {
  it('binds the driver to 127.0.0.1 only when every JVM is on this machine; a remote cluster must reach it', () => {
    const env = (master?: string) => sparkSubmitCommand(install, '/s.json', ['/in'], master ? { SPARKIFY_SPARK_MASTER: master } : {}).env;
    for (const master of [undefined, 'local[*]', 'local[2]', 'local', 'spark://127.0.0.1:7077', 'spark://localhost:7077', 'local-cluster[2,1,1024]']) {
      expect(env(master).SPARK_LOCAL_IP, String(master)).toBe('127.0.0.1');
    }
    for (const master of ['spark://10.0.3.7:7077', 'spark://master.internal:7077', 'spark://127.0.0.1:7077,10.0.3.8:7077', 'yarn', 'k8s://https://10.0.0.1:6443']) {
      expect(env(master), master).toEqual({ PYSPARK_PYTHON: install.python, PYSPARK_DRIVER_PYTHON: install.python });
      expect(sparkSubmitCommand(install, '/s.json', ['/in'], { SPARKIFY_SPARK_MASTER: master }).args.slice(0, 2)).toEqual(['--master', master]);
    }
    expect(isLoopbackMaster('spark://127.0.0.1:7077,localhost:7078')).toBe(true);
  });

  it('s3a takes credentials from its standard chain (env, then instance or container role); profile files only with local[*]', () => {
    const home = tempDir('sparkify-home-');
    const s3 = ['s3://b/in'];
    const secret = 'dummy-secret-for-this-test';
    const keys = { AWS_ACCESS_KEY_ID: 'dummy', AWS_SECRET_ACCESS_KEY: secret, AWS_ENDPOINT_URL: 'http://127.0.0.1:5055', HOME: home };
    const provider = (env: NodeJS.ProcessEnv) => confs(sparkSubmitCommand(install, '/s.json', s3, env).args)['spark.hadoop.fs.s3a.aws.credentials.provider'];
    // Nothing set: Hadoop's defaults (or the cluster's own core-site.xml) decide, on every executor.
    expect(provider(keys)).toBeUndefined();
    expect(provider({ ...keys, SPARKIFY_SPARK_MASTER: 'spark://10.0.3.7:7077' })).toBeUndefined();
    // A profile file on this machine: local[*] reads it too, after the environment and before the instance role.
    fs.mkdirSync(path.join(home, '.aws'));
    fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = a\naws_secret_access_key = b\n');
    expect(provider(keys)?.split(',')).toEqual([...HADOOP_DEFAULT_CREDENTIAL_PROVIDERS.slice(0, 3), 'com.amazonaws.auth.profile.ProfileCredentialsProvider', HADOOP_DEFAULT_CREDENTIAL_PROVIDERS[3]]);
    // A cluster's executors are on other machines, which have their own role and no such file.
    expect(provider({ ...keys, SPARKIFY_SPARK_MASTER: 'spark://10.0.3.7:7077' })).toBeUndefined();
    expect(provider({ ...keys, SPARKIFY_SPARK_MASTER: 'spark://127.0.0.1:7077' })).toBeUndefined();
    for (const master of [undefined, 'spark://10.0.3.7:7077']) {
      const cmd = sparkSubmitCommand(install, '/s.json', s3, { ...keys, SPARKIFY_SPARK_MASTER: master });
      expect(JSON.stringify(cmd)).not.toContain(secret);
      expect(JSON.stringify(cmd)).not.toContain('fs.s3a.access.key');
    }
  });

  it("a failed run's message is the executor's exception, from the Py4J traceback on stdout or the JVM's log on stderr", () => {
    expect(failureLine(FAILED_STDERR, FAILED_STDOUT)).toBe(EXECUTOR_ERROR);
    expect(failureLine([], FAILED_STDOUT)).toBe(EXECUTOR_ERROR);
    // stderr alone: the last `Lost task` warning.
    expect(failureLine(FAILED_STDERR)).toBe(EXECUTOR_ERROR.replace('task 0.3', 'task 0.1'));
    // A Python error in the task: the traceback's last line, not "PythonException: Traceback".
    const pythonTask = [
      'py4j.protocol.Py4JJavaError: An error occurred while calling o81.parquet.',
      ': org.apache.spark.SparkException: Job aborted due to stage failure: Task 2 in stage 4.0 failed 1 times, most recent failure: Lost task 2.0 in stage 4.0 (TID 9) (localhost executor driver): org.apache.spark.api.python.PythonException: Traceback (most recent call last):',
      '  File "step_runner.py", line 250, in decode',
      'ValueError: bad things',
      '',
      '\tat org.apache.spark.api.python.BasePythonRunner$ReaderIterator.handlePythonException(PythonRunner.scala:572)',
    ];
    expect(failureLine([], pythonTask)).toBe('ValueError: bad things (task 2.0 in stage 4.0 on localhost executor driver; Task 2 in stage 4.0 failed 1 times)');
    // Not a task: the Java exception under the Py4J error, with its root cause.
    const driver = [
      'py4j.protocol.Py4JJavaError: An error occurred while calling o57.text.',
      ': java.nio.file.AccessDeniedException: s3a://lake/x: getFileStatus on s3a://lake/x',
      '\tat org.apache.hadoop.fs.s3a.S3AUtils.translateException(S3AUtils.java:255)',
      'Caused by: com.amazonaws.services.s3.model.AmazonS3Exception: Forbidden (Service: Amazon S3; Status Code: 403)',
      '\tat com.amazonaws.http.AmazonHttpClient.execute(AmazonHttpClient.java:541)',
    ];
    expect(failureLine([], driver)).toBe(
      'java.nio.file.AccessDeniedException: s3a://lake/x: getFileStatus on s3a://lake/x; caused by com.amazonaws.services.s3.model.AmazonS3Exception: Forbidden (Service: Amazon S3; Status Code: 403)',
    );
    // A plain Python error of the runner, and what stderr alone said before.
    expect(failureLine(['log line'], ['Traceback (most recent call last):', '  File "x.py", line 1', "KeyError: 'sources'"])).toBe("KeyError: 'sources'");
    expect(failureLine(['pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND] Path does not exist: file:/x.', 'INFO later'])).toBe(
      'pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND] Path does not exist: file:/x.',
    );
    expect(failureLine([], [])).toBe('no output');
  });

  it('runSparkSubmit: one line with the root cause, and both streams kept in a file it names, secrets masked', async () => {
    const dir = tempDir('sparkify-fake-submit-');
    fs.writeFileSync(path.join(dir, 'out.txt'), [`PROGRESS spec read`, ...FAILED_STDOUT, 'leaked dummy-secret-1234'].join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'err.txt'), FAILED_STDERR.join('\n') + '\n');
    const fake = { command: 'bash', args: ['-c', `cat ${dir}/out.txt; cat ${dir}/err.txt >&2; exit 1`], env: { AWS_SECRET_ACCESS_KEY: 'dummy-secret-1234' } };
    const logged: string[] = [];
    const err = await runSparkSubmit(fake, { log: (m: string) => logged.push(m), tick: () => {} }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SparkSubmitError);
    const failure = err as SparkSubmitError;
    expect(logged).toEqual(['spark: spec read']);
    expect(failure.message).toBe(`spark-submit failed (exit 1): ${EXECUTOR_ERROR}; spark-submit's output: ${failure.logFile}`);
    expect(failure.message.split('\n')).toHaveLength(1);
    const log = fs.readFileSync(failure.logFile!, 'utf8');
    expect(log).toContain('Caused by: java.lang.IllegalArgumentException: profile file cannot be null');
    expect(log).toContain('ERROR TaskSetManager: Task 0 in stage 0.0 failed 4 times; aborting job');
    expect(log).toContain('leaked ****');
    expect(log).not.toContain('dummy-secret-1234');
    expect(failure.stdoutTail).toContain(FAILED_STDOUT[5]);
  });

  it("retries a pyspark accept timeout that only the runner's traceback on stdout names", async () => {
    let calls = 0;
    const run = async () => {
      calls += 1;
      if (calls === 1) throw new SparkSubmitError('spark-submit failed (exit 1): …', ['INFO …'], ['py4j.protocol.Py4JJavaError: …', 'Caused by: java.net.SocketTimeoutException: Accept timed out']);
    };
    await retryOnceIfTransient(run, { log: () => {} });
    expect(calls).toBe(2);
  });

  it('counts the tasks of each executor from an event log', () => {
    const events = [
      { Event: 'SparkListenerApplicationStart', 'App ID': 'app-1', Timestamp: 1000 },
      { Event: 'SparkListenerExecutorAdded', 'Executor ID': '0', 'Executor Info': { Host: '127.0.0.1', 'Log Urls': { stdout: 'http://127.0.0.1:1/logPage' } } },
      { Event: 'SparkListenerExecutorAdded', 'Executor ID': '1', 'Executor Info': { Host: '127.0.0.1' } },
      ...[0, 0, 1].map((e) => ({ Event: 'SparkListenerTaskEnd', 'Task End Reason': { Reason: 'Success' }, 'Task Info': { 'Executor ID': String(e) } })),
      { Event: 'SparkListenerTaskEnd', 'Task End Reason': { Reason: 'ExceptionFailure' }, 'Task Info': { 'Executor ID': '1' } },
      { Event: 'SparkListenerApplicationEnd', Timestamp: 61000 },
    ];
    const parsed = tasksFromEventLog(events.map((e) => JSON.stringify(e)).join('\n'));
    expect(parsed.appId).toBe('app-1');
    expect(parsed.durationMs).toBe(60000);
    expect(parsed.executors.map(({ executorId, tasks, failed }) => ({ executorId, tasks, failed }))).toEqual([
      { executorId: '0', tasks: 2, failed: 0 },
      { executorId: '1', tasks: 1, failed: 1 },
    ]);
  });
});

// ---- the cluster (npm run check:distributed) ------------------------------------------------------------------

const RUN_TIMEOUT_MS = 900_000;
const BUCKET = 'sparkify-cluster';
/** Keys only the folder run's driver has, distinctive enough to look for in every log afterwards. */
const DRIVER_KEYS = { AWS_ACCESS_KEY_ID: 'AKIASPARKIFYCHECK000', AWS_SECRET_ACCESS_KEY: 'sparkify-check-secret-7f3a9c' };
const AWS_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];

/** The CLI in a child process (this one keeps serving the role endpoint); `undefined` removes a variable. */
function sparkify(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'sparkify.js'), ...args], { env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every table the same rows on both sides (compareLakes: by key, each column). */
function expectSameLake(parity: TableParity[]): void {
  expect(parity.length).toBe(5);
  for (const t of parity) {
    expect(t.rowsLeft, t.table).toBeGreaterThan(0);
    expect(t, t.table).toEqual({ table: t.table, rowsLeft: t.rowsLeft, rowsRight: t.rowsLeft, added: 0, removed: 0, changed: 0, changedColumns: '' });
  }
  console.log(`same rows in every table: ${parity.map((t) => `${t.table} ${t.rowsLeft}`).join(', ')}`);
}

describe.skipIf(!process.env.SPARKIFY_DISTRIBUTED)('--engine spark on a standalone cluster: a master and two workers, executors in their own JVMs', () => {
  let cluster: SparkCluster;
  let s3: S3Server;
  const localFolderLake = tempDir('sparkify-cluster-local-');
  const outputs: string[] = [];

  beforeAll(async () => {
    s3 = await startS3Server();
    await createBucket(BUCKET);
    await uploadDir(SAMPLE, `s3://${BUCKET}/input`);
    // The workers get no AWS keys: their executors take credentials from a local stand-in for a container role.
    cluster = await startSparkCluster({ roleCredentials: { accessKeyId: s3.env.AWS_ACCESS_KEY_ID, secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY } });
    const master = await cluster.master();
    console.log(`cluster: ${cluster.masterUrl}, web UI ${cluster.masterWebUi}, workers ${master.workers.map((w: any) => `${w.id} (${w.cores} core, ${w.memory} MB)`).join(', ')}`);
    await runEtl({ input: SAMPLE, output: localFolderLake });
    await runEtl({ input: `s3://${BUCKET}/input`, output: `s3://${BUCKET}/local` });
  }, RUN_TIMEOUT_MS);

  afterAll(async () => {
    await cluster?.stop();
    await s3?.stop();
    const running = (cluster?.pids() ?? []).filter(({ pid }) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    if (running.length > 0) throw new Error(`JVMs still running after stop: ${JSON.stringify(running)}`);
  }, 120_000);

  /** Runs the CLI against the cluster; returns its result and where the tasks ran. */
  async function sparkOnCluster(input: string, output: string, env: Record<string, string | undefined> = {}) {
    const started = Date.now();
    const result = await sparkify(['etl', '--input', input, '--output', output, '--engine', 'spark', '--json'], { ...cluster.clientEnv, ...env });
    const wallMs = Date.now() - started;
    outputs.push(result.stdout, result.stderr);
    const split = cluster.taskSplit();
    const master = await cluster.master();
    const app = [...(master.completedapps ?? []), ...(master.activeapps ?? [])].find((a: any) => a.id === split.appId);
    console.log(
      `${input} -> ${output}: exit ${result.code}, ${(wallMs / 1000).toFixed(1)} s wall; application ${split.appId} ` +
        `${app ? `${app.state}, ${(app.duration / 1000).toFixed(1)} s (master)` : '(not on the master)'}, ${((split.durationMs ?? 0) / 1000).toFixed(1)} s (event log); tasks: ` +
        `${split.perWorker.map((w) => `${w.worker} (executor ${w.executors.join(',')}) ${w.tasks} succeeded, ${w.failed} failed`).join('; ')}`,
    );
    return { result, split };
  }

  const expectBothWorkersRanTasks = (split: TaskSplit) => {
    expect(split.unplaced).toEqual([]);
    expect(split.perWorker).toHaveLength(2);
    for (const w of split.perWorker) {
      expect(w.executors, w.worker).toHaveLength(1);
      expect(w.tasks, `${w.worker} ran tasks`).toBeGreaterThan(0);
      expect(w.failed, w.worker).toBe(0);
    }
  };

  it('on folders (the sample): both workers run tasks, and the lake equals the local engine table by table', async () => {
    const lake = tempDir('sparkify-cluster-spark-');
    const { result, split } = await sparkOnCluster(SAMPLE, lake, DRIVER_KEYS);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).engine).toBe('spark');
    expect(result.stderr).toContain(`spark: spark-submit --master ${cluster.masterUrl}`);
    expectBothWorkersRanTasks(split);
    expectSameLake(await compareLakes(localFolderLake, lake));
  }, RUN_TIMEOUT_MS);

  it('on S3 with a role and no keys anywhere: both workers run tasks, and the lake equals the local engine table by table', async () => {
    const before = cluster.roleRequests();
    // As on a cluster's edge node: no keys in the environment, the kit and the driver take the role too.
    const noKeys = Object.fromEntries(AWS_KEYS.map((k) => [k, undefined]));
    const { result, split } = await sparkOnCluster(`s3://${BUCKET}/input`, `s3://${BUCKET}/spark`, { ...noKeys, ...cluster.roleEnv });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('(s3a)');
    expectBothWorkersRanTasks(split);
    const after = cluster.roleRequests();
    console.log(`role credential requests: ${after.java - before.java} from Spark JVMs, ${after.other - before.other} from others (the kit)`);
    // The driver and both executors, each a JVM of its own, asked the role.
    expect(after.java - before.java).toBeGreaterThanOrEqual(3);
    expectSameLake(await compareLakes(`s3://${BUCKET}/local`, `s3://${BUCKET}/spark`));
  }, RUN_TIMEOUT_MS);

  it("with the kit's former credential setting (environment or profile file), the one-line error is the executors' exception", async () => {
    // The former --conf, given as the cluster's configuration (spark-defaults.conf) since the kit no longer sets it;
    // the driver has keys in its environment, the executors only the role, which that setting never asks.
    const conf = tempDir('sparkify-cluster-oldconf-');
    fs.writeFileSync(
      path.join(conf, 'spark-defaults.conf'),
      fs.readFileSync(path.join(cluster.confDir, 'spark-defaults.conf'), 'utf8') +
        'spark.hadoop.fs.s3a.aws.credentials.provider com.amazonaws.auth.EnvironmentVariableCredentialsProvider,com.amazonaws.auth.profile.ProfileCredentialsProvider\n',
    );
    const { result, split } = await sparkOnCluster(`s3://${BUCKET}/input`, `s3://${BUCKET}/former`, { SPARK_CONF_DIR: conf });
    expect(result.code).not.toBe(0);
    const message = result.stderr.trim().split('\n').pop()!;
    console.log(`former setting: ${message}`);
    expect(message).toMatch(
      /^sparkify: failed: spark-submit failed \(exit 1\): java\.lang\.IllegalArgumentException: profile file cannot be null \(task \S+ in stage \S+ on 127\.0\.0\.1 executor \d+; Task \S+ in stage \S+ failed 4 times\); spark-submit's output: \S+\.log/,
    );
    const log = fs.readFileSync(/spark-submit's output: (\S+\.log)/.exec(message)![1], 'utf8');
    expect(log).toContain('Caused by: java.lang.IllegalArgumentException: profile file cannot be null');
    expect(split.perWorker.reduce((n, w) => n + w.failed, 0)).toBeGreaterThanOrEqual(4);
  }, RUN_TIMEOUT_MS);

  it("no credentials in any log: the cluster's and executors' logs, the event logs, spark-submit's output", () => {
    const logs = [
      ...walkFiles(cluster.dir).filter((f) => !f.endsWith('.jar')).map((f) => path.join(cluster.dir, f)),
      ...fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('sparkify-spark-submit-')).map((f) => path.join(os.tmpdir(), f)),
    ];
    expect(logs.some((f) => f.includes(`${path.sep}events${path.sep}`))).toBe(true);
    for (const text of [...logs.map((f) => fs.readFileSync(f, 'utf8')), ...outputs]) expect(text).not.toContain(DRIVER_KEYS.AWS_SECRET_ACCESS_KEY);
  });
});
