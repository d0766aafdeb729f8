import type { ActionOnFailure, StepConfig } from '@aws-sdk/client-emr';
import type { RunCode } from './run-code';

/**
 * The EMR step that runs the job: command-runner.jar runs spark-submit on the primary node, in cluster deploy
 * mode (the driver runs in YARN on a core node, so the primary node is not the bottleneck), on the runner and
 * its spec, both read from S3.
 */
export function sparkStep(name: string, code: RunCode, sparkConf: Record<string, string>, actionOnFailure: ActionOnFailure): StepConfig {
  const conf = Object.entries(sparkConf).flatMap(([key, value]) => ['--conf', `${key}=${value}`]);
  return {
    Name: name,
    ActionOnFailure: actionOnFailure,
    HadoopJarStep: {
      Jar: 'command-runner.jar',
      Args: ['spark-submit', '--deploy-mode', 'cluster', ...conf, code.runnerUri, '--spec', code.specUri],
    },
  };
}
