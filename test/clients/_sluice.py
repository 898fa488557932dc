"""Shared helpers of the boto3 client scripts in this folder (test/clients/boto3-cli.test.ts runs them).

Each script builds a client the way users do (`boto3.client('sagemaker', endpoint_url=...)`), checks Sluice's
answers with plain `assert`, and exits non-zero when any check failed. Checks are grouped in sections; a failed
section is reported (with its traceback) and the next one still runs, so one run shows every failure.
"""

import datetime
import json
import os
import sys
import time
import traceback
import uuid

import boto3
from botocore.exceptions import ClientError

if not __debug__:  # pragma: no cover - python -O would silently skip every check
    sys.exit('these checks use assert: run them without -O')

#: The repository root (test/clients/ is two levels below it).
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
#: The shared real-world pipeline definitions, read in place.
DEFINITIONS_DIR = os.path.join(REPO_ROOT, '..', 'shared', 'definitions')
#: A role ARN Sluice accepts.
ROLE_ARN = 'arn:aws:iam::000000000000:role/SluiceBoto3Role'
ACCOUNT = '000000000000'
REGION = 'us-east-1'
TERMINAL = ('Succeeded', 'Failed', 'Stopped')


def endpoint_from_argv():
    assert len(sys.argv) == 2, f'usage: python3 {sys.argv[0]} <endpoint_url>'
    return sys.argv[1]


def sagemaker_client(endpoint_url):
    return boto3.client(
        'sagemaker',
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id='x',
        aws_secret_access_key='y',
    )


def unique(base):
    """A pipeline name no other run of the suite uses (names are [a-zA-Z0-9-])."""
    return f'{base}-{uuid.uuid4().hex[:8]}'


def pipeline_arn(name):
    return f'arn:aws:sagemaker:{REGION}:{ACCOUNT}:pipeline/{name}'


def read_shared_definition(file_name):
    with open(os.path.join(DEFINITIONS_DIR, file_name), encoding='utf-8') as f:
        return f.read()


def expect_error(call, code, **kwargs):
    """Runs `call(**kwargs)`, which must fail with error code `code`; returns the ClientError."""
    try:
        result = call(**kwargs)
    except ClientError as error:
        got = error.response['Error']['Code']
        assert got == code, f'{call.__name__}: expected {code}, got {got}: {error.response["Error"].get("Message")}'
        status = error.response['ResponseMetadata']['HTTPStatusCode']
        assert status == 400, f'{call.__name__}: {code} must be HTTP 400, got {status}'
        return error
    result.pop('ResponseMetadata', None)
    raise AssertionError(f'{call.__name__}({kwargs}) should have failed with {code} but answered {result}')


def message_of(error):
    return error.response['Error']['Message']


def assert_recent_datetime(value, what):
    """A timestamp parsed by botocore: a timezone-aware datetime close to now."""
    assert isinstance(value, datetime.datetime), f'{what} should be a datetime, got {type(value).__name__}: {value!r}'
    assert value.tzinfo is not None, f'{what} should carry a timezone, got {value!r}'
    drift = abs((value - datetime.datetime.now(datetime.timezone.utc)).total_seconds())
    assert drift < 600, f'{what} = {value.isoformat()} is {drift:.0f} s away from now'


def wait_terminal(client, execution_arn, timeout_s=20.0):
    """Polls DescribePipelineExecution until the status is terminal; fails after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    delay = 0.02
    while True:
        described = client.describe_pipeline_execution(PipelineExecutionArn=execution_arn)
        status = described['PipelineExecutionStatus']
        if status in TERMINAL:
            return described
        assert status in ('Executing', 'Stopping'), f'{execution_arn}: unexpected status {status}'
        assert time.monotonic() < deadline, f'{execution_arn} still {status} after {timeout_s} s'
        time.sleep(delay)
        delay = min(delay * 2, 0.25)


def steps_by_name(client, execution_arn, **kwargs):
    steps = client.list_pipeline_execution_steps(PipelineExecutionArn=execution_arn, **kwargs)['PipelineExecutionSteps']
    by_name = {s['StepName']: s for s in steps}
    assert len(by_name) == len(steps), f'step names repeat in {[s["StepName"] for s in steps]}'
    return steps, by_name


def parameters_of(client, execution_arn):
    """Every effective parameter of an execution, following NextToken as the SageMaker SDK does."""
    out, token = {}, None
    while True:
        page = client.list_pipeline_parameters_for_execution(
            PipelineExecutionArn=execution_arn, **({'NextToken': token} if token else {})
        )
        for p in page['PipelineParameters']:
            assert p['Name'] not in out, f'parameter {p["Name"]} listed twice'
            assert isinstance(p['Value'], str), f'parameter {p["Name"]} value should be a string: {p["Value"]!r}'
            out[p['Name']] = p['Value']
        token = page.get('NextToken')
        if not token:
            return out


def dump(value):
    return json.dumps(value, default=str, indent=1, sort_keys=True)


class Suite:
    """Named sections run in order; failures are collected, printed to stderr, and make the exit code 1."""

    def __init__(self, title):
        self.title = title
        self.sections = []

    def section(self, name):
        def register(fn):
            self.sections.append((name, fn))
            return fn

        return register

    def run(self):
        failures = []
        started = time.monotonic()
        for name, fn in self.sections:
            t0 = time.monotonic()
            try:
                fn()
                outcome = 'ok  '
            except Exception:  # noqa: BLE001 - an unexpected ClientError is a failure too
                failures.append((name, traceback.format_exc()))
                outcome = 'FAIL'
            print(f'{outcome} {name} ({(time.monotonic() - t0) * 1000:.0f} ms)', flush=True)
        total = len(self.sections)
        elapsed = time.monotonic() - started
        if failures:
            for name, trace in failures:
                print(f'\n=== {self.title}: FAILED: {name}\n{trace}', file=sys.stderr)
            print(f'{self.title}: {len(failures)} of {total} sections failed', file=sys.stderr)
            sys.exit(1)
        print(f'{self.title}: all {total} sections passed in {elapsed:.1f} s')
