/**
 * `CacheConfig.ExpireAfter` durations (spec §3). Real definitions use loose ISO-8601: `"PT1H"`, `"P30D"`,
 * `"p30d"`, `"P4DT12H"`, and the Developer Guide lists `"T12H"`, `"30d"`, `"10d"`, `"5y"`, `"T16m"`, `"30dT5h"` as
 * valid. So: case-insensitive, the leading `P` optional, years/months/weeks/days before `T`, hours/minutes/seconds
 * after it, each unit at most once and in that order.
 */

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;
/** Calendar units have no fixed length; a cache lifetime only needs a fixed one. */
const MS_PER_WEEK = 7 * MS_PER_DAY;
const MS_PER_MONTH = 30 * MS_PER_DAY;
const MS_PER_YEAR = 365 * MS_PER_DAY;

const NUMBER = String.raw`(\d+(?:\.\d+)?)`;
const DURATION = new RegExp(
  `^P?(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?` +
    `(?:(T)(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
  'i',
);
/** Group index → milliseconds per unit; group 5 is the `T` marker. */
const UNIT_MS: ReadonlyMap<number, number> = new Map([
  [1, MS_PER_YEAR],
  [2, MS_PER_MONTH],
  [3, MS_PER_WEEK],
  [4, MS_PER_DAY],
  [6, MS_PER_HOUR],
  [7, MS_PER_MINUTE],
  [8, MS_PER_SECOND],
]);

/** A duration in milliseconds, or why the text is not one. */
export type DurationResult = { readonly ms: number } | { readonly error: string };

/** Parses a loose ISO-8601 duration (see the file comment). Months count 30 days and years 365. */
export function parseDuration(text: string): DurationResult {
  const match = DURATION.exec(text.trim());
  if (match !== null) {
    let ms = 0;
    let components = 0;
    let timeComponents = 0;
    for (const [group, unitMs] of UNIT_MS) {
      const value = match[group];
      if (value === undefined) continue;
      ms += Number(value) * unitMs;
      components++;
      if (group > 5) timeComponents++;
    }
    const hasTimeMarker = match[5] !== undefined;
    if (components > 0 && (!hasTimeMarker || timeComponents > 0)) return { ms: Math.round(ms) };
  }
  return { error: durationError(text) };
}

function durationError(text: string): string {
  const base =
    `'${text}' is not a duration. Use ISO-8601 such as 'PT1H', 'P30D' or 'P4DT12H' ` +
    `(the leading 'P' may be omitted; hours, minutes and seconds go after 'T').`;
  const bareTime = /^P?(\d+(?:\.\d+)?)([HS])$/i.exec(text.trim());
  if (bareTime === null) return base;
  return `${base} Did you mean 'PT${bareTime[1] ?? ''}${(bareTime[2] ?? '').toUpperCase()}'?`;
}
