import { UserError } from '../../errors';
import type { ServerlessShape, ServerlessWorker } from './serverless-estimate';

/** Spark's memory overhead on top of the heap (spark.*.memoryOverhead's default): 10%, at least 384 MB. */
const overheadGb = (memoryGb: number) => Math.max(0.384, memoryGb * 0.1);

/**
 * The workers a job run asks for, from the Spark properties it is submitted with: cores, memory (plus Spark's
 * overhead, rounded up to a whole GB, as EMR Serverless sizes a worker) and disk (`spark.emr-serverless.*.disk`,
 * 20G when unset) of the driver and of each executor; as many executors as `spark.executor.instances`, else
 * `spark.dynamicAllocation.maxExecutors` (the most dynamic allocation may start: an upper bound), else `fallbackExecutors`.
 */
export function serverlessShapeFromSparkConf(
  region: string,
  architecture: ServerlessShape['architecture'],
  sparkConf: Record<string, string>,
  fallbackExecutors = 3,
): ServerlessShape {
  const worker = (role: 'driver' | 'executor'): ServerlessWorker => {
    const memoryGb = gigabytes(sparkConf[`spark.${role}.memory`] ?? '14g', `spark.${role}.memory`);
    return {
      vcpu: Number(sparkConf[`spark.${role}.cores`] ?? 4),
      memoryGb: Math.ceil(memoryGb + overheadGb(memoryGb)),
      diskGb: gigabytes(sparkConf[`spark.emr-serverless.${role}.disk`] ?? '20g', `spark.emr-serverless.${role}.disk`),
    };
  };
  const executors = Number(sparkConf['spark.executor.instances'] ?? sparkConf['spark.dynamicAllocation.maxExecutors'] ?? fallbackExecutors);
  return { region, architecture, driver: worker('driver'), executors, executor: worker('executor') };
}

/** `12g`, `12G`, `12288m`, `16gb` in GB. */
function gigabytes(text: string, name: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([gm])b?\s*$/i.exec(text);
  if (!m) throw new UserError(`${name} must be a size like 12g or 12288m, got "${text}"`);
  return m[2].toLowerCase() === 'g' ? Number(m[1]) : Number(m[1]) / 1024;
}
