/**
 * The pure evaluator of expressions (definition-spec §5, §8.2): resolves every `Get`, `Std:Join` and `Std:JsonGet`
 * inside a value when a step starts. Everything it reads comes through the {@link EvaluationContext}; every failure
 * is an {@link EvaluationError} whose message becomes the step's FailureReason.
 */
import type { JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import type { ConditionNode } from '../definition/types.js';
import { evaluateConditionsWith } from './conditions.js';
import type { Expression } from './expression.js';
import { asExpression } from './expression.js';
import type { EvaluationContext, TypedValue } from './property-lookup.js';
import {
  EvaluationError,
  getReference,
  jsonPathSegments,
  requireStep,
  requireStepProperties,
  resolveGet,
} from './property-lookup.js';
import { jsonTypeName, renderForJoin, renderForMessage } from './render.js';
import { walkPath } from './walk-path.js';

export { convertOutput, EvaluationError, executionVariableValue } from './property-lookup.js';
export type { EvaluationContext, ExecutionVariables, TypedValue } from './property-lookup.js';
export { formatDateTime, renderForJoin } from './render.js';
export type { NumberKind } from './render.js';

/**
 * Resolves every expression inside `value`, at any depth in objects and lists. Literals are returned as they are
 * (`null` kept); objects and lists are copied, so the result never aliases the definition.
 */
export function evaluateValue(value: JsonValue, ctx: EvaluationContext): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, ctx));
  const expression = asExpression(value);
  if (expression !== undefined) return evaluateExpression(expression, ctx).value;
  // fromEntries defines own properties, so a `__proto__` key stays data instead of replacing the prototype.
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, evaluateValue(member, ctx)]));
}

/**
 * Evaluates a Condition step's conditions (spec §6): a conjunction, an empty list is true. Typing rules are in
 * conditions.ts. A type mismatch or an unresolvable operand throws {@link EvaluationError}.
 */
export function evaluateConditions(conditions: readonly ConditionNode[], ctx: EvaluationContext): boolean {
  return evaluateConditionsWith(conditions, (operand) => evaluateValue(operand, ctx));
}

/**
 * Like {@link evaluateValue}, and also reports whether a number comes from a Float- or Integer-typed source (a
 * parameter or output parameter), so callers can render it as `Std:Join` does ({@link renderForJoin}).
 */
export function evaluateTypedValue(value: JsonValue, ctx: EvaluationContext): TypedValue {
  const expression = asExpression(value);
  return expression === undefined ? { value: evaluateValue(value, ctx) } : evaluateExpression(expression, ctx);
}

function evaluateExpression(expression: Expression, ctx: EvaluationContext): TypedValue {
  switch (expression.kind) {
    case 'get':
      return resolveGet(expression.path, ctx);
    case 'join':
      return { value: evaluateJoin(expression.on, expression.values, ctx) };
    case 'jsonGet':
      return { value: evaluateJsonGet(expression.body, ctx) };
  }
}

/**
 * `Std:Join` (spec §5.2): each value rendered by {@link renderForJoin}, joined with `On` (missing → `""`). Float-ness
 * is read off each value's source here, not carried on every number: only a `Get` of a typed source knows it.
 */
function evaluateJoin(on: JsonValue | undefined, values: JsonValue, ctx: EvaluationContext): string {
  const separator = on === undefined ? '' : typeof on === 'string' ? on : renderForJoin(evaluateValue(on, ctx));
  if (!Array.isArray(values)) {
    throw new EvaluationError(
      `Std:Join Values must be a list, not a ${jsonTypeName(values)} [${renderForMessage(values)}].`,
    );
  }
  return values
    .map((item) => {
      const typed = evaluateTypedValue(item, ctx);
      return renderForJoin(typed.value, typed.kind);
    })
    .join(separator);
}

/** A JSON document read by `Std:JsonGet` and how messages name it. */
interface JsonSource {
  readonly content: JsonValue;
  readonly label: string;
}

/** `Std:JsonGet` (spec §5.3, §5.4): the JSON value found at `Path`, of whatever JSON type it has. */
function evaluateJsonGet(body: JsonValue, ctx: EvaluationContext): JsonValue {
  if (!isJsonObject(body)) {
    throw new EvaluationError('Std:JsonGet must be an object with Path and either PropertyFile or S3Uri.');
  }
  const path = body['Path'];
  if (typeof path !== 'string')
    throw new EvaluationError('Std:JsonGet needs Path: a string such as "metrics.mse.value".');
  const segments = jsonPathSegments(path);
  const propertyFile = body['PropertyFile'];
  const source = propertyFile !== undefined ? readPropertyFile(propertyFile, ctx) : readS3Json(body['S3Uri'], ctx);
  const walked = walkPath(source.content, segments, { rootLabel: 'the file', listByName: false });
  if (!walked.found)
    throw new EvaluationError(`Std:JsonGet path '${path}' is undefined in ${source.label}: ${walked.reason}.`);
  return walked.value;
}

const PROPERTY_FILE_SHAPE = 'Std:JsonGet PropertyFile must be {"Get": "Steps.<ProcessingStep>.PropertyFiles.<Name>"}';

function readPropertyFile(reference: JsonValue, ctx: EvaluationContext): JsonSource {
  const expression = asExpression(reference);
  if (expression?.kind !== 'get') throw new EvaluationError(`${PROPERTY_FILE_SHAPE}.`);
  const target = getReference(expression.path);
  const [first, second] = target.kind === 'step' ? target.path : [];
  if (
    target.kind !== 'step' ||
    target.path.length !== 2 ||
    first?.kind !== 'member' ||
    first.name !== 'PropertyFiles' ||
    second === undefined ||
    second.kind === 'index'
  ) {
    throw new EvaluationError(`${PROPERTY_FILE_SHAPE}, not '${expression.path}'.`);
  }
  const step = target.step;
  const fileName = second.kind === 'member' ? second.name : second.key;
  const declaration = requireStep(step, expression.path, ctx).propertyFiles.find((file) => file.name === fileName);
  // The SDK's wording for an undeclared property file (spec §5.3).
  if (declaration === undefined)
    throw new EvaluationError(`Property file reference '${fileName}' is undefined in step '${step}'.`);
  requireStepProperties(step, expression.path, ctx);
  const content = ctx.propertyFile(step, fileName);
  if (content === undefined) {
    throw new EvaluationError(
      `Property file '${fileName}' of step '${step}' is absent: the step wrote no JSON file '${declaration.filePath}' to its output '${declaration.outputName}'.`,
    );
  }
  return { content, label: `property file '${fileName}' of step '${step}'` };
}

function readS3Json(s3UriValue: JsonValue | undefined, ctx: EvaluationContext): JsonSource {
  if (s3UriValue === undefined) throw new EvaluationError('Std:JsonGet needs either PropertyFile or S3Uri.');
  const uri = evaluateValue(s3UriValue, ctx);
  if (typeof uri !== 'string') {
    throw new EvaluationError(
      `Std:JsonGet S3Uri must resolve to a string, not a ${jsonTypeName(uri)} [${renderForMessage(uri)}].`,
    );
  }
  const text = ctx.readObject(uri);
  if (text === undefined) throw new EvaluationError(`Std:JsonGet cannot read ${uri}: the object does not exist.`);
  try {
    return { content: JSON.parse(text) as JsonValue, label: `file ${uri}` };
  } catch (cause) {
    // The local executor's wording (spec §5.3).
    throw new EvaluationError(`Contents of file ${uri} are not in valid JSON format.`, { cause });
  }
}
