/**
 * String forms of resolved values: the text `Std:Join` produces for each of its values (definition-spec §5.2), the
 * format of the datetime execution variables (§5.1.1), and the short renderings used in evaluation messages.
 */
import type { JsonValue } from '../../shared/json.js';

/**
 * What a number is known to be, from the declared type of its source (a Float/Integer parameter or output
 * parameter). JSON alone cannot tell `6.0` from `6`, so the declaration is the only reliable signal.
 */
export type NumberKind = 'integer' | 'float';

/**
 * Python prints floats in exponent form from 1e16 upwards (`str(1e16)` = `'1e+16'`); below that an integral float
 * gets a `.0` suffix. JS `String()` already uses exponent form from 1e21, so we only add `.0` under this bound.
 */
const PLAIN_FLOAT_LIMIT = 1e16;

/**
 * Renders one resolved value as `Std:Join` concatenates it (spec §5.2, §14 question 2 — our decisions):
 * - strings as-is;
 * - booleans `true`/`false`, lower case: the service renders a Condition `Outcome` that way in a Fail message
 *   (api-spec §6.2, SDK integ `test_pipeline_var_behaviors.py`), unlike the local executor's Python `True`;
 * - numbers of `kind` `'float'` with a decimal point (`6.0`, `0.5`), as the service (Java) and Python print floats;
 *   other numbers with JS `String()` (integers as digits, `0.5` stays `0.5`). A number read from JSON (a literal,
 *   `Std:JsonGet`, step properties) has lost its `.0`, so an integral one renders as digits;
 * - `null` as `null`: what Java's `String.valueOf(null)` prints, rather than Python's `None`;
 * - lists and objects as compact JSON text.
 */
export function renderForJoin(value: JsonValue, kind?: NumberKind): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return kind === 'float' ? renderFloat(value) : String(value);
  if (value === null) return 'null';
  return JSON.stringify(value);
}

function renderFloat(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < PLAIN_FLOAT_LIMIT ? `${String(value)}.0` : String(value);
}

/** The JSON type of a value, as evaluation messages name it. */
export type JsonTypeName = 'string' | 'number' | 'boolean' | 'null' | 'list' | 'object';

/** Names the JSON type of `value` for messages and type checks. */
export function jsonTypeName(value: JsonValue): JsonTypeName {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'object';
}

/** Longest rendering of a value quoted in a message; longer texts are cut with an ellipsis. */
const MESSAGE_VALUE_LIMIT = 200;

/** Renders a value for an error message (as Join would, shortened). */
export function renderForMessage(value: JsonValue): string {
  const text = renderForJoin(value);
  return text.length > MESSAGE_VALUE_LIMIT ? `${text.slice(0, MESSAGE_VALUE_LIMIT)}…` : text;
}

const MS_PER_DAY = 86_400_000;

/**
 * Formats epoch milliseconds as ISO-8601 UTC with milliseconds (`2026-01-01T00:00:00.000Z`), the format of
 * `Execution.StartDateTime` and `Execution.CurrentDateTime`. Decision for spec §5.1.1 / §14 question 2 (the
 * service's format is undocumented): the SDK compares `StartDateTime` with the string `"2020-12-01"`, and this
 * format orders lexicographically as it does in time, so string comparisons in conditions work. It is what
 * `Date.prototype.toISOString` prints; computed by hand because the engine may not use `Date`.
 */
export function formatDateTime(ms: number): string {
  const whole = Math.floor(ms);
  const days = Math.floor(whole / MS_PER_DAY);
  let rest = whole - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const yearText = year >= 0 && year <= 9999 ? pad(year, 4) : (year < 0 ? '-' : '+') + pad(Math.abs(year), 6);
  return `${yearText}-${pad(month, 2)}-${pad(day, 2)}T${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}Z`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Days since 1970-01-01 → proleptic Gregorian date (Howard Hinnant's `civil_from_days`). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}
