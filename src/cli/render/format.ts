/** Small formatters the client commands share: durations, times, statuses and aligned tables. */
import type { Style } from './terminal.js';
import { padVisible, visibleWidth } from './terminal.js';

/**
 * A duration for people: `0.4s`, `9.8s`, `42s`, `3m 04s`, `2h 05m`, `3d 4h`. Tenths below ten seconds, where steps
 * of a local pipeline mostly live; whole units above.
 */
export function formatDuration(ms: number): string {
  const safe = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  if (safe < 10_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)}s`;
  const seconds = Math.floor(safe / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** The time between `start` and `end` (or `now` while it runs), or undefined without a start. */
export function durationBetween(start: Date | undefined, end: Date | undefined, now: number): number | undefined {
  if (start === undefined) return undefined;
  return (end?.getTime() ?? now) - start.getTime();
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** A local date and time, `2026-05-01 14:03:22`. */
export function formatTimestamp(date: Date): string {
  const day = `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
  return `${day} ${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

/** How long ago `date` was: `just now`, `12s ago`, `5m ago`, `3h ago`; older than a day, the local date and time. */
export function formatAgo(date: Date | undefined, now: number): string {
  if (date === undefined) return 'never';
  const seconds = Math.floor((now - date.getTime()) / 1000);
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  return formatTimestamp(date).slice(0, 16);
}

/** Execution and step statuses after which nothing changes. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Stopped']);

/** A status word coloured by what it means: green done, red failed, yellow in progress, magenta stopped. */
export function styleStatus(status: string, style: Style): string {
  switch (status) {
    case 'Succeeded':
      return style.green(status);
    case 'Failed':
      return style.red(status);
    case 'Stopped':
      return style.magenta(status);
    case 'Executing':
    case 'Starting':
    case 'Stopping':
      return style.yellow(status);
    default:
      return status;
  }
}

/** A one-character mark for a status, for the live view on a terminal. */
export function statusSymbol(status: string): string {
  switch (status) {
    case 'Succeeded':
      return '✓';
    case 'Failed':
      return '✗';
    case 'Stopped':
      return '■';
    default:
      return '●';
  }
}

/**
 * Rows aligned in columns (widths measured without escape sequences), two spaces apart, trailing blanks trimmed.
 * Each line starts with `indent`.
 */
export function formatTable(rows: readonly (readonly string[])[], indent = ''): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, visibleWidth(cell));
    });
  }
  return rows.map((row) => {
    const cells = row.map((cell, i) => (i === row.length - 1 ? cell : padVisible(cell, widths[i] ?? 0)));
    return (indent + cells.join('  ')).trimEnd();
  });
}

/** The id at the end of an execution ARN (`…/execution/abc123def456` → `abc123def456`). */
export function executionId(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The pipeline name inside an execution ARN (`…:pipeline/demo/execution/…` → `demo`). */
export function pipelineNameOf(arn: string): string {
  const match = /:pipeline\/([^/]+)/.exec(arn);
  return match?.[1] ?? arn;
}
