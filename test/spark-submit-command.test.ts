import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers';
import { sparkSubmitCommand } from '../src/engines/spark/submit-command';
import type { SparkInstall } from '../src/engines/spark/spark-install';

const install: SparkInstall = {
  sparkSubmit: '/p/.venv/bin/spark-submit',
  python: '/p/.venv/bin/python',
  jars: ['/p/.venv/spark-jars/a.jar', '/p/.venv/spark-jars/b.jar'],
  runner: '/p/src/engines/spark/step_runner.py',
};
const confs = (args: string[]) =>
  Object.fromEntries(args.flatMap((a, i) => (args[i - 1] === '--conf' ? [a.split(/=(.*)/s).slice(0, 2)] : [])));

describe('the spark-submit command line', () => {
  it('runs the step runner on local[*] with the venv Python, bound to 127.0.0.1, without s3 jars for folders', () => {
    const cmd = sparkSubmitCommand(install, '/tmp/spec.json', ['/data/in', '/lake/_versions/songs/r1'], {});
    expect(cmd.command).toBe(install.sparkSubmit);
    expect(cmd.args.slice(0, 2)).toEqual(['--master', 'local[*]']);
    expect(cmd.args.slice(-3)).toEqual([install.runner, '--spec', '/tmp/spec.json']);
    expect(cmd.args).not.toContain('--jars');
    expect(cmd.env).toEqual({ SPARK_LOCAL_IP: '127.0.0.1', PYSPARK_PYTHON: install.python, PYSPARK_DRIVER_PYTHON: install.python });
    expect(confs(cmd.args)['spark.sql.session.timeZone']).toBe('UTC');
    expect(confs(cmd.args)['spark.hadoop.fs.file.impl']).toBe('org.apache.hadoop.fs.RawLocalFileSystem');
  });

  it("local folders use the kit's no-fork file system when the setup compiled it, on every JVM's class path", () => {
    const jar = '/p/.venv/sparkify-jars/no-fork-local-fs.jar';
    const local = sparkSubmitCommand({ ...install, localFileSystemJar: jar }, '/tmp/spec.json', ['/data/in'], {});
    expect(confs(local.args)['spark.hadoop.fs.file.impl']).toBe('sparkify.hadoop.NoForkLocalFileSystem');
    expect(confs(local.args)['spark.executor.extraClassPath']).toBe(jar);
    expect(local.args[local.args.indexOf('--driver-class-path') + 1]).toBe(jar);
    // s3a buffers its uploads through Hadoop's checksummed local file system: left as it is.
    const s3 = sparkSubmitCommand({ ...install, localFileSystemJar: jar }, 's3://b/spec.json', ['s3://b/in'], { HOME: tempDir() });
    expect(confs(s3.args)['spark.hadoop.fs.file.impl']).toBeUndefined();
    expect(s3.args).not.toContain('--driver-class-path');
  });

  it('s3 paths add hadoop-aws and point s3a at AWS_ENDPOINT_URL, path style, ssl per scheme, keys never on the line', () => {
    const secret = 'dummy-secret-for-this-test';
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:5055', AWS_ACCESS_KEY_ID: 'dummy', AWS_SECRET_ACCESS_KEY: secret, AWS_REGION: 'eu-west-1', HOME: tempDir() };
    const cmd = sparkSubmitCommand(install, 's3://b/spec.json', ['s3://b/in', 's3a://b/lake/songs'], env);
    expect(cmd.args[cmd.args.indexOf('--jars') + 1]).toBe(install.jars.join(','));
    const conf = confs(cmd.args);
    expect(conf).toMatchObject({
      'spark.hadoop.fs.s3.impl': 'org.apache.hadoop.fs.s3a.S3AFileSystem',
      'spark.hadoop.fs.s3a.endpoint': 'http://127.0.0.1:5055',
      'spark.hadoop.fs.s3a.path.style.access': 'true',
      'spark.hadoop.fs.s3a.connection.ssl.enabled': 'false',
      'spark.hadoop.fs.s3a.endpoint.region': 'eu-west-1',
    });
    expect(JSON.stringify(cmd)).not.toContain(secret);
    // Credentials: s3a's standard chain (keys in the environment here), not a forced list; on a cluster each
    // executor takes them from its node (test/spark-distributed.test.ts).
    expect(conf['spark.hadoop.fs.s3a.aws.credentials.provider']).toBeUndefined();
    // s3a buffers uploads on local disk through LocalFileSystem: the raw one makes every S3 write fail
    // (test/emr-publish.test.ts writes to S3 with this command line).
    expect(conf['spark.hadoop.fs.file.impl']).toBeUndefined();
    const https = confs(sparkSubmitCommand(install, '/s.json', ['s3://b/in'], { AWS_ENDPOINT_URL: 'https://s3.example.test' }).args);
    expect(https['spark.hadoop.fs.s3a.connection.ssl.enabled']).toBe('true');
    // The S3-specific endpoint variable wins over the general one, as in the AWS SDKs.
    const specific = confs(sparkSubmitCommand(install, '/s.json', ['s3://b/in'], { ...env, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:6066' }).args);
    expect(specific['spark.hadoop.fs.s3a.endpoint']).toBe('http://127.0.0.1:6066');
  });
});
