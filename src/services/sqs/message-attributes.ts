/**
 * Message bodies and message attributes: the checks SQS makes on SendMessage, the MD5 digests SDKs verify, and the
 * selection ReceiveMessage makes (AWS SQS developer guide, "Amazon SQS message attributes" and "Calculating the MD5
 * message digest for message attributes").
 */
import { createHash } from 'node:crypto';
import { InvalidMessageContents, InvalidParameterValue } from './errors.js';
import { sqsMessages } from './messages.js';
import type { MessageAttributeValue } from './wire.js';

/** A message attribute as stored and returned: a string (String, Number types) or base64 bytes (Binary types). */
export type StoredAttribute = { DataType: string; StringValue: string } | { DataType: string; BinaryValue: string };

/** Message attributes by name. */
export type StoredAttributes = Record<string, StoredAttribute>;

/** At most this many message attributes per message. */
const MAX_MESSAGE_ATTRIBUTES = 10;

// The characters SQS accepts in bodies and string attribute values (XML 1.0's Char production).
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,255}$/;
const RESERVED_NAME_PREFIX = /^(aws\.|amazon\.)/i;
const DATA_TYPE = /^(String|Number|Binary)(\.[^\s]+)?$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The hex MD5 of a message body, as MD5OfMessageBody / MD5OfBody report it. */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

/** Refuses a body with characters SQS does not accept. */
export function checkMessageContents(body: string): void {
  if (INVALID_CHARACTER.test(body)) throw new InvalidMessageContents();
}

/**
 * Checks message (user) attributes and returns them in stored form (list values, which SQS reserves for future
 * use, are dropped).
 *
 * @throws InvalidParameterValue worded as SQS words each problem.
 */
export function checkMessageAttributes(given: Readonly<Record<string, MessageAttributeValue>>): StoredAttributes {
  const names = Object.keys(given);
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    throw new InvalidParameterValue(sqsMessages.tooManyMessageAttributes(names.length));
  }
  const out: StoredAttributes = {};
  for (const name of names) {
    if (
      !ATTRIBUTE_NAME.test(name) ||
      RESERVED_NAME_PREFIX.test(name) ||
      name.startsWith('.') ||
      name.endsWith('.') ||
      name.includes('..')
    ) {
      throw new InvalidParameterValue(sqsMessages.invalidMessageAttributeName(name));
    }
    out[name] = checkAttributeValue(name, given[name] ?? {});
  }
  return out;
}

function checkAttributeValue(name: string, value: MessageAttributeValue): StoredAttribute {
  const type = value.DataType;
  if (type === undefined || type === '') {
    throw new InvalidParameterValue(sqsMessages.missingMessageAttributeType(name));
  }
  if (!DATA_TYPE.test(type) || type.length > 256) {
    throw new InvalidParameterValue(sqsMessages.invalidMessageAttributeType(name));
  }
  if (type.startsWith('Binary')) {
    if (value.BinaryValue === undefined || value.BinaryValue === '') {
      throw new InvalidParameterValue(sqsMessages.missingMessageAttributeValue(name, type));
    }
    return { DataType: type, BinaryValue: Buffer.from(value.BinaryValue, 'base64').toString('base64') };
  }
  const text = value.StringValue;
  if (text === undefined || text === '') {
    throw new InvalidParameterValue(sqsMessages.missingMessageAttributeValue(name, type));
  }
  if (INVALID_CHARACTER.test(text)) throw new InvalidParameterValue(sqsMessages.invalidMessageContents());
  if (type.startsWith('Number') && !NUMBER.test(text)) {
    throw new InvalidParameterValue(sqsMessages.invalidNumberAttribute(name));
  }
  return { DataType: type, StringValue: text };
}

/**
 * Checks message system attributes: SQS accepts only `AWSTraceHeader`, of type String.
 *
 * @throws InvalidParameterValue otherwise.
 */
export function checkSystemAttributes(given: Readonly<Record<string, MessageAttributeValue>>): StoredAttributes {
  const out: StoredAttributes = {};
  for (const [name, value] of Object.entries(given)) {
    if (name !== 'AWSTraceHeader' || value.DataType !== 'String' || !value.StringValue) {
      throw new InvalidParameterValue(sqsMessages.invalidSystemAttribute(name));
    }
    out[name] = { DataType: 'String', StringValue: value.StringValue };
  }
  return out;
}

/** Bytes a message counts against MaximumMessageSize: its body plus each attribute's name, type and value. */
export function messageSize(body: string, attributes: StoredAttributes): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType, 'utf8');
    size +=
      'StringValue' in value
        ? Buffer.byteLength(value.StringValue, 'utf8')
        : Buffer.byteLength(value.BinaryValue, 'base64');
  }
  return size;
}

/**
 * The MD5 SDKs verify over message attributes: for each attribute in name order, the name, the data type and the
 * value, each as a 4-byte big-endian length followed by its (UTF-8) bytes, with a 1-byte transport type (1 string,
 * 2 binary) before the value. Undefined when there are no attributes.
 */
export function md5OfMessageAttributes(attributes: StoredAttributes): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  const lengthPrefixed = (bytes: Buffer): void => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of names) {
    const value = attributes[name];
    if (value === undefined) continue;
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(value.DataType, 'utf8'));
    if ('StringValue' in value) {
      hash.update(Buffer.of(1));
      lengthPrefixed(Buffer.from(value.StringValue, 'utf8'));
    } else {
      hash.update(Buffer.of(2));
      lengthPrefixed(Buffer.from(value.BinaryValue, 'base64'));
    }
  }
  return hash.digest('hex');
}

/**
 * The attributes ReceiveMessage returns for `requested` MessageAttributeNames: `All` or `.*` for every one, a name
 * ending in `.*` for those starting with what precedes the `*`, any other for itself.
 */
export function selectMessageAttributes(attributes: StoredAttributes, requested: readonly string[]): StoredAttributes {
  if (requested.length === 0) return {};
  const all = requested.some((r) => r === 'All' || r === '.*');
  const out: StoredAttributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    const wanted = all || requested.some((r) => (r.endsWith('.*') ? name.startsWith(r.slice(0, -1)) : name === r));
    if (wanted) out[name] = value;
  }
  return out;
}
