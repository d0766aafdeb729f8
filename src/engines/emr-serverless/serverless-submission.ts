import { CreateApplicationCommand, GetApplicationCommand, ListApplicationsCommand, StartJobRunCommand, type ApplicationSummary } from '@aws-sdk/client-emr-serverless';
import { UserError } from '../../errors';
import type { Progress } from '../../progress';
import { awsCall } from '../../storage/aws-errors';
import { sendUploads } from '../aws/run-code';
import type { ServerlessClients } from './serverless-clients';
import type { ServerlessSubmission } from './serverless-requests';

export interface SubmittedJobRun {
  applicationId: string;
  jobRunId: string;
  /** Set when this run created the kit's application. */
  createdApplication: boolean;
}

// An application in these states takes job runs (a stopped one starts on the first, auto-start being on).
const USABLE_STATES = new Set(['CREATING', 'CREATED', 'STARTING', 'STARTED', 'STOPPING', 'STOPPED']);

/** Uploads the runner and spec, finds or creates the application, then starts the job run on it. */
export async function sendServerlessSubmission(clients: ServerlessClients, submission: ServerlessSubmission, progress: Progress): Promise<SubmittedJobRun> {
  let applicationId = submission.startJobRun.applicationId!;
  let createdApplication = false;
  // A wrong application is found before anything is uploaded.
  if (!submission.createApplication) await checkApplicationTakesRuns(clients, applicationId);
  await sendUploads(clients.s3, submission.uploads);
  if (submission.createApplication) {
    const name = submission.createApplication.name!;
    const existing = await findApplication(clients, name);
    if (existing) {
      applicationId = existing.id!;
      progress.log(`using application ${applicationId} (${name}, ${existing.state})`);
    } else {
      const created = await awsCall('EMR Serverless CreateApplication', () => clients.emrServerless.send(new CreateApplicationCommand(submission.createApplication!)));
      applicationId = created.applicationId!;
      createdApplication = true;
      progress.log(`created application ${applicationId} (${name}): no initial capacity, stops after ${submission.createApplication.autoStopConfiguration?.idleTimeoutMinutes} min idle; later runs reuse it (or pass --application-id ${applicationId})`);
    }
  }
  const out = await awsCall(`EMR Serverless StartJobRun on ${applicationId}`, () =>
    clients.emrServerless.send(new StartJobRunCommand({ ...submission.startJobRun, applicationId })),
  );
  return { applicationId, jobRunId: out.jobRunId!, createdApplication };
}

/** The kit's application of that name that still takes runs, the most recently created first. */
async function findApplication(clients: ServerlessClients, name: string): Promise<ApplicationSummary | undefined> {
  const found: ApplicationSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await awsCall('EMR Serverless ListApplications', () => clients.emrServerless.send(new ListApplicationsCommand({ nextToken })));
    found.push(...(page.applications ?? []).filter((a) => a.name === name && USABLE_STATES.has(a.state ?? '')));
    nextToken = page.nextToken;
  } while (nextToken);
  return found.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
}

async function checkApplicationTakesRuns(clients: ServerlessClients, applicationId: string): Promise<void> {
  const { application } = await awsCall(`EMR Serverless GetApplication ${applicationId}`, () => clients.emrServerless.send(new GetApplicationCommand({ applicationId })));
  const state = application?.state ?? 'UNKNOWN';
  if (!USABLE_STATES.has(state)) {
    throw new UserError(`application ${applicationId} is ${state}${application?.stateDetails ? ` (${application.stateDetails})` : ''} and takes no job runs; leave out --application-id to use the kit's own`);
  }
}
