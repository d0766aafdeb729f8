import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { REPO, tempDir } from './helpers';

/** The project's step runner when this checkout has it; otherwise a minimal valid stand-in in a temp folder
 *  (only for the upload path under test here: it is never committed, and nothing runs it). */
export function runnerForTests(): string {
  const real = path.join(REPO, 'src', 'engines', 'spark', 'step_runner.py');
  if (fs.existsSync(real)) return real;
  const file = path.join(tempDir('sparkify-runner-'), 'step_runner.py');
  fs.writeFileSync(file, 'import argparse\n\nparser = argparse.ArgumentParser()\nparser.add_argument("--spec", required=True)\nprint(parser.parse_args().spec)\n');
  return file;
}

export async function getObjectBytes(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

/** Compiles a Python file with the project's venv Python; returns the error text, or '' when it compiles. */
export function pyCompileErrors(file: string): string {
  const result = spawnSync(path.join(REPO, '.venv', 'bin', 'python'), ['-m', 'py_compile', file], { encoding: 'utf8' });
  return result.status === 0 ? '' : `${result.stderr}${result.stdout}` || `exit ${result.status}`;
}

/** A user error is exactly one line on stderr and a non-zero exit. */
export function oneLineError(result: { code: number | null; stderr: string }): string {
  const lines = result.stderr.trim().split('\n');
  if (result.code === 0 || result.code === null) throw new Error(`expected a failure, got exit ${result.code}; stderr: ${result.stderr}`);
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got ${lines.length}:\n${result.stderr}`);
  return lines[0];
}
