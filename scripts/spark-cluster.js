'use strict';
// A Spark standalone cluster on this machine, from the venv's pyspark: one master and N workers (1 core each by
// default), each its own JVM started with `spark-class org.apache.spark.deploy.{master.Master,worker.Worker}` on
// 127.0.0.1 and free ports, so a job's executors are separate JVMs that a worker launches, as on a real cluster.
// Used by the distributed check (test/spark-distributed.test.ts, `npm run check:distributed`); by hand:
//
//   node scripts/spark-cluster.js            # starts it, prints SPARKIFY_SPARK_MASTER and SPARK_CONF_DIR; Ctrl-C stops it
//
// The workers' executors take AWS credentials from the workers' environment, as a real cluster's nodes take
// theirs from their environment or their instance role: `roleCredentials` serves keys on a local container-credentials
// endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI, what ECS gives a task and what s3a's IAMInstanceCredentialsProvider
// reads), and the workers get no AWS keys of their own. Every JVM started here is stopped by stop(), and by a
// watchdog process when the process that started them ends any other way (a crash, a kill, Ctrl-C).
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { freePort } = require('./local-server.js');

const ROOT = path.resolve(__dirname, '..');
const VENV = process.env.SPARKIFY_VENV || path.join(ROOT, '.venv');
const SPARK_CLASS = path.join(VENV, 'bin', 'spark-class');
/** AWS settings the workers must not inherit from whoever starts the cluster: their credentials come from the "role". */
const VENV_PYTHON = path.join(VENV, 'bin', 'python');
/** pyspark's folder in the venv: SPARK_HOME of the cluster's JVMs (spark-class would otherwise ask the PATH's python3). */
function sparkHome() {
  const lib = path.join(VENV, 'lib');
  const python = fs.existsSync(lib) ? fs.readdirSync(lib).filter((d) => d.startsWith('python')).sort() : [];
  const home = python.map((d) => path.join(lib, d, 'site-packages', 'pyspark')).find((d) => fs.existsSync(path.join(d, 'jars')));
  if (!home) throw new Error(`no pyspark in ${VENV}: run npm run setup:python -- --spark first`);
  return home;
}
const AWS_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE'];

async function getJson(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The processes below `pid` (children, grandchildren…), from /proc: the executors a worker launched. */
function descendants(pid) {
  const parentOf = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so read after the last ')'.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out = [];
  const walk = (p) => {
    for (const [child, parent] of parentOf) {
      if (parent !== p) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(pid);
  return out;
}

/**
 * A local endpoint that answers as an ECS task's credentials endpoint does, with the given keys: the stand-in for
 * an instance or container role. Counts the requests by client (the AWS SDK for Java, i.e. a Spark JVM, or any
 * other, e.g. the kit's own AWS SDK for JavaScript), so a check can show who asked.
 */
function startRoleEndpoint({ accessKeyId, secretAccessKey }) {
  const requests = { java: 0, other: 0 };
  const server = http.createServer((req, res) => {
    requests[/aws-sdk-java/i.test(req.headers['user-agent'] ?? '') ? 'java' : 'other'] += 1;
    res.setHeader('content-type', 'application/json');
    const expiration = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    res.end(JSON.stringify({ AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, Token: 'sparkify-local-role', Expiration: expiration }));
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve({
        uri: `http://127.0.0.1:${server.address().port}/role-credentials`,
        requests: () => ({ ...requests }),
        stop: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

/**
 * Starts a master and `workers` workers and waits until every worker has registered with the master.
 * Returns { masterUrl, masterWebUi, dir, eventLogDir, confDir, clientEnv, workers, roleEnv, roleRequests(), master(), taskSplit(appId), stop() }.
 * `roleEnv` is what gives another process (the kit, the driver) the same role: AWS_CONTAINER_CREDENTIALS_FULL_URI.
 * `clientEnv` is what a spark-submit client needs: SPARKIFY_SPARK_MASTER and SPARK_CONF_DIR (whose
 * spark-defaults.conf turns the event log on, into `eventLogDir`). Throws, with the JVMs' last output, when the
 * cluster does not come up within `timeoutMs`; whatever it started is stopped first.
 */
async function startSparkCluster({ workers = 2, workerCores = 1, workerMemory = '1g', env = {}, roleCredentials = null, timeoutMs = 120_000, dir } = {}) {
  if (!fs.existsSync(SPARK_CLASS)) throw new Error(`no ${SPARK_CLASS}: run npm run setup:python -- --spark first`);
  dir = dir || fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-cluster-'));
  const eventLogDir = path.join(dir, 'events');
  const confDir = path.join(dir, 'conf');
  fs.mkdirSync(eventLogDir, { recursive: true });
  fs.mkdirSync(confDir, { recursive: true });
  // The client's configuration, as a cluster's edge node has it (/etc/spark/conf on EMR): the event log on, and
  // executors no bigger than a worker offers.
  fs.writeFileSync(
    path.join(confDir, 'spark-defaults.conf'),
    [`spark.eventLog.enabled true`, `spark.eventLog.dir file://${eventLogDir}`, `spark.executor.memory ${workerMemory}`, ''].join('\n'),
  );

  const role = roleCredentials ? await startRoleEndpoint(roleCredentials) : null;
  const baseEnv = { ...process.env };
  if (role) for (const key of AWS_KEYS) delete baseEnv[key];
  const daemonEnv = {
    ...baseEnv,
    ...env,
    ...(role ? { AWS_CONTAINER_CREDENTIALS_FULL_URI: role.uri } : {}),
    // Every JVM of this cluster on the loopback address: nothing of it is reachable from another machine.
    SPARK_LOCAL_IP: '127.0.0.1',
    SPARK_HOME: sparkHome(),
    PYSPARK_PYTHON: VENV_PYTHON,
    SPARK_DAEMON_MEMORY: '512m',
    SPARK_CONF_DIR: confDir,
    SPARK_LOG_DIR: dir,
    SPARK_PID_DIR: dir,
  };

  const started = [];
  let watchdog = null;
  const startJvm = (name, args, extraEnv = {}) => {
    const logPath = path.join(dir, `${name}.log`);
    const logFd = fs.openSync(logPath, 'w');
    const child = spawn(SPARK_CLASS, args, { env: { ...daemonEnv, ...extraEnv }, stdio: ['ignore', logFd, logFd] });
    fs.closeSync(logFd);
    const jvm = { name, child, pid: child.pid, logPath, exited: null };
    child.on('error', (err) => (jvm.exited = err.message));
    child.on('exit', (code, signal) => (jvm.exited = signal ?? code));
    started.push(jvm);
    return jvm;
  };
  const lastOutput = () => started.map((j) => `--- ${j.name} (${j.logPath})${j.exited !== null ? `, exited ${j.exited}` : ''}:\n${fs.readFileSync(j.logPath, 'utf8').slice(-1500)}`).join('\n');

  const killOnExit = () => {
    for (const jvm of started) if (jvm.exited === null) jvm.child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  let stopped = null;
  const stop = () =>
    (stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      // Executors first known by pid (a worker that gets SIGTERM kills its own; these are for the rest).
      const executors = started.filter((j) => j.name.startsWith('worker')).flatMap((j) => (j.exited === null ? descendants(j.pid) : []));
      const waits = started.map(
        (jvm) =>
          new Promise((resolve) => {
            if (jvm.exited !== null) return resolve();
            jvm.child.once('exit', () => resolve());
            jvm.child.kill('SIGTERM');
            setTimeout(() => jvm.exited === null && jvm.child.kill('SIGKILL'), 10_000).unref();
          }),
      );
      await Promise.all(waits);
      for (const pid of executors) if (alive(pid)) process.kill(pid, 'SIGKILL');
      if (watchdog && watchdog.exitCode === null) watchdog.kill('SIGTERM');
      if (role) await role.stop();
    })());

  try {
    const [masterPort, masterUiPort] = [await freePort(), await freePort()];
    const masterUrl = `spark://127.0.0.1:${masterPort}`;
    const masterWebUi = `http://127.0.0.1:${masterUiPort}`;
    startJvm('master', ['org.apache.spark.deploy.master.Master', '--host', '127.0.0.1', '--port', String(masterPort), '--webui-port', String(masterUiPort)]);
    const workerInfo = [];
    for (let i = 1; i <= workers; i++) {
      const [port, uiPort] = [await freePort(), await freePort()];
      const workDir = path.join(dir, `worker-${i}`);
      fs.mkdirSync(workDir, { recursive: true });
      const jvm = startJvm(
        `worker-${i}`,
        ['org.apache.spark.deploy.worker.Worker', '--host', '127.0.0.1', '--port', String(port), '--webui-port', String(uiPort), '--cores', String(workerCores), '--memory', workerMemory, '--work-dir', workDir, masterUrl],
        { SPARK_WORKER_DIR: workDir },
      );
      workerInfo.push({ name: `worker-${i}`, pid: jvm.pid, port, id: null, webUi: `http://127.0.0.1:${uiPort}`, workDir });
    }
    // A watchdog outside this process: if it ends without stop() (killed, crashed), the JVMs go with it.
    watchdog = spawn(process.execPath, [__filename, 'watchdog', String(process.pid), ...started.map((j) => String(j.pid))], { detached: true, stdio: 'ignore' });
    watchdog.unref();

    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await getJson(`${masterWebUi}/json/`);
      const aliveWorkers = (state?.workers ?? []).filter((w) => w.state === 'ALIVE');
      if (aliveWorkers.length === workers) {
        for (const w of workerInfo) w.id = aliveWorkers.find((a) => a.port === w.port)?.id ?? null;
        break;
      }
      const dead = started.find((j) => j.exited !== null);
      if (dead || Date.now() > deadline) {
        throw new Error(`the Spark cluster did not come up (${dead ? `${dead.name} exited: ${dead.exited}` : `${aliveWorkers.length} of ${workers} workers after ${timeoutMs / 1000} s`}):\n${lastOutput()}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }

    return {
      masterUrl,
      masterWebUi,
      dir,
      eventLogDir,
      confDir,
      clientEnv: { SPARKIFY_SPARK_MASTER: masterUrl, SPARK_CONF_DIR: confDir },
      workers: workerInfo,
      pids: () => started.map((j) => ({ name: j.name, pid: j.pid, exited: j.exited })),
      roleEnv: role ? { AWS_CONTAINER_CREDENTIALS_FULL_URI: role.uri } : {},
      /** Credential requests the role endpoint answered: { java (Spark's JVMs), other }. */
      roleRequests: () => (role ? role.requests() : { java: 0, other: 0 }),
      /** The master's view: /json/ (workers, active and completed applications). */
      master: () => getJson(`${masterWebUi}/json/`),
      /** Tasks per worker of one application, from its event log and the workers' executor folders. */
      taskSplit: (appId) => taskSplitOfApp(eventLogDir, workerInfo, appId),
      lastOutput,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * The applications in an event log folder, oldest first: { appId, file }. Spark names each log after its
 * application id (`app-<time>-<n>` on a standalone master); `.inprogress` while it runs.
 */
function eventLogs(eventLogDir) {
  return fs
    .readdirSync(eventLogDir)
    .filter((f) => f.startsWith('app-'))
    .sort()
    .map((f) => ({ appId: f.replace(/\.inprogress$/, ''), file: path.join(eventLogDir, f) }));
}

/**
 * What an event log says about where tasks ran: per executor its host and task counts (succeeded, failed), and the
 * application's duration. Pure: `text` is the log's JSON lines (Spark's listener events).
 */
function tasksFromEventLog(text) {
  const executors = {};
  const of = (id) => (executors[id] ??= { executorId: id, host: null, logUrl: null, tasks: 0, failed: 0 });
  let start = null;
  let end = null;
  let appId = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const event = JSON.parse(line);
    switch (event.Event) {
      case 'SparkListenerApplicationStart':
        start = event.Timestamp;
        appId = event['App ID'] ?? appId;
        break;
      case 'SparkListenerApplicationEnd':
        end = event.Timestamp;
        break;
      case 'SparkListenerExecutorAdded': {
        const e = of(event['Executor ID']);
        e.host = event['Executor Info']?.Host ?? null;
        e.logUrl = event['Executor Info']?.['Log Urls']?.stdout ?? null;
        break;
      }
      case 'SparkListenerTaskEnd': {
        const info = event['Task Info'];
        const e = of(info['Executor ID']);
        if (event['Task End Reason']?.Reason === 'Success') e.tasks += 1;
        else e.failed += 1;
        break;
      }
    }
  }
  return { appId, durationMs: start !== null && end !== null ? end - start : null, executors: Object.values(executors).filter((e) => e.executorId !== 'driver') };
}

/**
 * Tasks per worker for one application (the latest when `appId` is not given): each executor is placed on the
 * worker whose work folder holds `<appId>/<executorId>/` (where the worker launched it).
 */
function taskSplitOfApp(eventLogDir, workers, appId) {
  const logs = eventLogs(eventLogDir);
  const log = appId ? logs.find((l) => l.appId === appId) : logs.at(-1);
  if (!log) throw new Error(`no event log${appId ? ` of ${appId}` : ''} in ${eventLogDir}`);
  const parsed = tasksFromEventLog(fs.readFileSync(log.file, 'utf8'));
  const perWorker = workers.map((w) => ({ worker: w.name, workerId: w.id, executors: [], tasks: 0, failed: 0 }));
  const unplaced = [];
  for (const e of parsed.executors) {
    const i = workers.findIndex((w) => fs.existsSync(path.join(w.workDir, log.appId, e.executorId)));
    if (i < 0) {
      unplaced.push(e);
      continue;
    }
    perWorker[i].executors.push(e.executorId);
    perWorker[i].tasks += e.tasks;
    perWorker[i].failed += e.failed;
  }
  return { appId: log.appId, eventLog: log.file, durationMs: parsed.durationMs, perWorker, unplaced };
}

/** Runs in its own process: when `parent` is gone, stops `pids` (the cluster's JVMs, started by that parent). */
async function watchdogMain([parent, ...pids]) {
  const jvms = pids.map(Number);
  for (;;) {
    if (!jvms.some(alive)) return;
    if (!alive(Number(parent))) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const executors = jvms.filter(alive).flatMap(descendants);
  for (const pid of jvms) if (alive(pid)) process.kill(pid, 'SIGTERM');
  await new Promise((r) => setTimeout(r, 10_000));
  for (const pid of [...jvms, ...executors]) if (alive(pid)) process.kill(pid, 'SIGKILL');
}

async function cliMain() {
  const cluster = await startSparkCluster();
  process.stdout.write(
    `Spark standalone cluster up: master ${cluster.masterUrl} (web UI ${cluster.masterWebUi}), ${cluster.workers.length} workers, files in ${cluster.dir}\n` +
      `In another shell:\n  export SPARKIFY_SPARK_MASTER=${cluster.masterUrl} SPARK_CONF_DIR=${cluster.confDir}\n` +
      `Ctrl-C stops it.\n`,
  );
  const shutdown = () => cluster.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  setInterval(() => {}, 1 << 30);
}

module.exports = { startSparkCluster, tasksFromEventLog, taskSplitOfApp, eventLogs };

if (require.main === module) {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === 'watchdog') watchdogMain(rest).then(() => process.exit(0));
  else
    cliMain().catch((err) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    });
}
