/**
 * CloudWatch Logs filter patterns, the term subset (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html):
 *
 * - `ERROR` — events containing the term; `ERROR timeout` — containing both (terms are case-sensitive and match
 *   anywhere in the message);
 * - `"Task timed out"` — a quoted phrase, matched as written (`\"` inside stands for a quote);
 * - `?ERROR ?WARN` — containing at least one of the `?` terms;
 * - `ERROR -retry` — containing ERROR but not retry;
 * - an empty pattern (or `""`) matches every event.
 *
 * JSON patterns (`{ $.level = "error" }`), space-delimited patterns (`[ip, user, ...]`) and regular expressions
 * (`%…%`) are refused with InvalidParameterException saying so, rather than matched wrongly.
 */
import { InvalidParameterException } from '../../api/logs/errors.js';

/** A compiled pattern. */
export type EventMatcher = (message: string) => boolean;

const UNSUPPORTED =
  'Sluice supports only term filter patterns: words, "quoted phrases", ?optional and -excluded terms. ' +
  'JSON ({ $.… }), space-delimited ([…]) and regular-expression (%…%) patterns are not supported.';

/** Compiles a filter pattern, or throws InvalidParameterException. */
export function compileFilterPattern(pattern: string): EventMatcher {
  const text = pattern.trim();
  if (text.startsWith('{') || text.startsWith('[') || text.startsWith('%')) {
    throw new InvalidParameterException(`Invalid filter pattern '${pattern}'. ${UNSUPPORTED}`);
  }
  const required: string[] = [];
  const optional: string[] = [];
  const excluded: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    let bucket = required;
    if (text[i] === '?' || text[i] === '-') {
      bucket = text[i] === '?' ? optional : excluded;
      i++;
    }
    let term: string;
    if (text[i] === '"') {
      const read = readQuoted(text, i, pattern);
      term = read.term;
      i = read.end;
    } else {
      const start = i;
      while (i < text.length && !/\s/.test(text[i] as string)) i++;
      term = text.slice(start, i);
    }
    if (term === '') {
      if (bucket !== required)
        throw new InvalidParameterException(`Invalid filter pattern '${pattern}': an empty term.`);
      continue;
    }
    bucket.push(term);
  }
  return (message) =>
    required.every((t) => message.includes(t)) &&
    !excluded.some((t) => message.includes(t)) &&
    (optional.length === 0 || optional.some((t) => message.includes(t)));
}

/** The quoted phrase starting at `text[start]` (a `"`), and the index after its closing quote. */
function readQuoted(text: string, start: number, pattern: string): { term: string; end: number } {
  let term = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      term += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '"') return { term, end: i + 1 };
    term += c;
    i++;
  }
  throw new InvalidParameterException(`Invalid filter pattern '${pattern}': a quoted phrase is not closed.`);
}
