/** Conversions between wire values and stored values shared by the SageMaker handlers. */
import { ValidationException } from '../../protocol/errors.js';

/** Epoch milliseconds → the wire's epoch seconds (fractional milliseconds kept, as AWS sends them). */
export function toEpochSeconds(ms: number): number;
export function toEpochSeconds(ms: number | null | undefined): number | undefined;
export function toEpochSeconds(ms: number | null | undefined): number | undefined {
  return ms === null || ms === undefined ? undefined : ms / 1000;
}

/**
 * A request timestamp → epoch milliseconds. botocore sends integer epoch seconds, the JS SDK fractional
 * seconds, hand-written callers sometimes ISO-8601 text: all are accepted.
 */
export function timestampToMs(value: unknown, member: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Math.round(value * 1000);
  if (typeof value === 'string') {
    if (/^-?\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) return parsed;
  }
  throw new ValidationException(`${member} must be a timestamp (epoch seconds or ISO-8601).`);
}

/** Drops members whose value is undefined or null, so answers omit them as AWS does. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = v;
  return out as T;
}
