/**
 * Turning definition text into a JSON value with errors a user can act on. `JSON.parse` does the work; when it
 * fails a small scanner finds where and why, because V8's messages sometimes lack a position and sometimes embed
 * the whole input text.
 */
import type { JsonValue } from '../../shared/json.js';

/** Deepest nesting accepted; Jackson (which the service uses to read definitions) defaults to 1000 as well. */
export const MAX_JSON_DEPTH = 1000;

/** Parsed value, or a sentence saying what is wrong and where (line and column are 1-based). */
export type JsonTextResult =
  { readonly ok: true; readonly value: JsonValue } | { readonly ok: false; readonly error: string };

/** Parses `text` as JSON. */
export function parseJsonText(text: string): JsonTextResult {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch (cause) {
    const located = findSyntaxError(text);
    if (located !== undefined)
      return { ok: false, error: `${located.reason} at ${lineAndColumn(text, located.offset)}.` };
    const reason = cause instanceof Error ? cause.message : String(cause);
    return { ok: false, error: reason.length > 200 ? `${reason.slice(0, 200)}…` : reason };
  }
  if (nestingDepth(value) > MAX_JSON_DEPTH) {
    return { ok: false, error: `JSON values are nested more than ${MAX_JSON_DEPTH} levels deep.` };
  }
  return { ok: true, value };
}

/** `line L, column C` of `offset`. */
export function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** Depth of the deepest array/object, computed without recursion. */
function nestingDepth(root: JsonValue): number {
  let max = 0;
  const stack: Array<[JsonValue, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [JsonValue, number];
    if (value === null || typeof value !== 'object') continue;
    max = Math.max(max, depth + 1);
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
  }
  return max;
}

interface SyntaxErrorLocation {
  readonly offset: number;
  readonly reason: string;
}

type ScanMode = 'value' | 'key' | 'after';

/** Scans `text` (without recursion) and reports the first syntax error, or undefined if there is none. */
export function findSyntaxError(text: string): SyntaxErrorLocation | undefined {
  const scanner = new JsonScanner(text);
  try {
    scanner.scan();
    return undefined;
  } catch (error) {
    if (error instanceof ScanError) return { offset: error.offset, reason: error.message };
    throw error;
  }
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z0-9_.+-]+/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

class JsonScanner {
  private pos = 0;
  private readonly stack: Array<'{' | '['> = [];

  constructor(private readonly text: string) {}

  scan(): void {
    let mode: ScanMode = 'value';
    for (;;) {
      this.skipWhitespace();
      if (mode === 'value') mode = this.scanValue();
      else if (mode === 'key') mode = this.scanKey();
      else if (this.stack.length === 0) {
        if (this.pos < this.text.length) this.fail('Unexpected content after the end of the JSON document');
        return;
      } else mode = this.scanAfterValue();
    }
  }

  private scanValue(): ScanMode {
    const ch = this.text[this.pos];
    if (ch === undefined) this.fail('Unexpected end of input, expected a value');
    if (ch === '{' || ch === '[') {
      this.pos++;
      this.skipWhitespace();
      if (this.text[this.pos] === (ch === '{' ? '}' : ']')) {
        this.pos++;
        return 'after';
      }
      this.stack.push(ch);
      return ch === '{' ? 'key' : 'value';
    }
    if (ch === '"') this.scanString();
    else if (!this.scanLiteral()) this.fail(`Expected a value but found ${this.describeToken()}`);
    return 'after';
  }

  private scanKey(): ScanMode {
    if (this.text[this.pos] !== '"')
      this.fail(`Expected a double-quoted property name but found ${this.describeToken()}`);
    this.scanString();
    this.skipWhitespace();
    if (this.text[this.pos] !== ':') this.fail(`Expected ':' after property name but found ${this.describeToken()}`);
    this.pos++;
    return 'value';
  }

  private scanAfterValue(): ScanMode {
    const open = this.stack[this.stack.length - 1];
    const close = open === '{' ? '}' : ']';
    const ch = this.text[this.pos];
    if (ch === ',') {
      this.pos++;
      return open === '{' ? 'key' : 'value';
    }
    if (ch === close) {
      this.pos++;
      this.stack.pop();
      return 'after';
    }
    const what = open === '{' ? 'property value' : 'array element';
    this.fail(`Expected ',' or '${close}' after ${what} but found ${this.describeToken()}`);
  }

  private scanString(): void {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) this.fail('Unterminated string', start);
      if (ch === '"') {
        this.pos++;
        return;
      }
      if (ch === '\\') {
        const next = this.text[this.pos + 1] ?? '';
        if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(this.text.slice(this.pos + 2, this.pos + 6))) this.pos += 6;
        else if (ESCAPES.has(next)) this.pos += 2;
        else this.fail(`Invalid escape '\\${next}' in string`);
      } else if (ch < ' ') {
        this.fail('Unescaped control character (such as a line break) in string');
      } else {
        this.pos++;
      }
    }
  }

  private scanLiteral(): boolean {
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos) && !/[A-Za-z0-9_]/.test(this.text[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return true;
      }
    }
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) return false;
    const end = this.pos + match[0].length;
    if (/[0-9A-Za-z.]/.test(this.text[end] ?? '')) return false;
    this.pos = end;
    return true;
  }

  private describeToken(): string {
    if (this.pos >= this.text.length) return 'the end of input';
    WORD.lastIndex = this.pos;
    const word = WORD.exec(this.text);
    const token = word === null ? (this.text[this.pos] ?? '') : word[0].slice(0, 20);
    return `'${token}'`;
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos] ?? '')) this.pos++;
  }

  private fail(message: string, offset = this.pos): never {
    throw new ScanError(offset, message);
  }
}
