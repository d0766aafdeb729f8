import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../../errors';
import { isS3Uri } from '../../storage/s3-uri';
import type { SparkInstall } from './spark-install';

export interface SubmitCommand {
  command: string;
  args: string[];
  /** Variables added to the caller's environment. */
  env: Record<string, string>;
}

/** The master when SPARKIFY_SPARK_MASTER is not set: Spark in the spark-submit JVM, on this machine's cores. */
export const LOCAL_MASTER = 'local[*]';

/** `local`, `local[4]`, `local[*]`, `local[2,3]`…: driver and executors are the one spark-submit JVM. */
export const isLocalMaster = (master: string): boolean => /^local(\[[^\]]*\])?$/.test(master.trim());

/**
 * A cluster whose every JVM is on this machine: a standalone master (`spark://host:port`, or several for HA) on the
 * loopback address (scripts/spark-cluster.js starts one), or Spark's `local-cluster[…]`. Its executors are other
 * JVMs, but they reach a driver bound to 127.0.0.1.
 */
export const isLoopbackMaster = (master: string): boolean => {
  const m = /^spark:\/\/(.+)$/.exec(master.trim());
  if (m === null) return /^local-cluster\[[^\]]*\]$/.test(master.trim());
  return m[1].split(',').every((hostPort) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(hostPort));
};

/**
 * The spark-submit command line for one job spec: on this machine (master local[*]), or against the cluster
 * SPARKIFY_SPARK_MASTER names, the driver staying here (client mode). Paths on s3:// or s3a:// add hadoop-aws,
 * and point s3a at AWS_ENDPOINT_URL(_S3) with path-style addressing (what S3 emulators need). Credentials are never
 * on the command line: s3a takes them from its standard chain (s3aConf), on every JVM where it runs.
 */
export function sparkSubmitCommand(
  install: SparkInstall,
  specPath: string,
  paths: string[],
  env: NodeJS.ProcessEnv = process.env,
): SubmitCommand {
  const conf: Record<string, string> = {
    // No web UI: nothing to look at in a batch run, and parallel runs would fight over its port.
    'spark.ui.enabled': 'false',
    'spark.ui.showConsoleProgress': 'false',
    // Small local inputs: the default 200 shuffle partitions would mean 200 tiny tasks per model.
    'spark.sql.shuffle.partitions': env.SPARKIFY_SPARK_SHUFFLE_PARTITIONS ?? '8',
    'spark.sql.session.timeZone': 'UTC',
  };
  const master = env.SPARKIFY_SPARK_MASTER?.trim() || LOCAL_MASTER;
  const args = ['--master', master, '--driver-memory', env.SPARKIFY_SPARK_DRIVER_MEMORY ?? '2g'];
  if (!paths.some(isS3Uri)) {
    // Local folders without .crc side files: about 40% faster on tables with many partition folders. Not with
    // s3a: its upload buffers live on the local disk through LocalFileSystem, and fail on the raw one.
    conf['spark.hadoop.fs.file.impl'] = 'org.apache.hadoop.fs.RawLocalFileSystem';
    if (install.localFileSystemJar) {
      // The raw one without a chmod fork per file written (NoForkLocalFileSystem.java): on every JVM's class path,
      // which on a local or loopback master is this machine's jar.
      conf['spark.hadoop.fs.file.impl'] = 'sparkify.hadoop.NoForkLocalFileSystem';
      conf['spark.executor.extraClassPath'] = install.localFileSystemJar;
      args.push('--driver-class-path', install.localFileSystemJar);
    }
  } else {
    if (install.jars.length === 0) throw new UserError('s3 paths need hadoop-aws in .venv/spark-jars; run npm run setup:python');
    args.push('--jars', install.jars.join(','));
    Object.assign(conf, s3aConf(env, master));
  }
  for (const [key, value] of Object.entries(conf)) args.push('--conf', `${key}=${value}`);
  args.push(install.runner, '--spec', specPath);
  const runEnv: Record<string, string> = { PYSPARK_PYTHON: install.python, PYSPARK_DRIVER_PYTHON: install.python };
  // Where the driver listens. On local[*] nothing outside this JVM talks to it: bound to the loopback address, it
  // never asks the network (a machine whose hostname resolves nowhere still runs) and offers nothing to it. On a
  // cluster the executors connect back to the driver (client mode), so it must listen where they can reach it: a
  // cluster on this machine's loopback address reaches 127.0.0.1; a cluster elsewhere would reach only its own
  // loopback, so the driver keeps Spark's choice (the address of this host's name) or the caller's own
  // SPARK_LOCAL_IP / spark.driver.host, both passed through untouched.
  if (isLocalMaster(master) || isLoopbackMaster(master)) runEnv.SPARK_LOCAL_IP = '127.0.0.1';
  return { command: install.sparkSubmit, args, env: runEnv };
}

/**
 * s3a's default credential providers in the hadoop-aws the kit uses (3.3.4, pyspark 3.5's Hadoop; its
 * core-default.xml): session keys and then keys from the Hadoop settings (fs.s3a.access.key… — never set here), the
 * AWS_* environment variables, then the container or EC2 instance role (IAMInstanceCredentialsProvider: ECS's
 * AWS_CONTAINER_CREDENTIALS_*_URI, else the instance metadata). Each provider without credentials passes to the next.
 */
export const HADOOP_DEFAULT_CREDENTIAL_PROVIDERS = [
  'org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider',
  'org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider',
  'com.amazonaws.auth.EnvironmentVariableCredentialsProvider',
  'org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider',
];
const PROFILE_PROVIDER = 'com.amazonaws.auth.profile.ProfileCredentialsProvider';

/**
 * The AWS profile file the AWS SDK for Java v1 (what hadoop-aws 3.3 uses) would read on this machine, or null:
 * AWS_CREDENTIAL_PROFILES_FILE, else ~/.aws/credentials, else the legacy ~/.aws/config.
 */
export function profileFile(env: NodeJS.ProcessEnv): string | null {
  const home = env.HOME || os.homedir();
  const candidates = env.AWS_CREDENTIAL_PROFILES_FILE ? [env.AWS_CREDENTIAL_PROFILES_FILE] : [path.join(home, '.aws', 'credentials'), path.join(home, '.aws', 'config')];
  return candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile()) ?? null;
}

/**
 * Hadoop s3a settings for s3:// and s3a:// paths, from the standard AWS variables.
 *
 * Credentials: s3a's own default chain (HADOOP_DEFAULT_CREDENTIAL_PROVIDERS), left unset so that a cluster's own
 * core-site.xml or spark-defaults.conf still decides. Every executor builds its own s3a client from it, in its own
 * JVM: on a cluster that is a worker's child, with the worker's environment and the node's instance or container
 * role, not this process's environment. (Forcing "environment or profile file" broke that: a node has neither, and
 * the SDK's ProfileCredentialsProvider throws IllegalArgumentException "profile file cannot be null" when no file
 * exists, which ends the provider list at once, so not even a provider after it would be asked.) With local[*] the
 * only JVM is on this machine, so when this machine has an AWS profile file (AWS_PROFILE picks the profile) the
 * profile provider joins the chain, after the environment variables and before the instance role, as in the SDKs.
 */
export function s3aConf(env: NodeJS.ProcessEnv, master: string = LOCAL_MASTER): Record<string, string> {
  const conf: Record<string, string> = {
    // Locally, s3:// is s3a (on EMR it is EMRFS, which the cluster configures itself).
    'spark.hadoop.fs.s3.impl': 'org.apache.hadoop.fs.s3a.S3AFileSystem',
  };
  if (isLocalMaster(master) && profileFile(env) !== null) {
    const providers = [...HADOOP_DEFAULT_CREDENTIAL_PROVIDERS];
    providers.splice(providers.indexOf('org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider'), 0, PROFILE_PROVIDER);
    conf['spark.hadoop.fs.s3a.aws.credentials.provider'] = providers.join(',');
  }
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  if (endpoint) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new UserError(`AWS_ENDPOINT_URL "${endpoint}" is not a URL (e.g. http://127.0.0.1:5000)`);
    }
    conf['spark.hadoop.fs.s3a.endpoint'] = endpoint;
    conf['spark.hadoop.fs.s3a.path.style.access'] = 'true';
    conf['spark.hadoop.fs.s3a.connection.ssl.enabled'] = String(url.protocol === 'https:');
  }
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (region) conf['spark.hadoop.fs.s3a.endpoint.region'] = region;
  return conf;
}
