/**
 * The awsQuery codec with SQS's naming and quirks: form parameters → the JSON-protocol input structure, outputs →
 * the XML botocore 1.29 parses, errors → `<ErrorResponse>` with legacy codes. Expected parameter names are those
 * botocore 1.29's query serializer writes for the same calls.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sqsModel } from '../../../src/api/sqs/model.js';
import type { QueryService } from '../../../src/protocol/aws-query.js';
import {
  decodeQueryInput,
  encodeQueryError,
  encodeQueryResponse,
  invokeQuery,
  readQueryRequest,
} from '../../../src/protocol/aws-query.js';
import { AwsError } from '../../../src/protocol/errors.js';
import type { OperationHandler } from '../../../src/protocol/json-service.js';
import {
  escapeSqsXml,
  SQS_QUERY_NAMING,
  SQS_XML_NAMESPACE,
  sqsJsonErrorHeaders,
  sqsQueryErrorCode,
  sqsQueryErrorMessage,
  sqsQueueUrlFromPath,
} from '../../../src/protocol/sqs-compat.js';
import type { JsonObject } from '../../../src/shared/json.js';
import { QueueDoesNotExist, QueueNameExists, ReceiptHandleIsInvalid } from '../../../src/services/sqs/errors.js';

function decode(operation: string, params: Record<string, string>): JsonObject {
  const input = sqsModel.operations.get(operation)?.input;
  assert.ok(input, operation);
  return decodeQueryInput(input, operation, new Map(Object.entries(params)), SQS_QUERY_NAMING);
}

/** A query service whose every handler answers `answer(input)`. */
function serviceAnswering(answer: (operation: string, input: JsonObject) => object): QueryService {
  const handlers = new Map<string, OperationHandler>(
    [...sqsModel.operations.keys()].map((op) => [op, (input: JsonObject) => answer(op, input)]),
  );
  return {
    json: { targetPrefix: 'AmazonSQS', contentType: 'application/x-amz-json-1.0', model: sqsModel, handlers },
    xmlNamespace: SQS_XML_NAMESPACE,
    naming: SQS_QUERY_NAMING,
    errorCode: sqsQueryErrorCode,
    errorMessage: sqsQueryErrorMessage,
    escapeText: escapeSqsXml,
    impliedParameters: (path, host) => {
      const url = sqsQueueUrlFromPath(path, host);
      return url === undefined ? {} : { QueueUrl: url };
    },
  };
}

const CTX = { requestId: 'req-1', accountId: '000000000000', region: 'us-east-1', host: 'localhost:4599' };

describe('awsQuery request decoding (SQS names)', () => {
  it('reads flattened attribute and tag maps of CreateQueue', () => {
    const input = decode('CreateQueue', {
      QueueName: 'q',
      'Attribute.1.Name': 'VisibilityTimeout',
      'Attribute.1.Value': '5',
      'Attribute.2.Name': 'DelaySeconds',
      'Attribute.2.Value': '1',
      'Tag.1.Key': 'team',
      'Tag.1.Value': 'ml',
    });
    assert.deepEqual(input, {
      QueueName: 'q',
      Attributes: { VisibilityTimeout: '5', DelaySeconds: '1' },
      tags: { team: 'ml' },
    });
  });

  it('reads flattened name lists and integers of ReceiveMessage', () => {
    const input = decode('ReceiveMessage', {
      QueueUrl: 'u',
      'AttributeName.1': 'All',
      'MessageSystemAttributeName.1': 'SentTimestamp',
      'MessageAttributeName.1': 'All',
      'MessageAttributeName.2': 'x.*',
      MaxNumberOfMessages: '3',
      WaitTimeSeconds: '0',
    });
    assert.deepEqual(input, {
      QueueUrl: 'u',
      AttributeNames: ['All'],
      MessageSystemAttributeNames: ['SentTimestamp'],
      MessageAttributeNames: ['All', 'x.*'],
      MaxNumberOfMessages: 3,
      WaitTimeSeconds: 0,
    });
  });

  it('reads message attributes with string, binary and list values', () => {
    const input = decode('SendMessage', {
      QueueUrl: 'u',
      MessageBody: 'b',
      'MessageAttribute.1.Name': 'a.b',
      'MessageAttribute.1.Value.DataType': 'String',
      'MessageAttribute.1.Value.StringValue': 'x',
      'MessageAttribute.2.Name': 'bin',
      'MessageAttribute.2.Value.DataType': 'Binary',
      'MessageAttribute.2.Value.BinaryValue': 'AQ==',
      'MessageAttribute.3.Name': 'l',
      'MessageAttribute.3.Value.DataType': 'String',
      'MessageAttribute.3.Value.StringListValue.1': 'a',
      'MessageAttribute.3.Value.StringListValue.2': 'b',
      'MessageSystemAttribute.1.Name': 'AWSTraceHeader',
      'MessageSystemAttribute.1.Value.DataType': 'String',
      'MessageSystemAttribute.1.Value.StringValue': 't',
    });
    assert.deepEqual(input, {
      QueueUrl: 'u',
      MessageBody: 'b',
      MessageAttributes: {
        'a.b': { DataType: 'String', StringValue: 'x' },
        bin: { DataType: 'Binary', BinaryValue: 'AQ==' },
        l: { DataType: 'String', StringListValues: ['a', 'b'] },
      },
      MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 't' } },
    });
  });

  it('names batch entries after the operation', () => {
    assert.deepEqual(
      decode('SendMessageBatch', {
        QueueUrl: 'u',
        'SendMessageBatchRequestEntry.1.Id': '1',
        'SendMessageBatchRequestEntry.1.MessageBody': 'b',
        'SendMessageBatchRequestEntry.1.MessageAttribute.1.Name': 'n',
        'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType': 'Number',
        'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue': '1',
        'SendMessageBatchRequestEntry.2.Id': '2',
        'SendMessageBatchRequestEntry.2.MessageBody': 'c',
        'SendMessageBatchRequestEntry.2.DelaySeconds': '4',
      }),
      {
        QueueUrl: 'u',
        Entries: [
          { Id: '1', MessageBody: 'b', MessageAttributes: { n: { DataType: 'Number', StringValue: '1' } } },
          { Id: '2', MessageBody: 'c', DelaySeconds: 4 },
        ],
      },
    );
    assert.deepEqual(
      decode('ChangeMessageVisibilityBatch', {
        QueueUrl: 'u',
        'ChangeMessageVisibilityBatchRequestEntry.1.Id': 'a',
        'ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle': 'r',
        'ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout': '3',
      }),
      { QueueUrl: 'u', Entries: [{ Id: 'a', ReceiptHandle: 'r', VisibilityTimeout: 3 }] },
    );
    assert.deepEqual(decode('UntagQueue', { QueueUrl: 'u', 'TagKey.1': 'k' }), { QueueUrl: 'u', TagKeys: ['k'] });
  });

  it('stops a list at the first missing index and ignores unknown parameters', () => {
    assert.deepEqual(
      decode('GetQueueAttributes', { QueueUrl: 'u', 'AttributeName.1': 'A', 'AttributeName.3': 'C', Foo: 'x' }),
      { QueueUrl: 'u', AttributeNames: ['A'] },
    );
  });

  it('reads an empty list the way botocore sends it (the member name with no value)', () => {
    assert.deepEqual(decode('SendMessageBatch', { QueueUrl: 'u', Entries: '' }), { QueueUrl: 'u', Entries: [] });
  });

  it('refuses a number that does not parse with InvalidParameterValue', () => {
    assert.throws(
      () => decode('ReceiveMessage', { QueueUrl: 'u', MaxNumberOfMessages: 'ten' }),
      (error: unknown) =>
        error instanceof AwsError &&
        error.code === 'InvalidParameterValue' &&
        /Value ten for parameter MaxNumberOfMessages is invalid/.test(error.message),
    );
  });

  it('merges the URL query string and the form body, the body winning', () => {
    const request = readQueryRequest(
      '/000000000000/q?Action=ListQueues&QueueNamePrefix=a',
      Buffer.from('Action=GetQueueUrl&QueueName=x%20y'),
    );
    assert.equal(request.path, '/000000000000/q');
    assert.equal(request.params.get('Action'), 'GetQueueUrl');
    assert.equal(request.params.get('QueueNamePrefix'), 'a');
    assert.equal(request.params.get('QueueName'), 'x y');
  });
});

describe('awsQuery invocation', () => {
  it('takes the QueueUrl from a queue-URL path unless the request names one', async () => {
    const seen: JsonObject[] = [];
    const service = serviceAnswering((_op, input) => {
      seen.push(input);
      return {};
    });
    const params = (extra: Record<string, string>) => new Map(Object.entries({ Action: 'PurgeQueue', ...extra }));
    await invokeQuery(service, { path: '/000000000000/jobs', params: params({}) }, CTX);
    await invokeQuery(service, { path: '/000000000000/jobs', params: params({ QueueUrl: 'http://h/1/x' }) }, CTX);
    assert.deepEqual(seen, [{ QueueUrl: 'http://localhost:4599/000000000000/jobs' }, { QueueUrl: 'http://h/1/x' }]);
  });

  it('answers an operation without output with no Result element', async () => {
    const answer = await invokeQuery(
      serviceAnswering(() => ({})),
      {
        path: '/',
        params: new Map([
          ['Action', 'DeleteQueue'],
          ['QueueUrl', 'u'],
        ]),
      },
      CTX,
    );
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'text/xml');
    assert.equal(
      answer.body,
      `<?xml version="1.0"?><DeleteQueueResponse xmlns="${SQS_XML_NAMESPACE}"><ResponseMetadata>` +
        '<RequestId>req-1</RequestId></ResponseMetadata></DeleteQueueResponse>',
    );
  });

  it('refuses a missing or unknown Action', async () => {
    const service = serviceAnswering(() => ({}));
    await assert.rejects(invokeQuery(service, { path: '/', params: new Map() }, CTX), { code: 'MissingAction' });
    await assert.rejects(invokeQuery(service, { path: '/', params: new Map([['Action', 'Frobnicate']]) }, CTX), {
      code: 'InvalidAction',
      message: 'The action Frobnicate is not valid for this endpoint.',
    });
  });
});

describe('awsQuery response encoding (SQS shapes)', () => {
  const service = serviceAnswering(() => ({}));
  const body = (operation: string, output: object): string =>
    String(encodeQueryResponse(service, operation, true, output, 'r').body);

  it('flattens list members under their item names', () => {
    assert.match(
      body('ListQueues', { QueueUrls: ['http://a/1/x', 'http://a/1/y'], NextToken: 't' }),
      /<ListQueuesResult><QueueUrl>http:\/\/a\/1\/x<\/QueueUrl><QueueUrl>http:\/\/a\/1\/y<\/QueueUrl><NextToken>t<\/NextToken><\/ListQueuesResult>/,
    );
    assert.match(
      body('DeleteMessageBatch', {
        Successful: [{ Id: 'a' }],
        Failed: [{ Id: 'b', SenderFault: true, Code: 'C', Message: 'm' }],
      }),
      /<DeleteMessageBatchResultEntry><Id>a<\/Id><\/DeleteMessageBatchResultEntry><BatchResultErrorEntry><Id>b<\/Id><SenderFault>true<\/SenderFault><Code>C<\/Code><Message>m<\/Message><\/BatchResultErrorEntry>/,
    );
  });

  it('writes maps as Name/Value entries, message attributes with nested values', () => {
    const xml = body('ReceiveMessage', {
      Messages: [
        {
          MessageId: 'm',
          Body: 'b',
          Attributes: { ApproximateReceiveCount: '2' },
          MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
        },
      ],
    });
    assert.match(
      xml,
      /<Message><MessageId>m<\/MessageId><Body>b<\/Body><Attribute><Name>ApproximateReceiveCount<\/Name><Value>2<\/Value><\/Attribute><MessageAttribute><Name>k<\/Name><Value><DataType>String<\/DataType><StringValue>v<\/StringValue><\/Value><\/MessageAttribute><\/Message>/,
    );
    assert.match(body('ListQueueTags', { Tags: { a: 'b' } }), /<Tag><Key>a<\/Key><Value>b<\/Value><\/Tag>/);
  });

  it('escapes quotes and carriage returns as SQS does, so XML parsers keep them', () => {
    assert.match(
      body('SendMessage', { MessageId: 'a"b\r\n<&>' }),
      /<MessageId>a&quot;b&#xD;\n&lt;&amp;&gt;<\/MessageId>/,
    );
  });
});

describe('SQS errors on both protocols', () => {
  const service = serviceAnswering(() => ({}));

  it('sends the legacy code and the WSDL wording in a query ErrorResponse', () => {
    const answer = encodeQueryError(service, new QueueDoesNotExist(), 'r');
    assert.equal(answer.status, 400);
    assert.equal(
      answer.body,
      `<?xml version="1.0"?><ErrorResponse xmlns="${SQS_XML_NAMESPACE}"><Error><Type>Sender</Type>` +
        '<Code>AWS.SimpleQueueService.NonExistentQueue</Code>' +
        '<Message>The specified queue does not exist for this wsdl version.</Message><Detail/></Error>' +
        '<RequestId>r</RequestId></ErrorResponse>',
    );
  });

  it('pairs JSON codes with legacy codes in x-amzn-query-error', () => {
    assert.deepEqual(sqsJsonErrorHeaders(new QueueDoesNotExist()), {
      'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender',
    });
    assert.deepEqual(sqsJsonErrorHeaders(new QueueNameExists('DelaySeconds')), {
      'x-amzn-query-error': 'QueueAlreadyExists;Sender',
    });
    const invalid = new ReceiptHandleIsInvalid('x');
    assert.equal(invalid.httpStatus, 404);
    assert.deepEqual(sqsJsonErrorHeaders(invalid), { 'x-amzn-query-error': 'ReceiptHandleIsInvalid;Sender' });
  });

  it('derives the QueueUrl of a request sent to a queue URL', () => {
    assert.equal(sqsQueueUrlFromPath('/000000000000/jobs', 'h:1'), 'http://h:1/000000000000/jobs');
    assert.equal(sqsQueueUrlFromPath('/', 'h:1'), undefined);
    assert.equal(sqsQueueUrlFromPath('/_sluice/health', 'h:1'), undefined);
  });
});
