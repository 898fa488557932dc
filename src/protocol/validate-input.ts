/**
 * Checks a decoded request against the service model, the way AWS's request framework does, because clients do
 * not: botocore checks only required members and minimums, the JS SDK nothing (API spec §1.5).
 *
 * - A member of the wrong JSON type → `SerializationException` naming the wire path (deserialisation fails before
 *   validation runs, so this wins over any constraint violation).
 * - Constraint violations → one `ValidationException` listing all of them in AWS's words (API spec §1.8), e.g.
 *   `2 validation errors detected: Value 'x' at 'pipelineName' failed to satisfy constraint: …; Value null at
 *   'roleArn' failed to satisfy constraint: Member must not be null`.
 * - Members the model does not know are ignored: newer SDKs send members that older models lack.
 *
 * Valid input is walked without allocating beyond a path stack: messages are built only once something fails.
 */
import { SerializationException, ValidationException } from './errors.js';
import { ConstraintBit } from './shape-model.js';
import type { MapShape, Member, Operation, ServiceModel, Shape, StringShape, StructureShape } from './shape-model.js';

/** Values longer than this are cut in messages and end with '…'. */
const MAX_RENDERED_VALUE = 256;

/**
 * A value longer than its max length skips the pattern check once it exceeds this many characters; the length
 * violation is still reported. This bounds backtracking on hostile input (`pipeline/.*\/execution/.*` is quadratic
 * on a failing value) while keeping AWS's length-and-pattern pair for ordinary over-long values.
 */
const PATTERN_CHECK_LIMIT_OVER_MAX = 1024;

/** Where the walk is: a structure member, a list index (0-based) or a map key. */
type Segment = Member | number | string;

interface Walk {
  errors: string[] | undefined;
  readonly path: Segment[];
}

const NONE: readonly string[] = Object.freeze([]);

/** Whether the model defines `operation` (the caller answers unknown ones itself). */
export function hasOperation(model: ServiceModel, operation: string): boolean {
  return model.operations.has(operation);
}

/** Wire names of the input members the model marks required, idempotency tokens included. */
export function requiredMembers(model: ServiceModel, operation: string): readonly string[] {
  return model.operations.get(operation)?.requiredMembers ?? NONE;
}

/**
 * Wire names of the input members with the `idempotencyToken` trait. SDKs always fill them; a raw HTTP caller may
 * not, so validation does not require them and the caller fills a UUID.
 */
export function idempotencyTokenMembers(model: ServiceModel, operation: string): readonly string[] {
  return model.operations.get(operation)?.idempotencyTokenMembers ?? NONE;
}

/**
 * Validates `input` (the decoded request body) against the input shape of `operation`. Returns normally when it
 * is acceptable or when the operation is unknown (check `hasOperation` first).
 *
 * @throws SerializationException when `input` is not a JSON object or a member has the wrong JSON type.
 * @throws ValidationException listing every constraint violation.
 */
export function validateInput(model: ServiceModel, operation: string, input: unknown): void {
  const op: Operation | undefined = model.operations.get(operation);
  if (op === undefined) return;
  if (!isObject(input)) {
    throw new SerializationException(`The request body must be a JSON object, found ${jsonType(input)}`);
  }
  if (op.input === undefined) return;
  const walk: Walk = { errors: undefined, path: [] };
  checkStructure(op.input, input, walk);
  if (walk.errors !== undefined) {
    const n = walk.errors.length;
    throw new ValidationException(`${n} validation error${n === 1 ? '' : 's'} detected: ${walk.errors.join('; ')}`);
  }
}

/**
 * Reads a timestamp member as epoch seconds: a number, a numeric string, or an ISO-8601 string (UTC unless it
 * carries an offset). Returns undefined for anything else. SDKs send numbers (API spec §1.4); the string forms are
 * accepted for hand-written callers.
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (EPOCH_STRING.test(value)) {
    const seconds = Number(value);
    return Number.isFinite(seconds) ? seconds : undefined; // '1e400'
  }
  const iso = ISO_8601.exec(value);
  if (iso === null) return undefined;
  // Date.parse reads a date-time without an offset as local time; AWS means UTC.
  const ms = Date.parse(iso[2] === undefined && iso[1] !== undefined ? `${value}Z` : value);
  return Number.isNaN(ms) ? undefined : ms / 1000;
}

const EPOCH_STRING = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
// Group 1: the time part; group 2: its offset.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function checkStructure(shape: StructureShape, obj: Record<string, unknown>, walk: Walk): void {
  const { path } = walk;
  for (const member of shape.members) {
    // A member named like an Object.prototype property must not pick up the inherited one.
    const value = member.inherited && !Object.hasOwn(obj, member.name) ? undefined : obj[member.name];
    path.push(member);
    if (value === undefined || value === null) {
      // Idempotency tokens are required in the model but filled by the server when a raw caller omits them.
      if (member.required && !member.idempotencyToken) addError(walk, undefined, null, 'Member must not be null');
    } else {
      const failed = inspect(member.target, value, walk);
      if (failed !== 0) addFailures(walk, member.target, value, failed);
    }
    path.pop();
  }
}

/**
 * Type-checks `value` against `shape` (throwing SerializationException), records violations inside it, and returns
 * the mask of `shape`'s own failed constraints for the caller to record: structure members and list items report
 * them one by one, map keys and values as one aggregate.
 */
function inspect(shape: Shape, value: unknown, walk: Walk): number {
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') throw typeError(walk, 'a string', value);
      return stringFailures(shape, value);
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(walk, 'an integer', value);
      return (value > shape.max ? MAX_VALUE : 0) | (value < shape.min ? MIN_VALUE : 0);
    case 'float':
    case 'double':
      if (typeof value !== 'number') throw typeError(walk, 'a number', value);
      return (value > shape.max ? MAX_VALUE : 0) | (value < shape.min ? MIN_VALUE : 0);
    case 'boolean':
      if (typeof value !== 'boolean') throw typeError(walk, 'a boolean', value);
      return 0;
    case 'timestamp':
      if (parseTimestamp(value) === undefined) {
        throw typeError(walk, 'a timestamp (epoch seconds, or an ISO-8601 string)', value);
      }
      return 0;
    case 'blob': {
      if (typeof value !== 'string') throw typeError(walk, 'a base64-encoded string', value);
      const bytes = base64Length(value);
      return (bytes > shape.maxLength ? MAX_LENGTH : 0) | (bytes < shape.minLength ? MIN_LENGTH : 0);
    }
    case 'document':
      return 0;
    case 'structure':
      if (!isObject(value)) throw typeError(walk, 'an object', value);
      checkStructure(shape, value, walk);
      return 0;
    case 'list': {
      if (!Array.isArray(value)) throw typeError(walk, 'an array', value);
      const n = value.length;
      const failed = (n > shape.maxLength ? MAX_LENGTH : 0) | (n < shape.minLength ? MIN_LENGTH : 0);
      if (failed !== 0) addFailures(walk, shape, value, failed); // the list before its items, as parents go first
      const { path } = walk;
      for (let i = 0; i < n; i++) {
        const item: unknown = value[i];
        path.push(i);
        if (item === undefined || item === null) addError(walk, undefined, null, 'Member must not be null');
        else {
          const itemFailed = inspect(shape.member, item, walk);
          if (itemFailed !== 0) addFailures(walk, shape.member, item, itemFailed);
        }
        path.pop();
      }
      return 0;
    }
    case 'map':
      if (!isObject(value)) throw typeError(walk, 'an object', value);
      checkMap(shape, value, walk);
      return 0;
  }
}

/**
 * AWS reports a map's key and value constraints once per map, listing every constraint of the key (value) shape:
 * `Value '{a=1}' at 'x' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length
 * less than or equal to 255, …]` (as DynamoDB and Lambda answer; dynalite's tests quote them). Violations inside
 * structured values get the path `<map>.<key>.member…`.
 */
function checkMap(shape: MapShape, obj: Record<string, unknown>, walk: Walk): void {
  let count = 0;
  let keysFailed = 0;
  let valuesFailed = 0;
  const { path } = walk;
  for (const key in obj) {
    count++;
    keysFailed |= inspect(shape.key, key, walk);
    const value = obj[key];
    if (value === undefined || value === null) continue;
    path.push(key);
    valuesFailed |= inspect(shape.value, value, walk);
    path.pop();
  }
  const failed = (count > shape.maxLength ? MAX_LENGTH : 0) | (count < shape.minLength ? MIN_LENGTH : 0);
  if (failed !== 0) addFailures(walk, shape, obj, failed);
  if (keysFailed !== 0) addError(walk, shape, obj, `Map keys must satisfy constraint: [${listed(shape.key)}]`);
  if (valuesFailed !== 0) addError(walk, shape, obj, `Map value must satisfy constraint: [${listed(shape.value)}]`);
}

function listed(shape: Shape): string {
  return shape.constraints.map((c) => c.text).join(', ');
}

const { MaxLength: MAX_LENGTH, MinLength: MIN_LENGTH, MaxValue: MAX_VALUE, MinValue: MIN_VALUE } = ConstraintBit;
const { Enum: ENUM, Pattern: PATTERN } = ConstraintBit;

function stringFailures(shape: StringShape, s: string): number {
  const units = s.length;
  let failed = 0;
  // Lengths count code points (Smithy, botocore). UTF-16 length bounds them: points <= units <= 2 * points, so
  // the exact count is needed only near the bounds.
  if (units > shape.maxLength && codePoints(s) > shape.maxLength) failed |= MAX_LENGTH;
  if (units < 2 * shape.minLength && (units < shape.minLength || codePoints(s) < shape.minLength)) {
    failed |= MIN_LENGTH;
  }
  if (shape.enum !== undefined && !shape.enum.has(s)) failed |= ENUM;
  if (
    shape.pattern !== undefined &&
    (units <= shape.maxLength || units <= PATTERN_CHECK_LIMIT_OVER_MAX) &&
    !shape.pattern.test(s)
  ) {
    failed |= PATTERN;
  }
  return failed;
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is a single code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function base64Length(s: string): number {
  const padding = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((s.length * 3) / 4) - padding);
}

function addFailures(walk: Walk, shape: Shape, value: unknown, failed: number): void {
  for (const constraint of shape.constraints) {
    if ((constraint.bit & failed) !== 0) addError(walk, shape, value, constraint.text);
  }
}

function addError(walk: Walk, shape: Shape | undefined, value: unknown, constraint: string): void {
  const error = `${renderValue(shape, value)} at '${awsPath(walk.path)}' failed to satisfy constraint: ${constraint}`;
  (walk.errors ??= []).push(error);
}

/** AWS's path: lowerCamelCase members joined by '.', list items `<n>.member` (1-based), map values `<key>.member`. */
function awsPath(path: readonly Segment[]): string {
  let out = '';
  for (const segment of path) {
    const part =
      typeof segment === 'number'
        ? `${segment + 1}.member`
        : typeof segment === 'string'
          ? `${segment}.member`
          : segment.path;
    out = out === '' ? part : `${out}.${part}`;
  }
  return out;
}

/** The wire path for SerializationException messages: `Tags[0].Key`, `Variables["NAME"]`. */
function wirePath(path: readonly Segment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string') out += `[${JSON.stringify(segment)}]`;
    else out = out === '' ? segment.name : `${out}.${segment.name}`;
  }
  return out;
}

function typeError(walk: Walk, expected: string, value: unknown): SerializationException {
  const found =
    typeof value === 'number' && expected === 'an integer' ? `non-integer number ${value}` : jsonType(value);
  return new SerializationException(`Value of '${wirePath(walk.path)}' must be ${expected}, found ${found}`);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** `Value 'x'`, `Value null`, or `Value` alone for sensitive shapes (AWS leaves their values out). */
function renderValue(shape: Shape | undefined, value: unknown): string {
  if (value === null) return 'Value null';
  if (shape?.sensitive === true) return 'Value';
  const text = typeof value === 'string' ? value : javaString(value);
  return `Value '${truncate(text)}'`;
}

/** Renders lists and objects as AWS's Java framework does (`[a, b]`, `{k=v}`), stopping once past the cut. */
function javaString(value: unknown): string {
  let out = '';
  const visit = (v: unknown): void => {
    if (out.length > MAX_RENDERED_VALUE) return;
    if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length && out.length <= MAX_RENDERED_VALUE; i++) {
        if (i > 0) out += ', ';
        visit(v[i]);
      }
      out += ']';
    } else if (isObject(v)) {
      out += '{';
      let first = true;
      for (const key in v) {
        if (out.length > MAX_RENDERED_VALUE) break;
        out += `${first ? '' : ', '}${key}=`;
        first = false;
        visit(v[key]);
      }
      out += '}';
    } else {
      out += String(v);
    }
  };
  visit(value);
  return out;
}

function truncate(text: string): string {
  if (text.length <= MAX_RENDERED_VALUE) return text;
  let end = MAX_RENDERED_VALUE;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // do not split a surrogate pair
  return `${text.slice(0, end)}…`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
