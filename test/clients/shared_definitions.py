"""Every shared definition runs to its expected end through boto3, on a Sluice started with the simulate executor
and the config of test/e2e/jobs-definitions.test.ts (which runs this script). Pipelines are upserted the way the
SageMaker Python SDK does it, so the script can run after the JS test created the same pipelines.

Usage: python3 shared_definitions.py <endpoint_url> <expected-json>, where expected-json maps each file name to
{"status": ..., "parameters": {...}, "steps": {...}}.
"""

import json
import os
import sys

from botocore.exceptions import ClientError

from _sluice import DEFINITIONS_DIR, ROLE_ARN, Suite, sagemaker_client, steps_by_name, wait_terminal

assert len(sys.argv) == 3, f'usage: python3 {sys.argv[0]} <endpoint_url> <expected-json>'
sm = sagemaker_client(sys.argv[1])
expected = json.loads(sys.argv[2])
suite = Suite('shared definitions through boto3')


def upsert(name, definition):
    try:
        sm.create_pipeline(PipelineName=name, PipelineDefinition=definition, RoleArn=ROLE_ARN)
    except ClientError as error:
        assert 'already exists' in error.response['Error']['Message'], error
        sm.update_pipeline(PipelineName=name, PipelineDefinition=definition)


def check(file_name, expectation):
    def run():
        with open(os.path.join(DEFINITIONS_DIR, file_name), encoding='utf-8') as f:
            definition = f.read()
        name = file_name[: -len('.json')]
        upsert(name, definition)
        parameters = [{'Name': k, 'Value': v} for k, v in expectation.get('parameters', {}).items()]
        arn = sm.start_pipeline_execution(PipelineName=name, PipelineParameters=parameters)['PipelineExecutionArn']
        described = wait_terminal(sm, arn, timeout_s=60)
        _, by_name = steps_by_name(sm, arn)
        assert described['PipelineExecutionStatus'] == expectation['status'], (described, by_name)
        for step, status in expectation.get('steps', {}).items():
            assert by_name[step]['StepStatus'] == status, (step, by_name.get(step))

    return run


for file_name, expectation in sorted(expected.items()):
    suite.section(f'{file_name} ends {expectation["status"]}')(check(file_name, expectation))

suite.run()
