/**
 * SQS error texts, worded as SQS words them (captured by LocalStack's snapshot tests against AWS, and AWS's SQS
 * API reference). Tests import the same functions.
 */
export const sqsMessages = {
  queueDoesNotExist: () => 'The specified queue does not exist.',
  queueNameExists: (attribute: string) =>
    `A queue already exists with the same name and a different value for attribute ${attribute}`,
  invalidQueueName: () => 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
  fifoNotSupported: () =>
    'Sluice does not support FIFO queues yet (attribute FifoQueue, or a queue name ending in .fifo): ' +
    'create a standard queue.',
  invalidAddress: (url: string) => `The address ${url} is not valid for this endpoint.`,
  missingParameter: (name: string) => `The request must contain the parameter ${name}.`,
  unknownAttribute: (name: string) => `Unknown Attribute ${name}.`,
  invalidAttributeValue: (name: string) => `Invalid value for the parameter ${name}.`,
  invalidParameter: (value: unknown, name: string, reason: string) =>
    `Value ${String(value)} for parameter ${name} is invalid. Reason: ${reason}`,
  receiptHandleInvalid: (handle: string) => `The input receipt handle "${handle}" is not a valid receipt handle.`,
  notAvailableForVisibilityChange: () => 'Message does not exist or is not available for visibility timeout change.',
  messageNotInflight: () => 'The message referred to is not in flight.',
  invalidMessageContents: () =>
    'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD ' +
    '| #x10000 to #x10FFFF',
  messageTooLong: (max: number) =>
    `One or more parameters are invalid. Reason: Message must be shorter than ${max} bytes.`,
  invalidForQueueType: () => 'The request includes a parameter that is not valid for this queue type.',
  emptyBatch: (entryName: string) => `There should be at least one ${entryName} in the request.`,
  tooManyEntries: (count: number) => `Maximum number of entries per request are 10. You have sent ${count}.`,
  idsNotDistinct: (id: string) => `Id ${id} repeated.`,
  invalidBatchEntryId: () =>
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. ' +
    'It can be at most 80 letters long.',
  batchTooLong: (max: number, sent: number) =>
    `Batch requests cannot be longer than ${max} bytes. You have sent ${sent} bytes.`,
  tooManyMessageAttributes: (count: number) =>
    `Number of message attributes [${count}] exceeds the allowed maximum [10].`,
  invalidMessageAttributeName: (name: string) =>
    `Message (user) attribute name '${name}' is invalid. Names can contain alphanumeric characters, hyphens, ` +
    `underscores and periods, must not start or end with a period or contain two in a row, must not start with ` +
    `'AWS.' or 'Amazon.', and must be shorter than 256 characters.`,
  missingMessageAttributeType: (name: string) =>
    `The message attribute '${name}' must contain non-empty message attribute type.`,
  invalidMessageAttributeType: (name: string) =>
    `The type of message (user) attribute '${name}' is invalid. You must use only the following supported type ` +
    `prefixes: Binary, Number, String.`,
  missingMessageAttributeValue: (name: string, type: string) =>
    `The message attribute '${name}' must contain non-empty message attribute value for message attribute type ` +
    `'${type}'.`,
  invalidNumberAttribute: (name: string) => `Can't cast the value of message (user) attribute '${name}' to a number.`,
  invalidSystemAttribute: (name: string) =>
    `Message system attribute name '${name}' is invalid. The only supported message system attribute is ` +
    `AWSTraceHeader, of type String.`,
  invalidNextToken: () => 'Invalid NextToken value.',
} as const;
