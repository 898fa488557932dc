"""SQS checks with boto3, run by test/clients/sqs-clients.test.ts under two interpreters:

- `python3` with boto3 ≥ 1.31 (this repo's pinned 1.43), which speaks SQS's JSON protocol, and
- Debian's `/usr/bin/python3` with boto3 1.26 / botocore 1.29, which speaks the query protocol (form-encoded
  `Action=…` requests, XML answers).

Both must see the same behaviour: boto3 reports the legacy error code (`AWS.SimpleQueueService.NonExistentQueue`)
in `Error.Code` on either protocol and raises the modelled exception classes. Digests are checked against an
independent implementation of SQS's MD5 algorithms.

Usage: python3 test/clients/sqs_boto3.py <endpoint_url> <json|query>
"""

import hashlib
import struct
import sys
import threading
import time
import uuid

import boto3
from botocore.exceptions import ClientError

from _sluice import ACCOUNT, REGION, Suite

if not __debug__:  # pragma: no cover - python -O would silently skip every check
    sys.exit('these checks use assert: run them without -O')

assert len(sys.argv) == 3, f'usage: python3 {sys.argv[0]} <endpoint_url> <json|query>'
ENDPOINT, EXPECTED_PROTOCOL = sys.argv[1], sys.argv[2]

client = boto3.client(
    'sqs', endpoint_url=ENDPOINT, region_name=REGION, aws_access_key_id='x', aws_secret_access_key='y'
)
PROTOCOL = client.meta.service_model.protocol
suite = Suite(f'SQS with boto3 {boto3.__version__} ({PROTOCOL} protocol)')


def new_queue(base, **attributes):
    name = f'{base}-{uuid.uuid4().hex[:8]}'
    kwargs = {'Attributes': attributes} if attributes else {}
    return client.create_queue(QueueName=name, **kwargs)['QueueUrl']


def expect_error(call, code, status=400, **kwargs):
    """Runs `call(**kwargs)`, which must fail with error code `code` and HTTP `status`; returns the ClientError."""
    try:
        result = call(**kwargs)
    except ClientError as error:
        got = error.response['Error']['Code']
        assert got == code, f'{call.__name__}: expected {code}, got {got}: {error.response["Error"].get("Message")}'
        got_status = error.response['ResponseMetadata']['HTTPStatusCode']
        assert got_status == status, f'{call.__name__}: {code} must be HTTP {status}, got {got_status}'
        return error
    result.pop('ResponseMetadata', None)
    raise AssertionError(f'{call.__name__}({kwargs}) should have failed with {code} but answered {result}')


def md5_hex(data):
    return hashlib.md5(data).hexdigest()


def attributes_md5(attributes):
    """SQS's message attribute digest, written from the developer guide independently of Sluice."""
    digest = hashlib.md5()
    for name in sorted(attributes):
        value = attributes[name]
        data_type = value['DataType']
        for part in (name.encode('utf-8'), data_type.encode('utf-8')):
            digest.update(struct.pack('!I', len(part)) + part)
        if 'BinaryValue' in value:
            raw = value['BinaryValue']
            digest.update(b'\x02' + struct.pack('!I', len(raw)) + raw)
        else:
            raw = value['StringValue'].encode('utf-8')
            digest.update(b'\x01' + struct.pack('!I', len(raw)) + raw)
    return digest.hexdigest()


@suite.section('speaks the expected protocol')
def protocol():
    assert PROTOCOL == EXPECTED_PROTOCOL, f'boto3 {boto3.__version__} speaks {PROTOCOL}, not {EXPECTED_PROTOCOL}'


@suite.section('creates, finds, lists and deletes queues')
def queues():
    prefix = f'life-{uuid.uuid4().hex[:6]}'
    urls = [client.create_queue(QueueName=f'{prefix}-{i}')['QueueUrl'] for i in range(3)]
    assert urls[0] == f'{ENDPOINT}/{ACCOUNT}/{prefix}-0', urls[0]
    assert client.create_queue(QueueName=f'{prefix}-0')['QueueUrl'] == urls[0], 'CreateQueue is idempotent'
    assert client.get_queue_url(QueueName=f'{prefix}-1')['QueueUrl'] == urls[1]
    assert client.list_queues(QueueNamePrefix=prefix)['QueueUrls'] == urls
    first = client.list_queues(QueueNamePrefix=prefix, MaxResults=2)
    assert first['QueueUrls'] == urls[:2] and first['NextToken'], first
    rest = client.list_queues(QueueNamePrefix=prefix, MaxResults=2, NextToken=first['NextToken'])
    assert rest['QueueUrls'] == urls[2:] and 'NextToken' not in rest, rest
    assert 'QueueUrls' not in client.list_queues(QueueNamePrefix='no-such-prefix')
    client.delete_queue(QueueUrl=urls[2])
    assert client.list_queues(QueueNamePrefix=prefix)['QueueUrls'] == urls[:2]
    client.tag_queue(QueueUrl=urls[0], Tags={'team': 'ml', 'env': 'dev'})
    client.untag_queue(QueueUrl=urls[0], TagKeys=['env'])
    assert client.list_queue_tags(QueueUrl=urls[0])['Tags'] == {'team': 'ml'}


@suite.section('reports and changes queue attributes')
def attributes():
    url = new_queue('attrs', VisibilityTimeout='45', DelaySeconds='0')
    got = client.get_queue_attributes(QueueUrl=url, AttributeNames=['All'])['Attributes']
    name = url.rsplit('/', 1)[1]
    assert got['QueueArn'] == f'arn:aws:sqs:{REGION}:{ACCOUNT}:{name}', got
    assert got['VisibilityTimeout'] == '45' and got['MessageRetentionPeriod'] == '345600', got
    assert got['ApproximateNumberOfMessages'] == '0', got
    assert abs(int(got['CreatedTimestamp']) - time.time()) < 600, got
    client.set_queue_attributes(QueueUrl=url, Attributes={'VisibilityTimeout': '5', 'MaximumMessageSize': '2048'})
    got = client.get_queue_attributes(QueueUrl=url, AttributeNames=['VisibilityTimeout', 'MaximumMessageSize'])
    assert got['Attributes'] == {'VisibilityTimeout': '5', 'MaximumMessageSize': '2048'}, got
    error = expect_error(client.create_queue, 'QueueAlreadyExists', QueueName=name, Attributes={'DelaySeconds': '3'})
    assert isinstance(error, client.exceptions.QueueNameExists), type(error)
    expect_error(client.set_queue_attributes, 'InvalidAttributeName', QueueUrl=url, Attributes={'Colour': 'red'})
    expect_error(client.set_queue_attributes, 'InvalidAttributeValue', QueueUrl=url, Attributes={'DelaySeconds': '901'})
    fifo = expect_error(client.create_queue, 'InvalidAttributeName', QueueName='q.fifo', Attributes={'FifoQueue': 'true'})
    assert 'FIFO' in fifo.response['Error']['Message'], fifo.response
    expect_error(client.create_queue, 'InvalidParameterValue', QueueName='bad name')


@suite.section('sends and receives with the digests SQS computes')
def digests():
    url = new_queue('digests')
    body = 'first line\r\nsecond "line" <&> \t ünïcödé 🚀'
    attributes = {
        'text': {'DataType': 'String', 'StringValue': 'héllo'},
        'count': {'DataType': 'Number', 'StringValue': '42'},
        'raw': {'DataType': 'Binary', 'BinaryValue': b'\x00\x01\xfe\xff'},
        'order.kind': {'DataType': 'String.custom', 'StringValue': 'rush'},
    }
    sent = client.send_message(QueueUrl=url, MessageBody=body, MessageAttributes=attributes)
    assert sent['MD5OfMessageBody'] == md5_hex(body.encode('utf-8')), sent
    assert sent['MD5OfMessageAttributes'] == attributes_md5(attributes), sent
    received = client.receive_message(
        QueueUrl=url, AttributeNames=['All'], MessageAttributeNames=['All'], WaitTimeSeconds=1
    )['Messages']
    assert len(received) == 1, received
    message = received[0]
    assert message['MessageId'] == sent['MessageId']
    assert message['Body'] == body, repr(message['Body'])
    assert message['MD5OfBody'] == sent['MD5OfMessageBody']
    assert message['MessageAttributes'] == attributes, message['MessageAttributes']
    assert message['MD5OfMessageAttributes'] == attributes_md5(attributes)
    assert message['Attributes']['ApproximateReceiveCount'] == '1', message['Attributes']
    assert abs(int(message['Attributes']['SentTimestamp']) / 1000 - time.time()) < 600, message['Attributes']
    client.change_message_visibility(QueueUrl=url, ReceiptHandle=message['ReceiptHandle'], VisibilityTimeout=0)
    prefixed = client.receive_message(QueueUrl=url, MessageAttributeNames=['order.*'])['Messages'][0]
    assert prefixed['MessageAttributes'] == {'order.kind': attributes['order.kind']}, prefixed
    assert prefixed['MD5OfMessageAttributes'] == attributes_md5({'order.kind': attributes['order.kind']})
    client.delete_message(QueueUrl=url, ReceiptHandle=prefixed['ReceiptHandle'])
    assert 'Messages' not in client.receive_message(QueueUrl=url)


@suite.section('sends, changes and deletes in batches, failing entries one by one')
def batches():
    url = new_queue('batches')
    sent = client.send_message_batch(
        QueueUrl=url,
        Entries=[
            {'Id': 'a', 'MessageBody': 'one'},
            {'Id': 'b', 'MessageBody': 'two', 'DelaySeconds': 901},
            {'Id': 'c', 'MessageBody': 'three', 'MessageAttributes': {'n': {'DataType': 'Number', 'StringValue': '1'}}},
        ],
    )
    assert [e['Id'] for e in sent['Successful']] == ['a', 'c'], sent
    assert sent['Successful'][1]['MD5OfMessageAttributes'] == attributes_md5(
        {'n': {'DataType': 'Number', 'StringValue': '1'}}
    )
    assert [(e['Id'], e['Code'], e['SenderFault']) for e in sent['Failed']] == [
        ('b', 'InvalidParameterValue', True)
    ], sent
    messages = client.receive_message(QueueUrl=url, MaxNumberOfMessages=10)['Messages']
    assert sorted(m['Body'] for m in messages) == ['one', 'three'], messages
    handles = [m['ReceiptHandle'] for m in messages]
    changed = client.change_message_visibility_batch(
        QueueUrl=url,
        Entries=[{'Id': 'x', 'ReceiptHandle': handles[0], 'VisibilityTimeout': 60}, {'Id': 'y', 'ReceiptHandle': 'no'}],
    )
    assert [e['Id'] for e in changed['Successful']] == ['x'], changed
    assert [(e['Id'], e['Code']) for e in changed['Failed']] == [('y', 'ReceiptHandleIsInvalid')], changed
    deleted = client.delete_message_batch(
        QueueUrl=url, Entries=[{'Id': f'd{i}', 'ReceiptHandle': h} for i, h in enumerate(handles)]
    )
    assert sorted(e['Id'] for e in deleted['Successful']) == ['d0', 'd1'] and not deleted.get('Failed'), deleted
    expect_error(client.send_message_batch, 'AWS.SimpleQueueService.EmptyBatchRequest', QueueUrl=url, Entries=[])
    expect_error(
        client.delete_message_batch,
        'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
        QueueUrl=url,
        Entries=[{'Id': 'same', 'ReceiptHandle': 'h'}, {'Id': 'same', 'ReceiptHandle': 'h'}],
    )
    expect_error(
        client.send_message_batch,
        'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
        QueueUrl=url,
        Entries=[{'Id': f'e{i}', 'MessageBody': 'x'} for i in range(11)],
    )


@suite.section('delivers a message sent during a long poll promptly')
def long_polling():
    url = new_queue('longpoll')
    sender = threading.Timer(0.5, lambda: client.send_message(QueueUrl=url, MessageBody='late'))
    started = time.monotonic()
    sender.start()
    try:
        messages = client.receive_message(QueueUrl=url, WaitTimeSeconds=10).get('Messages', [])
    finally:
        sender.join()
    elapsed = time.monotonic() - started
    assert [m['Body'] for m in messages] == ['late'], messages
    assert elapsed < 5, f'the message took {elapsed:.1f} s to arrive'


@suite.section('re-delivers after the visibility timeout, with a new handle')
def visibility():
    url = new_queue('visibility', VisibilityTimeout='1')
    client.send_message(QueueUrl=url, MessageBody='again')
    first = client.receive_message(QueueUrl=url, AttributeNames=['ApproximateReceiveCount'])['Messages'][0]
    assert first['Attributes'] == {'ApproximateReceiveCount': '1'}, first
    assert 'Messages' not in client.receive_message(QueueUrl=url)
    time.sleep(1.2)
    second = client.receive_message(QueueUrl=url, AttributeNames=['All'], WaitTimeSeconds=2)['Messages'][0]
    assert second['MessageId'] == first['MessageId']
    assert second['Attributes']['ApproximateReceiveCount'] == '2', second
    client.change_message_visibility(QueueUrl=url, ReceiptHandle=second['ReceiptHandle'], VisibilityTimeout=60)
    # The first handle no longer acts on the message: deleting succeeds but leaves it in the queue.
    client.delete_message(QueueUrl=url, ReceiptHandle=first['ReceiptHandle'])
    counts = client.get_queue_attributes(QueueUrl=url, AttributeNames=['ApproximateNumberOfMessagesNotVisible'])
    assert counts['Attributes'] == {'ApproximateNumberOfMessagesNotVisible': '1'}, counts
    client.delete_message(QueueUrl=url, ReceiptHandle=second['ReceiptHandle'])
    counts = client.get_queue_attributes(QueueUrl=url, AttributeNames=['ApproximateNumberOfMessagesNotVisible'])
    assert counts['Attributes'] == {'ApproximateNumberOfMessagesNotVisible': '0'}, counts


@suite.section('answers each bad request with the SQS error code')
def errors():
    missing = f'{ENDPOINT}/{ACCOUNT}/no-such-queue'
    error = expect_error(client.get_queue_url, 'AWS.SimpleQueueService.NonExistentQueue', QueueName='no-such-queue')
    assert isinstance(error, client.exceptions.QueueDoesNotExist), type(error)
    wording = 'The specified queue does not exist' + (' for this wsdl version.' if PROTOCOL == 'query' else '.')
    assert error.response['Error']['Message'] == wording, error.response
    expect_error(client.send_message, 'AWS.SimpleQueueService.NonExistentQueue', QueueUrl=missing, MessageBody='x')
    url = new_queue('errors')
    expect_error(client.receive_message, 'InvalidParameterValue', QueueUrl=url, MaxNumberOfMessages=11)
    expect_error(client.receive_message, 'InvalidParameterValue', QueueUrl=url, WaitTimeSeconds=21)
    expect_error(client.get_queue_attributes, 'InvalidAttributeName', QueueUrl=url, AttributeNames=['Bogus'])
    expect_error(client.send_message, 'InvalidMessageContents', QueueUrl=url, MessageBody='bell \x07')
    expect_error(
        client.send_message,
        'InvalidParameterValue',
        QueueUrl=url,
        MessageBody='x',
        MessageAttributes={'n': {'DataType': 'Number', 'StringValue': 'many'}},
    )
    invalid = expect_error(client.delete_message, 'ReceiptHandleIsInvalid', status=404, QueueUrl=url, ReceiptHandle='h')
    assert isinstance(invalid, client.exceptions.ReceiptHandleIsInvalid), type(invalid)


@suite.section('purges a queue')
def purge():
    url = new_queue('purge')
    client.send_message_batch(QueueUrl=url, Entries=[{'Id': str(i), 'MessageBody': str(i)} for i in range(3)])
    client.purge_queue(QueueUrl=url)
    counts = client.get_queue_attributes(QueueUrl=url, AttributeNames=['ApproximateNumberOfMessages'])
    assert counts['Attributes'] == {'ApproximateNumberOfMessages': '0'}, counts


if __name__ == '__main__':
    suite.run()
