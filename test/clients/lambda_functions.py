"""boto3 against Sluice's Lambda endpoint: create (Python and Node.js packages built here with zipfile), waiters,
invoke (payload, log tail, function errors, Event), paginators, updates, delete, and the modelled errors with
their HTTP statuses. Run by test/clients/lambda-clients.test.ts as `python3 lambda_functions.py <endpoint_url>`.
"""

import base64
import io
import json
import uuid
import zipfile

import boto3
from botocore.exceptions import ClientError

from _sluice import REGION, Suite, endpoint_from_argv

ENDPOINT = endpoint_from_argv()
ROLE = 'arn:aws:iam::000000000000:role/lambda-role'
ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:'
RUN = uuid.uuid4().hex[:8]

client = boto3.client(
    'lambda', endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id='x', aws_secret_access_key='y'
)
suite = Suite('lambda_functions.py')

PYTHON_APP = '''
import os
calls = 0
def handler(event, context):
    global calls
    calls += 1
    print("event:", event)
    if event.get("fail"):
        raise ValueError("boto3 asked for it")
    return {"echo": event, "calls": calls, "request_id": context.aws_request_id,
            "greeting": os.environ.get("GREETING"), "version": VERSION}
VERSION = 1
'''

NODE_APP = '''
exports.handler = async (event, context) => ({ echo: event, fn: context.functionName });
'''


def package(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def name(base):
    return f'{base}-{RUN}'


def expect_error(call, code, status, **kwargs):
    try:
        result = call(**kwargs)
    except ClientError as error:
        got = error.response['Error']['Code']
        assert got == code, f'{call.__name__}: expected {code}, got {got}: {error.response["Error"]}'
        got_status = error.response['ResponseMetadata']['HTTPStatusCode']
        assert got_status == status, f'{call.__name__}: {code} must be HTTP {status}, got {got_status}'
        return error
    raise AssertionError(f'{call.__name__} should have failed with {code} but answered {result}')


def invoke_json(function_name, payload, **kwargs):
    response = client.invoke(FunctionName=function_name, Payload=json.dumps(payload).encode(), **kwargs)
    return response, json.loads(response['Payload'].read())


PY = name('boto3-python')
NODE = name('boto3-node')


@suite.section('create functions and wait until they are active')
def create():
    created = client.create_function(
        FunctionName=PY, Runtime='python3.12', Handler='app.handler', Role=ROLE,
        Code={'ZipFile': package({'app.py': PYTHON_APP})}, Environment={'Variables': {'GREETING': 'hi'}},
        Timeout=10, Tags={'made-by': 'boto3'},
    )
    assert created['ResponseMetadata']['HTTPStatusCode'] == 201, created['ResponseMetadata']
    assert created['FunctionArn'] == ARN_PREFIX + PY, created
    assert created['State'] == 'Active', created
    client.get_waiter('function_active_v2').wait(FunctionName=PY, WaiterConfig={'Delay': 1, 'MaxAttempts': 5})
    client.create_function(
        FunctionName=NODE, Runtime='nodejs20.x', Handler='index.handler', Role=ROLE,
        Code={'ZipFile': package({'index.js': NODE_APP})},
    )
    got = client.get_function(FunctionName=ARN_PREFIX + PY)
    assert got['Configuration']['Handler'] == 'app.handler', got
    assert got['Tags'] == {'made-by': 'boto3'}, got
    assert got['Code']['Location'].startswith('http'), got['Code']


@suite.section('invoke: payload round trip, request id, log tail')
def invoke():
    response, body = invoke_json(PY, {'x': [1, 2, 3]}, LogType='Tail')
    assert response['StatusCode'] == 200, response
    assert 'FunctionError' not in response, response
    assert body['echo'] == {'x': [1, 2, 3]}, body
    assert body['greeting'] == 'hi', body
    assert body['request_id'] == response['ResponseMetadata']['RequestId'], (body, response['ResponseMetadata'])
    log = base64.b64decode(response['LogResult']).decode()
    assert "event: {'x': [1, 2, 3]}" in log, log
    assert log.startswith('START RequestId: ') or '\nSTART RequestId: ' in log, log
    _, node = invoke_json(NODE, {'from': 'boto3'})
    assert node == {'echo': {'from': 'boto3'}, 'fn': NODE}, node


@suite.section('invoke: function errors, Event and DryRun')
def invoke_errors():
    response, body = invoke_json(PY, {'fail': True})
    assert response['StatusCode'] == 200 and response['FunctionError'] == 'Unhandled', response
    assert body['errorType'] == 'ValueError' and body['errorMessage'] == 'boto3 asked for it', body
    assert isinstance(body['stackTrace'], list), body
    event = client.invoke(FunctionName=PY, InvocationType='Event', Payload=b'{}')
    assert event['StatusCode'] == 202, event
    dry = client.invoke(FunctionName=PY, InvocationType='DryRun')
    assert dry['StatusCode'] == 204, dry


@suite.section('errors: 404, 409, 400, 413')
def errors():
    error = expect_error(client.get_function, 'ResourceNotFoundException', 404, FunctionName=name('missing'))
    assert error.response['Error']['Message'] == f'Function not found: {ARN_PREFIX}{name("missing")}', error.response
    expect_error(client.invoke, 'ResourceNotFoundException', 404, FunctionName=name('missing'))
    expect_error(
        client.create_function, 'ResourceConflictException', 409, FunctionName=PY, Runtime='python3.12',
        Handler='app.handler', Role=ROLE, Code={'ZipFile': package({'app.py': PYTHON_APP})},
    )
    error = expect_error(
        client.create_function, 'InvalidParameterValueException', 400, FunctionName=name('bad-zip'),
        Runtime='python3.12', Handler='app.handler', Role=ROLE, Code={'ZipFile': b'this is no zip'},
    )
    assert 'Could not unzip uploaded file' in error.response['Error']['Message'], error.response
    expect_error(
        client.create_function, 'InvalidParameterValueException', 400, FunctionName=name('bad-runtime'),
        Runtime='ruby3.3', Handler='app.handler', Role=ROLE, Code={'ZipFile': package({'app.py': PYTHON_APP})},
    )
    expect_error(
        client.invoke, 'RequestTooLargeException', 413, FunctionName=PY,
        Payload=json.dumps({'data': 'x' * 6_300_000}).encode(),
    )


@suite.section('list with the paginator')
def listing():
    names = [f['FunctionName'] for page in client.get_paginator('list_functions').paginate(PaginationConfig={'PageSize': 1})
             for f in page['Functions']]
    assert PY in names and NODE in names, names
    assert len(names) == len(set(names)), names


@suite.section('update code and configuration, with the update waiter')
def updates():
    _, warm = invoke_json(PY, {})
    assert warm['calls'] >= 2, warm
    updated = client.update_function_code(
        FunctionName=PY, ZipFile=package({'app.py': PYTHON_APP.replace('VERSION = 1', 'VERSION = 2')})
    )
    client.get_waiter('function_updated_v2').wait(FunctionName=PY, WaiterConfig={'Delay': 1, 'MaxAttempts': 5})
    _, fresh = invoke_json(PY, {})
    assert fresh['version'] == 2 and fresh['calls'] == 1, fresh
    configured = client.update_function_configuration(
        FunctionName=PY, Timeout=20, Environment={'Variables': {'GREETING': 'changed'}}
    )
    assert configured['Timeout'] == 20 and configured['RevisionId'] != updated['RevisionId'], configured
    _, body = invoke_json(PY, {})
    assert body['greeting'] == 'changed', body


@suite.section('delete')
def delete():
    for function_name in (PY, NODE):
        deleted = client.delete_function(FunctionName=function_name)
        assert deleted['ResponseMetadata']['HTTPStatusCode'] == 204, deleted
    expect_error(client.get_function_configuration, 'ResourceNotFoundException', 404, FunctionName=PY)


suite.run()
