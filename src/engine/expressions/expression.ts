import type { JsonObject, JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';

/**
 * The three expression forms of a pipeline definition (definition-spec §5). An expression is an object with
 * exactly one key among `Get`, `Std:Join` and `Std:JsonGet`; anything else is a literal (the service has the
 * same ambiguity for a user map whose only key is `Get`, so we follow it).
 */
export type Expression =
  | { readonly kind: 'get'; readonly path: string }
  | { readonly kind: 'join'; readonly on: JsonValue | undefined; readonly values: JsonValue }
  | { readonly kind: 'jsonGet'; readonly body: JsonValue };

const EXPRESSION_KEYS = new Set(['Get', 'Std:Join', 'Std:JsonGet']);

/** Returns the expression `value` is, or undefined for a literal. Shape errors are left to the validator. */
export function asExpression(value: JsonValue): Expression | undefined {
  if (!isJsonObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0] as string;
  if (!EXPRESSION_KEYS.has(key)) return undefined;
  const body = value[key] as JsonValue;
  if (key === 'Get') return { kind: 'get', path: typeof body === 'string' ? body : JSON.stringify(body) };
  if (key === 'Std:Join') {
    const obj: JsonObject = isJsonObject(body) ? body : {};
    return { kind: 'join', on: obj['On'], values: obj['Values'] ?? null };
  }
  return { kind: 'jsonGet', body };
}
