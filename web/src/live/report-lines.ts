/**
 * What Lambda's log lines say about its invocations, pure (no imports, so the node tests load it too). Each
 * invocation ends with a `REPORT RequestId: … Duration: …` line; a timeout or a crash is in that line's Status; a
 * handler's error is a line of its own (Node's `Invoke Error`, Python's `[ERROR]`), tied to its invocation by request
 * id or else by stream (a worker's stream holds one invocation at a time, so an error line belongs to the next REPORT
 * of its stream).
 */

/** The members of a FilterLogEvents event read here. */
export interface LogEvent {
  readonly logStreamName?: string;
  readonly timestamp?: number;
  readonly message?: string;
  readonly eventId?: string;
}

export interface Invocation {
  readonly requestId: string;
  readonly stream: string;
  /** When the REPORT line was logged (the invocation's end), epoch ms. */
  readonly timestamp: number;
  readonly durationMs?: number;
  readonly billedMs?: number;
  readonly memorySizeMb?: number;
  readonly maxMemoryUsedMb?: number;
  readonly initMs?: number;
  /** `timeout`, `error` (REPORT Status), or `error` when an error line was found for it. */
  readonly status?: string;
  /** The error type or line, when one is known. */
  readonly error?: string;
}

/** The invocations of REPORT lines, newest first, with what the error lines say about them. */
export function invocationsFrom(reports: readonly LogEvent[], errors: readonly LogEvent[]): Invocation[] {
  const parsed = reports.flatMap((event) => {
    const invocation = parseReport(event);
    return invocation ? [invocation] : [];
  });
  const withErrors = parsed.map((invocation) => {
    if (invocation.status !== undefined) return invocation;
    const error = errorOf(invocation, parsed, errors);
    return error === undefined ? invocation : { ...invocation, status: 'error', error };
  });
  return withErrors.sort((a, b) => b.timestamp - a.timestamp);
}

const number = (text: string | undefined): number | undefined => {
  const value = text === undefined ? Number.NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
};

/** Parses Lambda's REPORT line (tab-separated `Name: value unit` fields); undefined for any other line. */
export function parseReport(event: LogEvent): Invocation | undefined {
  const message = event.message ?? '';
  const match = /^REPORT RequestId: (\S+)/.exec(message);
  if (!match?.[1]) return undefined;
  const fields = new Map<string, string>();
  for (const part of message.split('\t').slice(1)) {
    const colon = part.indexOf(':');
    if (colon > 0) fields.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  const value = (name: string): number | undefined => number(fields.get(name)?.split(' ')[0]);
  const invocation: Invocation = {
    requestId: match[1],
    stream: event.logStreamName ?? '',
    timestamp: event.timestamp ?? 0,
  };
  const status = fields.get('Status');
  const errorType = fields.get('Error Type');
  return {
    ...invocation,
    ...defined('durationMs', value('Duration')),
    ...defined('billedMs', value('Billed Duration')),
    ...defined('memorySizeMb', value('Memory Size')),
    ...defined('maxMemoryUsedMb', value('Max Memory Used')),
    ...defined('initMs', value('Init Duration')),
    ...(status !== undefined && { status }),
    ...(errorType !== undefined ? { error: errorType } : status === 'timeout' && { error: 'Task timed out' }),
  };
}

/** `{ [key]: value }` when the value is there (exactOptionalPropertyTypes: no `undefined` members). */
function defined<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** The error logged by an invocation: a line naming its request id, or else the last error line of its stream since
 * the stream's previous REPORT. */
function errorOf(invocation: Invocation, all: readonly Invocation[], errors: readonly LogEvent[]): string | undefined {
  const named = errors.find((e) => (e.message ?? '').includes(invocation.requestId));
  if (named) return summary(named.message ?? '');
  const previous = all
    .filter((i) => i.stream === invocation.stream && i.timestamp < invocation.timestamp)
    .reduce((latest, i) => Math.max(latest, i.timestamp), Number.NEGATIVE_INFINITY);
  const inStream = errors.filter(
    (e) =>
      e.logStreamName === invocation.stream &&
      (e.timestamp ?? 0) <= invocation.timestamp &&
      (e.timestamp ?? 0) > previous &&
      !/RequestId: |\t[0-9a-f-]{36}\t/.test(e.message ?? ''),
  );
  const last = inStream.at(-1);
  return last ? summary(last.message ?? '') : undefined;
}

/** The error type and message of an error line, short: `ItFailed: no good`. */
function summary(message: string): string {
  const json = /Invoke Error\s*\t(\{.*\})\s*$/.exec(message)?.[1];
  if (json) {
    try {
      const parsed = JSON.parse(json) as { errorType?: unknown; errorMessage?: unknown };
      if (typeof parsed.errorType === 'string') {
        return `${parsed.errorType}: ${typeof parsed.errorMessage === 'string' ? parsed.errorMessage : ''}`;
      }
    } catch {
      // Not the runtime's JSON: the line itself says it.
    }
  }
  const first = message.replace(/^\[ERROR\]\s*/, '').split('\n')[0] ?? '';
  return first.length > 200 ? `${first.slice(0, 199)}…` : first;
}
