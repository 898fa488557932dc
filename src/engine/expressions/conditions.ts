/**
 * Evaluation of a Condition step's conditions (definition-spec §6), over operands resolved by a caller-supplied
 * function (`evaluateConditions` in evaluate.ts passes the expression evaluator; keeping it a parameter avoids an
 * import cycle). Typing decisions for spec §14 question 3 (the service's rules are undocumented):
 *
 * - Numbers compare numerically whether integer or float (`3` equals `3.0`; JSON cannot tell them apart anyway).
 *   Unlike the local executor, which follows Python and calls `3` vs `3.0` different types.
 * - Equality is strict across types: a string never equals a number, even a numeric string (`"3"` vs `3`), and a
 *   boolean never equals a number (Python would let `True == 1`). Such a comparison fails the step, as in the local
 *   executor, because it is almost always a definition mistake (e.g. a String parameter compared with a number).
 * - Ordering compares two numbers numerically or two strings lexicographically by UTF-16 code units (as Java's
 *   `String.compareTo`), which orders `Execution.StartDateTime` ISO-8601 texts by time. Anything else fails.
 * - `In` uses equality, but a value of another type simply does not match (no failure).
 * - The conjunction stops at the first false condition and `Or` at the first true one, as the local executor does,
 *   so operands after the deciding one are never resolved and cannot fail the step.
 */
import type { JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import type { ComparisonOperator, ConditionNode } from '../definition/types.js';
import { EvaluationError } from './property-lookup.js';
import { jsonTypeName, renderForMessage } from './render.js';

/** Resolves a condition operand (a literal or an expression) to its value; throws EvaluationError on failure. */
export type OperandResolver = (operand: JsonValue) => JsonValue;

/** True when every condition holds (a conjunction; an empty list is true). */
export function evaluateConditionsWith(conditions: readonly ConditionNode[], resolve: OperandResolver): boolean {
  for (const condition of conditions) {
    if (!evaluateConditionWith(condition, resolve)) return false;
  }
  return true;
}

/** Evaluates one condition, nesting through `Not` and `Or`. */
export function evaluateConditionWith(condition: ConditionNode, resolve: OperandResolver): boolean {
  switch (condition.kind) {
    case 'comparison':
      return compare(condition.operator, resolve(condition.left), resolve(condition.right));
    case 'in': {
      const query = resolve(condition.query);
      return condition.values.some((value) => sameTypeAndEqual(query, resolve(value)));
    }
    case 'not':
      return !evaluateConditionWith(condition.condition, resolve);
    case 'or':
      return condition.conditions.some((member) => evaluateConditionWith(member, resolve));
  }
}

function compare(operator: ComparisonOperator, left: JsonValue, right: JsonValue): boolean {
  if (operator === 'Equals') {
    if (jsonTypeName(left) !== jsonTypeName(right)) {
      // The local executor's wording (spec §6).
      throw new EvaluationError(
        `LeftValue [${renderForMessage(left)}] of type [${jsonTypeName(left)}] and RightValue [${renderForMessage(right)}] of type [${jsonTypeName(right)}] are not of the same type.`,
      );
    }
    return jsonEquals(left, right);
  }
  const order = ordering(left, right);
  if (order === undefined) {
    throw new EvaluationError(
      `Condition of type [${operator}] not supported between [${renderForMessage(left)}] of type [${jsonTypeName(left)}] and [${renderForMessage(right)}] of type [${jsonTypeName(right)}].`,
    );
  }
  switch (operator) {
    case 'GreaterThan':
      return order > 0;
    case 'GreaterThanOrEqualTo':
      return order >= 0;
    case 'LessThan':
      return order < 0;
    case 'LessThanOrEqualTo':
      return order <= 0;
  }
}

/** Sign of `left - right` for two numbers or two strings; undefined when they cannot be ordered. */
function ordering(left: JsonValue, right: JsonValue): number | undefined {
  if (typeof left === 'number' && typeof right === 'number') return Math.sign(left - right);
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  return undefined;
}

function sameTypeAndEqual(a: JsonValue, b: JsonValue): boolean {
  return jsonTypeName(a) === jsonTypeName(b) && jsonEquals(a, b);
}

/** Structural equality of two JSON values (lists by position, objects by key regardless of order). */
function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEquals(item, b[i] as JsonValue));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && jsonEquals(a[key] as JsonValue, b[key] as JsonValue))
    );
  }
  return false;
}
