"""The stop semantics, sentence by sentence, through boto3: run by test/clients/stop-clients.test.ts under both the
current boto3 (JSON SQS protocol) and Debian's boto3 1.26 (query SQS protocol, 2022 SageMaker model).

- a running Callback step gets one more SQS message with "status": "Stopping" (same token and arguments), and the
  execution stays Stopping until the consumer answers; then it is Stopped and nothing downstream starts;
- a running Lambda step cannot be stopped: the execution ends Stopped when the function returns, Failed when it
  times out;
- the same ClientRequestToken replays the stop; other stops of a finished execution are refused; an unknown ARN is
  ResourceNotFound.
"""

import io
import json
import time
import uuid
import zipfile

import boto3

from _sluice import (
    REGION,
    ROLE_ARN,
    Suite,
    endpoint_from_argv,
    expect_error,
    message_of,
    sagemaker_client,
    steps_by_name,
    unique,
    wait_terminal,
)

endpoint = endpoint_from_argv()
sm = sagemaker_client(endpoint)
sqs = boto3.client('sqs', endpoint_url=endpoint, region_name=REGION, aws_access_key_id='x', aws_secret_access_key='y')
lam = boto3.client('lambda', endpoint_url=endpoint, region_name=REGION, aws_access_key_id='x', aws_secret_access_key='y')
suite = Suite(f'stop flows (boto3 {boto3.__version__})')
QUEUE = unique('stops')
queue_url = sqs.create_queue(QueueName=QUEUE)['QueueUrl']


def definition(steps):
    return json.dumps({'Version': '2020-12-01', 'Parameters': [], 'PipelineExperimentConfig': None, 'Steps': steps})


def callback(name, depends_on=None):
    step = {
        'Name': name,
        'Type': 'Callback',
        'SqsQueueUrl': f'https://sqs.{REGION}.amazonaws.com/000000000000/{QUEUE}',
        'Arguments': {'job': name, 'size': 3},
        'OutputParameters': [],
    }
    if depends_on:
        step['DependsOn'] = [depends_on]
    return step


def start(steps):
    name = unique('stop')
    sm.create_pipeline(PipelineName=name, PipelineDefinition=definition(steps), RoleArn=ROLE_ARN)
    return sm.start_pipeline_execution(PipelineName=name)['PipelineExecutionArn']


def receive(count, wait_s=10.0):
    """Receives and deletes `count` messages (or what arrived within `wait_s`)."""
    bodies, deadline = [], time.monotonic() + wait_s
    while len(bodies) < count and time.monotonic() < deadline:
        page = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        for message in page.get('Messages', []):
            bodies.append(json.loads(message['Body']))
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message['ReceiptHandle'])
    return bodies


def status_of(arn):
    return sm.describe_pipeline_execution(PipelineExecutionArn=arn)['PipelineExecutionStatus']


@suite.section('a running Callback step gets one Stopping message and holds the stop until it is answered')
def callback_stop():
    arn = start([callback('Wait'), callback('After', depends_on='Wait')])
    (started,) = receive(1)
    assert started['status'] == 'Executing' and started['pipelineExecutionArn'] == arn, started
    for _ in range(3):
        assert sm.stop_pipeline_execution(PipelineExecutionArn=arn)['PipelineExecutionArn'] == arn
    (stopping,) = receive(1)
    assert stopping == {**started, 'status': 'Stopping'}, (stopping, started)
    assert receive(1, wait_s=1.5) == [], 'exactly one Stopping message'
    time.sleep(0.3)
    assert status_of(arn) == 'Stopping', 'the execution waits for the consumer'
    sm.send_pipeline_execution_step_success(CallbackToken=started['token'])
    assert wait_terminal(sm, arn)['PipelineExecutionStatus'] == 'Stopped'
    steps, by_name = steps_by_name(sm, arn)
    assert [s['StepName'] for s in steps] == ['Wait'], 'nothing downstream starts'
    assert by_name['Wait']['StepStatus'] == 'Stopped'


@suite.section('a stopping execution also ends Stopped when the consumer answers with a failure')
def callback_stop_failure():
    arn = start([callback('Wait')])
    (started,) = receive(1)
    sm.stop_pipeline_execution(PipelineExecutionArn=arn)
    receive(1)
    sm.send_pipeline_execution_step_failure(CallbackToken=started['token'], FailureReason='cleaned up')
    assert wait_terminal(sm, arn)['PipelineExecutionStatus'] == 'Stopped'


@suite.section('ClientRequestToken replays a stop; other stops of a finished execution and unknown ARNs are refused')
def idempotency_and_errors():
    arn = start([callback('Wait')])
    (started,) = receive(1)
    token = f'stop-token-{uuid.uuid4().hex}'
    sm.stop_pipeline_execution(PipelineExecutionArn=arn, ClientRequestToken=token)
    receive(1)
    sm.send_pipeline_execution_step_success(CallbackToken=started['token'])
    assert wait_terminal(sm, arn)['PipelineExecutionStatus'] == 'Stopped'
    assert sm.stop_pipeline_execution(PipelineExecutionArn=arn, ClientRequestToken=token)['PipelineExecutionArn'] == arn
    error = expect_error(sm.stop_pipeline_execution, 'ValidationException', PipelineExecutionArn=arn)
    assert "Only pipelines with 'Executing' status can be stopped" in message_of(error)
    expect_error(sm.stop_pipeline_execution, 'ResourceNotFound', PipelineExecutionArn=arn[:-12] + 'zzzzzzzzzzzz')
    expect_error(sm.send_pipeline_execution_step_success, 'ConflictException', CallbackToken=started['token'])


def make_function(name, timeout_s):
    package = io.BytesIO()
    with zipfile.ZipFile(package, 'w') as z:
        z.writestr('app.py', 'import time\ndef handler(event, context):\n    time.sleep(event["sleep"])\n    return {"slept": event["sleep"]}\n')
    lam.create_function(
        FunctionName=name,
        Runtime='python3.11',
        Handler='app.handler',
        Role='arn:aws:iam::000000000000:role/lambda',
        Timeout=timeout_s,
        Code={'ZipFile': package.getvalue()},
    )
    return f'arn:aws:lambda:{REGION}:000000000000:function:{name}'


def lambda_step(arn, sleep_s):
    return {'Name': 'Fn', 'Type': 'Lambda', 'FunctionArn': arn, 'Arguments': {'sleep': sleep_s}, 'OutputParameters': []}


def wait_started(arn):
    deadline = time.monotonic() + 20
    while not sm.list_pipeline_execution_steps(PipelineExecutionArn=arn)['PipelineExecutionSteps']:
        assert time.monotonic() < deadline, 'the Lambda step did not start'
        time.sleep(0.02)


@suite.section('a running Lambda step runs on: the execution ends Stopped when the function returns')
def lambda_finishes():
    fn = make_function(unique('finishes'), 10)
    arn = start([lambda_step(fn, 1.5), {**callback('After'), 'DependsOn': ['Fn']}])
    wait_started(arn)
    sm.stop_pipeline_execution(PipelineExecutionArn=arn)
    assert status_of(arn) == 'Stopping'
    assert wait_terminal(sm, arn, timeout_s=30)['PipelineExecutionStatus'] == 'Stopped'
    steps, _ = steps_by_name(sm, arn)
    assert [(s['StepName'], s['StepStatus']) for s in steps] == [('Fn', 'Succeeded')], steps


@suite.section('a running Lambda step that times out during the stop makes the execution Failed')
def lambda_times_out():
    fn = make_function(unique('times-out'), 1)
    arn = start([lambda_step(fn, 5)])
    wait_started(arn)
    sm.stop_pipeline_execution(PipelineExecutionArn=arn)
    assert wait_terminal(sm, arn, timeout_s=30)['PipelineExecutionStatus'] == 'Failed'


suite.run()
