"""moto_server whose EMR Serverless job runs follow a script, for the tests.

moto completes every job run at once (SUCCESS, zero utilization), so nothing could wait, fail or be cancelled.
Here GetJobRun takes the job run's state, details and utilization from the JSON file named by
SPARKIFY_MOTO_JOB_SCRIPT, keyed by job run name or "*": {"*": {"state": "RUNNING"}}. The test rewrites the file
as AWS would move the run on; a cancelled run stays cancelled. Everything else is moto as shipped.
"""
import json
import os
import sys

from moto.emrserverless import models
from moto.server import main

_get_job_run = models.EMRServerlessBackend.get_job_run


def scripted_get_job_run(self, application_id, job_run_id):
    run = _get_job_run(self, application_id, job_run_id)
    path = os.environ.get("SPARKIFY_MOTO_JOB_SCRIPT")
    if run.state == "CANCELLED" or not path or not os.path.exists(path):
        return run
    with open(path) as f:
        script = json.load(f)
    step = script.get(run.name or "") or script.get("*")
    if step:
        run.state = step["state"]
        run.state_details = step.get("stateDetails")
        run.total_execution_duration_seconds = step.get("totalExecutionDurationSeconds", 0)
        if "totalResourceUtilization" in step:
            run.total_resource_utilization = step["totalResourceUtilization"]
        if "billedResourceUtilization" in step:
            run.billed_resource_utilization = step["billedResourceUtilization"]
    return run


models.EMRServerlessBackend.get_job_run = scripted_get_job_run

if __name__ == "__main__":
    sys.exit(main())
